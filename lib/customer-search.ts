import "server-only";
import { and, desc, eq, gte, inArray, lt, max, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { aliasTable, currentDialect, inList, inlineValue, literalCount, selectRows, selectTuples, statementOfShape, textList, type StatementValue } from "@/db/dialect";
import {
  auditLog,
  customerSearchTerms,
  customers,
  searchWordTrigrams,
  staff,
  stores,
} from "@/db/schema";
import { PAIR_MARK, parseQuery, prefixUpperBound, trigramSimilarity, wordTrigrams } from "./search-terms";

export interface CustomerSummary {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  homeStoreName: string | null;
  assignedStaffName: string | null;
  lastActivityAt: Date | null;
}

export const SEARCH_LIMIT = 20;

/** Who is typing: the lookup puts their own clients first, then their store's customers. */
export interface Searcher {
  staffId?: string | null;
  storeId?: string | null;
}

/** Where a match stands for the person typing: their own client, their store's customer, or another store's. */
export type LookupGroup = "own" | "store" | "other";
export const LOOKUP_GROUPS: readonly LookupGroup[] = ["own", "store", "other"];

export interface RankedMatch {
  id: string;
  group: LookupGroup;
  /** How many typed words are whole words of theirs (the rest only begin one). */
  exact: number;
  /** The matching term the group's range scan reached them at. */
  term: string;
}

export type RankedCustomer = CustomerSummary & { group: LookupGroup };

/**
 * Finds customers whose terms start with every typed token, ranked for the
 * person typing (see findRankedMatches), exactly as typed.
 */
export async function findCustomerIds(db: Db, { query, limit = SEARCH_LIMIT, staffId, storeId }: { query: string; limit?: number } & Searcher) {
  const parsed = parseQuery(query);
  if (!parsed) return [];
  return (await summariseRanked(db, await findRankedMatches(db, { tokens: parsed.tokens, limit, staffId, storeId }))).map((c) => c.id);
}

/**
 * The person typing's own clients first, then their store's customers, then
 * everyone else's, at most `limit` in all. Each group is one range scan of
 * its own covering index over the longest token's terms ((assigned_staff_id,
 * term, customer_id), (home_store_id, term, customer_id), then (term,
 * customer_id)), in term order, so a customer with that word whole comes
 * before those it only begins. All groups go in one statement (one round
 * trip), with the summaries of the customers found (findByRangeScans).
 *
 * A customer can hold several terms in the range (a name and an email that
 * begin alike), so the statement keeps each customer at their first term,
 * and a group reads more rows than it needs. A group is
 * only needed while the ones before it hold fewer than `limit` customers,
 * which then are every match they have; so if the distinct customers come
 * short while some group stopped at its row limit, the groups are read again
 * with a larger one (rare: it takes many customers with several terms alike).
 */
export async function findRankedMatches(db: Db, { tokens, limit = SEARCH_LIMIT, staffId, storeId }: { tokens: string[]; limit?: number } & Searcher): Promise<SummarisedMatch[]> {
  if (!tokens.length || limit <= 0) return [];
  // A word typed twice ("ann ann") is one word: a pair needs two.
  const distinct = [...new Set(tokens)];
  if (distinct.length >= 2 && distinct.every(isNameLike)) {
    const named = await findByNamePairs(db, { tokens: distinct, limit, staffId, storeId });
    if (named) return named;
  }
  return findByRangeScans(db, { tokens, limit, staffId, storeId });
}

/** A match with the summary the lookup shows, when the statement that found it read that too. */
export type SummarisedMatch = RankedMatch & { summary?: CustomerSummary };

/**
 * The range scans of findRankedMatches (customerIdQuery), one per group, and
 * the summaries of the customers they find, in one statement: one round trip
 * and one plan, where an email, a phone number or a handle is looked up.
 *
 * Each customer is kept at their first row (group order, then term order)
 * and the first `limit` of them are summarised. `most_rows` is the largest
 * group's row count before that: when one stopped at its row limit and the
 * customers came short, the groups are read again with a larger one.
 */
export async function findByRangeScans(db: Db, { tokens, limit, staffId, storeId }: { tokens: string[]; limit: number } & Searcher): Promise<SummarisedMatch[]> {
  const others = Math.max(0, tokens.length - 1);
  for (let rowsPerGroup = limit * 3; ; rowsPerGroup *= 4) {
    const shape = `lookup:${others}:${staffId ? "own" : ""}:${storeId ? "store" : ""}:${rowsPerGroup}:${limit}`;
    const query = statementOfShape(shape, (value) => {
      const found = groupScans({ staffId, storeId }, (scope) => rangeScan(value, tokens, rowsPerGroup, scope));
      return sql`select top.grp, top.term, top.exact, top.most_rows, ${customers.id}, ${customers.firstName}, ${customers.lastName}, ${customers.email}, ${customers.phone}, ${stores.name}, assigned.name, ${customers.lastVisitAt}, ${customers.lastEventAt}
      from (
        select ranked.* from (
          select counted.*, max(counted.group_rows) over () as most_rows from (
            select found.*, count(*) over (partition by found.gi) as group_rows, row_number() over (partition by found.customer_id order by found.gi, found.term) as nth
            from (${found}) as found
          ) as counted
        ) as ranked
        where ranked.nth = 1
        order by ranked.gi, ranked.term, ranked.customer_id
        limit ${literalCount(limit)}
      ) as top
      join ${customers} on ${customers.id} = top.customer_id
      left join ${stores} on ${stores.id} = ${customers.homeStoreId}
      left join ${staff} as assigned on assigned.id = ${customers.assignedStaffId}
      order by top.gi, top.term, top.customer_id`;
    });
    // A named statement is kept on each PostgreSQL connection for good: one per shape, and lookups come in a few shapes.
    const rows = await selectTuples<RangeScanRow>(db, query, "lookup_range_scans");
    const mostRows = Math.max(0, ...rows.map((row) => Number(row[3])));
    if (rows.length < limit && mostRows >= rowsPerGroup) continue;
    return rows.map(([group, term, exact, , id, firstName, lastName, email, phone, homeStoreName, assignedStaffName, ...activity]) => {
      const latest = Math.max(...activity.map((at) => Number(at ?? 0)));
      const summary = { id, firstName, lastName, email, phone, homeStoreName, assignedStaffName, lastActivityAt: latest > 0 ? new Date(latest) : null };
      return { id, group, exact: Number(exact), term, summary };
    });
  }
}

type RangeScanRow = [LookupGroup, string, number | string, number | string, string, string, string, string | null, string | null, string | null, string | null, ...Array<number | string | null>];

/** Pairs a name lookup reads at most per group, to rank them: more, and matches are plentiful. */
export const PAIR_MATCHES = 200;
/** A typed word that begins more known name words than this is not spelled out. */
const PAIR_WORDS = 64;

/**
 * Two or more name words typed ("eth davi"): the customers with a pair of
 * name words matching the longest and the last typed, read through the pair terms
 * ("~ethan davis"). The shorter-listed of those two words is spelled out
 * into the known name words it begins (the vocabulary: "ethan", "ethel"),
 * and each gives one narrow range of pairs ("~ethan davi…"), so the read is
 * about as long as the matches, however many customers are called Ethan or
 * David. Any further word is a probe of the customer's own terms, as in the
 * range scans.
 *
 * Every match of each group is read, up to PAIR_MATCHES (past that, matches
 * are plentiful and the first ones read will do), and the best of them kept:
 * in group order, whole words first, then term order. Null when both typed
 * words begin too many known words to spell out ("e d"): then matches are
 * plentiful, and the range scans (customerIdQuery) reach `limit` of them
 * quickly.
 */
export async function findByNamePairs(db: Db, { tokens, limit, staffId, storeId, cap = PAIR_MATCHES }: { tokens: string[]; limit: number; cap?: number } & Searcher): Promise<RankedMatch[] | null> {
  // The longest word and the last one typed (often the one that tells people apart: "van der berg so").
  const first = [...tokens].sort((a, b) => b.length - a.length)[0]!;
  const second = [...tokens].reverse().find((token) => token !== first)!;
  const others = tokens.filter((token) => token !== first && token !== second);
  const known = await wordsBeginning(db, [first, second]);
  const [spelled, typed] = (known.get(first)?.length ?? 0) <= (known.get(second)?.length ?? 0) ? [first, second] : [second, first];
  const words = known.get(spelled) ?? [];
  if (words.length > PAIR_WORDS) return null;
  if (!words.length) return [];

  const starts = words.map((word) => `${PAIR_MARK}${word} ${typed}`);
  const t = aliasTable(customerSearchTerms, "t");
  const probes = otherTokenProbes(inlineValue, others);
  const rows = await readGroups(db, { staffId, storeId }, (scope) => {
    const conditions = [sql`${t.term} >= ${sql.raw("starts.value")}`, sql`${t.term} < ${sql.raw("starts.value")} || ${"\uffff"}`, inScope(scope)];
    return sql`select ${t.customerId} as customer_id, ${t.term} as term, ${probes.exact} as exact from ${textList(starts, "starts")} cross join ${customerSearchTerms} as ${sql.identifier("t")} where ${and(...conditions)}${probes.conditions} limit ${literalCount(cap)}`;
  });

  const best = new Map<string, RankedMatch>();
  const ranked: RankedMatch[] = [];
  for (const group of LOOKUP_GROUPS) {
    const ofGroup = rows.filter((row) => row.grp === group);
    const inGroup = new Map<string, RankedMatch>();
    for (const row of ofGroup) {
      if (best.has(row.customer_id)) continue;
      const [spelledWord, typedWord] = row.term.slice(PAIR_MARK.length).split(" ");
      const exact = (spelledWord === spelled ? 1 : 0) + (typedWord === typed ? 1 : 0) + Number(row.exact);
      const seen = inGroup.get(row.customer_id);
      if (!seen || exact > seen.exact || (exact === seen.exact && row.term < seen.term)) inGroup.set(row.customer_id, { id: row.customer_id, group, exact, term: row.term });
    }
    const sorted = [...inGroup.values()].sort((a, b) => b.exact - a.exact || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    for (const match of sorted) best.set(match.id, match);
    ranked.push(...sorted);
  }
  return ranked.slice(0, limit);
}

/** Whose terms a group reads: the associate's own clients, the store's customers, or everyone's. */
type GroupScope = { staffId?: string; storeId?: string };

/** A term row's (`t`) copy of the customer's associate or home store, as the group's scope asks. */
function inScope(scope: GroupScope, value: StatementValue = inlineValue): SQL | undefined {
  if (scope.staffId) return sql`t.assigned_staff_id = ${value("staffId", scope.staffId)}`;
  if (scope.storeId) return sql`t.home_store_id = ${value("storeId", scope.storeId)}`;
  return undefined;
}

/**
 * Each group's scan (own clients when someone is typing, their store's
 * customers when they have one, then everyone's) in one statement, each row
 * tagged with its group. A scan selects customer_id, term and exact.
 */
async function readGroups(db: Db, searcher: Searcher, scan: (scope: GroupScope) => SQL) {
  return selectRows<{ grp: LookupGroup; customer_id: string; term: string; exact: number | string }>(db, groupScans(searcher, scan));
}

/** readGroups' statement: each row also has its group's place in LOOKUP_GROUPS as gi. */
function groupScans({ staffId, storeId }: Searcher, scan: (scope: GroupScope) => SQL): SQL {
  const scans: Array<{ group: LookupGroup; query: SQL }> = [];
  if (staffId) scans.push({ group: "own", query: scan({ staffId }) });
  if (storeId) scans.push({ group: "store", query: scan({ storeId }) });
  scans.push({ group: "other", query: scan({}) });
  return sql.join(
    scans.map(({ group, query }, i) => sql`${sql.raw(`select '${group}' as grp, ${LOOKUP_GROUPS.indexOf(group)} as gi, g${i}.* from (`)}${query}${sql.raw(`) as g${i}`)}`),
    sql` union all `,
  );
}

/** The known name words each token begins (the typo fallback's vocabulary), PAIR_WORDS + 1 at most. */
async function wordsBeginning(db: Db, tokens: string[]): Promise<Map<string, string[]>> {
  const v = searchWordTrigrams;
  const lists = tokens.map((token, i) => {
    // Every word beginning with the token holds its first padded trigram ("  e" for "e", " et" for "eth").
    const trigram = token.length === 1 ? `  ${token}` : ` ${token.slice(0, 2)}`;
    const query = db
      .select({ word: v.word })
      .from(v)
      .where(and(eq(v.trigram, trigram), gte(v.word, token), lt(v.word, prefixUpperBound(token))))
      .orderBy(v.word)
      .limit(PAIR_WORDS + 1);
    return sql`${sql.raw(`select ${i} as token, w${i}.word from (`)}${query.getSQL()}${sql.raw(`) as w${i}`)}`;
  });
  const rows = await selectRows<{ token: number | string; word: string }>(db, sql.join(lists, sql` union all `));
  const out = new Map<string, string[]>(tokens.map((token) => [token, []]));
  for (const row of rows) out.get(tokens[Number(row.token)]!)!.push(row.word);
  return out;
}

/**
 * Each further token as an EXISTS probe of the customer's own terms through
 * (customer_id, term), and how many of them are whole words of theirs; `t`
 * is the scanned terms' alias. PostgreSQL: see customerIdQuery.
 */
function otherTokenProbes(value: StatementValue, tokens: string[]): { conditions: SQL; exact: SQL } {
  const pg = currentDialect() === "pg";
  const conditions: SQL[] = [];
  const exact: SQL[] = [sql`0`];
  tokens.forEach((token, i) => {
    const o = sql.raw(`o${i}`);
    const typed = value(`o${i}`, token);
    const prefix = pg ? sql`left(${o}.term, ${value(`o${i}length`, [...token].length)}) = ${typed}` : sql`${o}.term >= ${typed} and ${o}.term < ${value(`o${i}upper`, prefixUpperBound(token))}`;
    const probe = sql`select 1 from customer_search_terms as ${o} where ${o}.customer_id = t.customer_id and ${prefix}`;
    conditions.push(pg ? sql` and exists (${probe} offset 0)` : sql` and exists (${probe})`);
    const e = sql.raw(`e${i}`);
    exact.push(sql`case when exists (select 1 from customer_search_terms as ${e} where ${e}.customer_id = t.customer_id and ${e}.term = ${typed}) then 1 else 0 end`);
  });
  return { conditions: sql.join(conditions), exact: sql`(${sql.join(exact, sql` + `)})` };
}

/**
 * One group's range scan (customer_id, term, exact), exported so tests can
 * check its plan: the longest token's range read in term order through the
 * group's covering index, each other token an EXISTS probe of that
 * customer's own terms through (customer_id, term).
 *
 * PostgreSQL misjudges how many terms share a short prefix (thousands read as
 * one), so it gets the same plan in a form those estimates cannot bend: each
 * probe stays a per-customer subquery (OFFSET 0 keeps it from becoming a join)
 * and tests the prefix with left(), which no index can serve alone, so it
 * reads the customer's handful of terms rather than the token's whole range.
 */
export function customerIdQuery(tokens: string[], limit: number, group: GroupScope = {}): SQL {
  return rangeScan(inlineValue, tokens, limit, group);
}

/** customerIdQuery, each value written through `value` (findByRangeScans makes it once per shape). */
function rangeScan(value: StatementValue, tokens: string[], limit: number, group: GroupScope): SQL {
  const [driver = "", ...others] = [...tokens].sort((a, b) => b.length - a.length);
  const probes = otherTokenProbes(value, others);
  const typed = value("driver", driver);
  const scope = inScope(group, value);
  return sql`select t.customer_id, t.term, case when t.term = ${typed} then 1 else 0 end + ${probes.exact} as exact from customer_search_terms as t where t.term >= ${typed} and t.term < ${value("upper", prefixUpperBound(driver))}${probes.conditions}${scope ? sql` and ${scope}` : sql``} order by t.term limit ${literalCount(limit)}`;
}

const activityColumns = {
  id: customers.id,
  lastVisitAt: customers.lastVisitAt,
  lastEventAt: customers.lastEventAt,
};

/** A customer's last activity: their latest visit, or online event, post or purchase (customers.last_event_at, kept by triggers). */
function latestOf(row: { lastVisitAt: Date | null; lastEventAt: Date | null }): number {
  return Math.max(row.lastVisitAt?.getTime() ?? 0, row.lastEventAt?.getTime() ?? 0);
}

/** Within each group (in group order): whole-word matches first, then the most recent activity, then term order. */
export function rankMatches<M extends { group: LookupGroup; exact: number; term: string }>(matches: M[], activity: Map<string, number> | ((m: M) => number)): M[] {
  const at = typeof activity === "function" ? activity : (m: M) => activity.get((m as unknown as { id: string }).id) ?? 0;
  const position = new Map(matches.map((m, i) => [m, i]));
  return [...matches].sort(
    (a, b) => LOOKUP_GROUPS.indexOf(a.group) - LOOKUP_GROUPS.indexOf(b.group) || b.exact - a.exact || at(b) - at(a) || position.get(a)! - position.get(b)!,
  );
}

/** Name, contact, home store, associate and last activity for a list of customers, in the given order. */
export async function summariseCustomers(db: Db, ids: string[]): Promise<CustomerSummary[]> {
  if (ids.length === 0) return [];
  const assigned = aliasTable(staff, "assigned");
  const rows = await db
    .select({
      ...activityColumns,
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
      phone: customers.phone,
      homeStoreName: stores.name,
      assignedStaffName: assigned.name,
    })
    .from(customers)
    .leftJoin(stores, eq(stores.id, customers.homeStoreId))
    .leftJoin(assigned, eq(assigned.id, customers.assignedStaffId))
    .where(inArray(customers.id, ids));

  const byId = new Map(
    rows.map(({ lastVisitAt, lastEventAt, ...row }) => {
      const latest = latestOf({ lastVisitAt, lastEventAt });
      return [row.id, { ...row, lastActivityAt: latest > 0 ? new Date(latest) : null }];
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The ranked lookup, exactly as typed: each customer with the group they are in for the person typing. */
export async function searchCustomers(db: Db, { query, limit = SEARCH_LIMIT, staffId, storeId }: { query: string; limit?: number } & Searcher): Promise<RankedCustomer[]> {
  const parsed = parseQuery(query);
  if (!parsed) return [];
  return summariseRanked(db, await findRankedMatches(db, { tokens: parsed.tokens, limit, staffId, storeId }));
}

/** Ranked with their summaries: those the finding statement read, and the rest read now. */
async function summariseRanked(db: Db, matches: Array<SummarisedMatch & { order?: number }>): Promise<RankedCustomer[]> {
  const unread = matches.filter((m) => !m.summary).map((m) => m.id);
  const summaries = new Map((await summariseCustomers(db, unread)).map((s) => [s.id, s]));
  for (const m of matches) if (m.summary) summaries.set(m.id, m.summary);
  const ranked = rankMatches(
    matches.filter((m) => summaries.has(m.id)),
    (m) => summaries.get(m.id)?.lastActivityAt?.getTime() ?? 0,
  );
  return ranked.map((m) => ({ ...summaries.get(m.id)!, group: m.group }));
}

export interface Lookup {
  customers: RankedCustomer[];
  /** Nothing matched as typed: these are close matches for the words shown (the typo fallback). */
  closeMatches: { words: string[] } | null;
}

/**
 * What the customers page shows: the ranked lookup, and when nothing matches
 * as typed, close matches: each typed word that begins no known word is
 * replaced by the known name words most like it (typoCandidates), and the
 * ranked lookup runs again on those, best guesses first, a few at most.
 */
export async function lookupCustomers(db: Db, { query, limit = SEARCH_LIMIT, staffId, storeId }: { query: string; limit?: number } & Searcher): Promise<Lookup> {
  const parsed = parseQuery(query);
  if (!parsed) return { customers: [], closeMatches: null };
  const exact = await findRankedMatches(db, { tokens: parsed.tokens, limit, staffId, storeId });
  if (exact.length || parsed.mode !== "text" || /[@\d]/.test(query) || !parsed.tokens.every(isNameLike)) return { customers: await summariseRanked(db, exact), closeMatches: null };

  const options = await Promise.all(parsed.tokens.map((token) => correctionsFor(db, token)));
  if (options.some((o) => o.length === 0)) return { customers: [], closeMatches: null };
  const found = new Map<string, SummarisedMatch & { order: number }>();
  const tried: string[][] = [];
  for (const words of bestCombinations(options, MAX_CORRECTIONS)) {
    if (found.size >= limit) break;
    tried.push(words);
    // Asked for `limit` each time, not the places left: the statement's text, and so its plan, stays the same (findByRangeScans).
    for (const match of await findRankedMatches(db, { tokens: words, limit, staffId, storeId })) {
      if (found.size >= limit) break;
      if (!found.has(match.id)) found.set(match.id, { ...match, order: tried.length });
    }
  }
  if (!found.size) return { customers: [], closeMatches: null };
  // Group first as always; within a group, the best guess's matches before the next guess's.
  const matches = [...found.values()].map((m) => ({ ...m, exact: (MAX_CORRECTIONS - m.order) * 10 + m.exact }));
  const shown = [...new Set(matches.map((m) => m.order))].map((order) => tried[order - 1]!.join(" "));
  return { customers: await summariseRanked(db, matches), closeMatches: { words: shown } };
}

/** Close-match lookups tried at most, best guesses first. */
const MAX_CORRECTIONS = 4;
/** Known words kept per typed word, and how alike they must be (pg_trgm's similarity, 0–1). */
const WORDS_PER_TOKEN = 3;
export const SIMILARITY_THRESHOLD = 0.3;

/** Only names are corrected: an email, number or handle typed wrong is someone else's, not a close match. */
const isNameLike = (token: string) => /^[a-z]+$/.test(token);

/** A typed word that begins some term stays as typed; otherwise the known name words most like it, best first. */
async function correctionsFor(db: Db, token: string): Promise<Array<{ word: string; similarity: number }>> {
  const [hit] = await db
    .select({ term: customerSearchTerms.term })
    .from(customerSearchTerms)
    .where(and(gte(customerSearchTerms.term, token), lt(customerSearchTerms.term, prefixUpperBound(token))))
    .limit(1);
  if (hit) return [{ word: token, similarity: 1 }];
  return typoCandidates(db, token);
}

/**
 * The known name words sharing most trigrams with `word`, by pg_trgm's
 * similarity (shared ÷ either's), at least SIMILARITY_THRESHOLD, best first.
 * A word that alike shares at least threshold × |word| trigrams, so only
 * those are counted up; the read is the postings of the word's own trigrams
 * in the vocabulary, which is small next to the customers (names repeat).
 */
export async function typoCandidates(db: Db, word: string, { max = WORDS_PER_TOKEN, threshold = SIMILARITY_THRESHOLD } = {}) {
  const grams = wordTrigrams(word.slice(0, 40));
  const fewest = Math.min(2, Math.ceil(threshold * grams.length));
  // Written so that SQLite (3.53) compiles it once, with statistics or
  // without (db/dialect.ts, literalCount): the trigrams as one list value,
  // not one value each (with ANALYZE's samples it reads such values to plan),
  // the limit in the text, and no HAVING clause (with one it compiled the
  // statement again on every run too). Those sharing fewer than `fewest`
  // trigrams are left out below instead: most shared come first, so the 100
  // read hold every word a HAVING would have kept among its first 100.
  const rows = (
    await selectTuples<[string, number | string]>(
      db,
      sql`select ${searchWordTrigrams.word}, count(*) as shared from ${searchWordTrigrams} where ${inList(sql`${searchWordTrigrams.trigram}`, grams)}
        group by ${searchWordTrigrams.word} order by shared desc limit ${literalCount(100)}`,
    )
  ).map(([w, n]) => ({ word: w, shared: Number(n) }));
  // Two letters swapped or one dropped change several trigrams of a short
  // word ("emam" shares a quarter of "emma"'s): a word one such edit away (two
  // for longer words) counts as alike too, and the fewest edits rank first.
  const allowed = word.length <= 5 ? 1 : 2;
  return rows
    .filter((r) => r.shared >= fewest)
    .map((r) => ({ word: r.word, similarity: trigramSimilarity(r.shared, grams.length, wordTrigrams(r.word).length), edits: editDistance(word, r.word, allowed + 1) }))
    .filter((r) => r.similarity >= threshold || r.edits <= allowed)
    .sort((a, b) => a.edits - b.edits || b.similarity - a.similarity || a.word.localeCompare(b.word))
    .slice(0, max)
    .map(({ word: w, similarity }) => ({ word: w, similarity }));
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b, counted up to `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, cap);
}

/**
 * Combinations of one word per typed word, best first: by the places of
 * their words in each word's list (typoCandidates' order, fewest edits
 * first), then by total similarity. By similarity alone, "alicai" tried
 * "alice" (two edits) before "alicia" (one swap).
 */
function bestCombinations(options: Array<Array<{ word: string; similarity: number }>>, max: number): string[][] {
  let combos: Array<{ words: string[]; places: number; score: number }> = [{ words: [], places: 0, score: 0 }];
  for (const choices of options) {
    combos = combos.flatMap((c) => choices.map((o, place) => ({ words: [...c.words, o.word], places: c.places + place, score: c.score + o.similarity })));
    combos.sort((a, b) => a.places - b.places || b.score - a.score);
    combos = combos.slice(0, max);
  }
  return combos.map((c) => c.words);
}

/** The associate's own client book, alphabetical. */
export async function listClientBook(db: Db, { staffId, limit = 30 }: { staffId: string; limit?: number }) {
  const [rows, [count]] = await Promise.all([
    db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.assignedStaffId, staffId))
      .orderBy(customers.lastName, customers.firstName)
      .limit(limit),
    db.select({ n: sql<number>`count(*)` }).from(customers).where(eq(customers.assignedStaffId, staffId)),
  ]);
  return { total: Number(count?.n ?? 0), customers: await summariseCustomers(db, rows.map((r) => r.id)) };
}

/** Customers this staff member opened most recently, newest first. */
export async function listRecentlyViewed(db: Db, { staffId, limit = 8 }: { staffId: string; limit?: number }) {
  const rows = await db
    .select({ id: auditLog.customerId, lastViewed: max(auditLog.at) })
    .from(auditLog)
    .where(and(eq(auditLog.staffId, staffId), eq(auditLog.action, "customer.viewed")))
    .groupBy(auditLog.customerId)
    .orderBy(desc(max(auditLog.at)))
    .limit(limit);
  return summariseCustomers(
    db,
    rows.flatMap((r) => (r.id ? [r.id] : [])),
  );
}
