import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db";
import { isDatabaseFailure } from "@/db/dialect";
import { customerSearchTerms, customers } from "@/db/schema";
import { addToVocabulary, reindexCustomer } from "@/lib/customers";
import { customerSearchTerms as termsFor, vocabularyWords } from "@/lib/search-terms";
import { quoted, type ImportRow, type RejectedRow } from "./parse";

// Writing checked rows, a chunk at a time, each chunk in one transaction. If
// the database refuses anything in a chunk, the chunk is rolled back and redone
// a row at a time, each row in a savepoint: a row lands whole or not at all,
// and one bad row never takes the others down. A failure of the database
// itself (disk full, locked, read-only) is no row's fault: it is thrown, and
// the chunk is rolled back whole.

/** The store importing: its customers, and those with no home store, are the only ones a file may change. */
export interface ImportingStore {
  id: string;
  /** Every store's name by id, to say whose customer a refused row is. */
  names: ReadonlyMap<string, string>;
}

export interface ChunkOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
const STORED = {
  id: customers.id,
  externalId: customers.externalId,
  firstName: customers.firstName,
  lastName: customers.lastName,
  email: customers.email,
  phone: customers.phone,
  city: customers.city,
  homeStoreId: customers.homeStoreId,
  consentEmail: customers.consentEmail,
  consentSms: customers.consentSms,
  tags: customers.tags,
  address: customers.address,
  sourceNote: customers.sourceNote,
};
interface Stored {
  id: string;
  externalId: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  homeStoreId: string | null;
  consentEmail: boolean;
  consentSms: boolean;
  tags: string[];
  address: Record<string, string> | null;
  sourceNote: string | null;
}
type Patch = Partial<Omit<Stored, "id" | "homeStoreId">>;

const mayChange = (c: Stored, store: ImportingStore) => c.homeStoreId === null || c.homeStoreId === store.id;

/** Existing customers a chunk's rows may match, and the rows written so far, by each key. */
class Matches {
  byExternalId = new Map<string, Stored>();
  byEmail = new Map<string, Stored>();
  byPhone = new Map<string, Stored[]>();

  add(c: Stored) {
    if (c.externalId) this.byExternalId.set(c.externalId, c);
    if (c.email) this.byEmail.set(c.email, c);
    if (c.phone) this.byPhone.set(c.phone, [...(this.byPhone.get(c.phone) ?? []), c]);
  }

  change(c: Stored, patch: Patch) {
    if (c.externalId) this.byExternalId.delete(c.externalId);
    if (c.email) this.byEmail.delete(c.email);
    if (c.phone) this.byPhone.set(c.phone, (this.byPhone.get(c.phone) ?? []).filter((o) => o !== c));
    Object.assign(c, patch);
    this.add(c);
  }

  /**
   * By Customer ID, then email, then phone; a phone match must not contradict
   * the row's email or Customer ID, and one of this store's customers comes
   * before another store's with the same number.
   */
  find(row: ImportRow, store: ImportingStore): { customer?: Stored; conflict?: string } {
    const byId = row.externalId ? this.byExternalId.get(row.externalId) : undefined;
    const byEmail = row.email ? this.byEmail.get(row.email) : undefined;
    if (byId && byEmail && byId !== byEmail) return { conflict: `Customer ID ${quoted(row.externalId!)} and email ${quoted(row.email!)} belong to two different customers` };
    const found = byId ?? byEmail;
    if (found?.externalId && row.externalId && found.externalId !== row.externalId) {
      return { conflict: `email ${quoted(row.email!)} already belongs to the customer with Customer ID ${quoted(found.externalId)}` };
    }
    if (found) return { customer: found };
    const samePerson = (c: Stored) => (!row.email || !c.email) && (!row.externalId || !c.externalId);
    const byPhone = row.phone ? (this.byPhone.get(row.phone) ?? []).filter(samePerson) : [];
    return { customer: byPhone.find((c) => mayChange(c, store)) ?? byPhone[0] };
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const sameRecord = (a: Record<string, string>, b: Record<string, string> | null) =>
  b !== null && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * What the row would change; fields the file leaves empty are kept. Consent is
 * only ever withdrawn: a "yes" in the file never overrides a customer who has
 * said no here (on their privacy page, or to staff), since Shopify may not know.
 */
function patchFor(c: Stored, row: ImportRow): Patch {
  const patch: Patch = {};
  for (const key of ["externalId", "firstName", "lastName", "email", "phone", "city"] as const) {
    if (row[key] !== undefined && row[key] !== c[key]) Object.assign(patch, { [key]: row[key] });
  }
  for (const key of ["consentEmail", "consentSms"] as const) if (row[key] === false && c[key]) patch[key] = false;
  if (row.note !== undefined && row.note !== c.sourceNote) patch.sourceNote = row.note;
  if (row.tags && !sameList(row.tags, c.tags)) patch.tags = row.tags;
  if (row.address && !sameRecord(row.address, c.address)) patch.address = row.address;
  return patch;
}

/** Values in one `IN (…)` list, and rows in one multi-row insert: far below both databases' bind-parameter limits. */
const LOOKUP_CHUNK = 300; // up to 3 keys a row: 900 parameters
const CUSTOMERS_PER_INSERT = 500; // 13 columns: 6,500 parameters
const TERMS_PER_INSERT = 2_000; // 5 columns: 10,000 parameters

function chunked<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function loadMatches(tx: Tx, rows: ImportRow[]): Promise<Matches> {
  const found = new Map<string, Stored & { createdAt: Date }>();
  for (const part of chunked(rows, LOOKUP_CHUNK)) {
    const keys = (pick: (r: ImportRow) => string | undefined) => [...new Set(part.map(pick).filter((v) => v !== undefined))];
    const [ids, emails, phones] = [keys((r) => r.externalId), keys((r) => r.email), keys((r) => r.phone)];
    const where = or(
      ids.length ? inArray(customers.externalId, ids) : undefined,
      emails.length ? inArray(customers.email, emails) : undefined,
      phones.length ? inArray(customers.phone, phones) : undefined,
    );
    if (where) for (const c of await tx.select({ ...STORED, createdAt: customers.createdAt }).from(customers).where(where)) found.set(c.id, c);
  }
  // Oldest first: of several customers with one number, the first found wins.
  const ordered = [...found.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const matches = new Matches();
  for (const { createdAt: _, ...c } of ordered) matches.add(c);
  return matches;
}

type Step = { kind: "reject"; reason: string } | { kind: "unchanged" } | { kind: "update"; customer: Stored; patch: Patch } | { kind: "create"; customer: Stored };

function planRow(row: ImportRow, matches: Matches, store: ImportingStore): Step {
  const { customer, conflict } = matches.find(row, store);
  if (conflict) return { kind: "reject", reason: conflict };
  if (customer && !mayChange(customer, store)) {
    return { kind: "reject", reason: `belongs to another store (${store.names.get(customer.homeStoreId!) ?? customer.homeStoreId})` };
  }
  if (customer) {
    const patch = patchFor(customer, row);
    return Object.keys(patch).length ? { kind: "update", customer, patch } : { kind: "unchanged" };
  }
  return {
    kind: "create",
    customer: {
      id: randomUUID(),
      externalId: row.externalId ?? null,
      firstName: row.firstName ?? "",
      lastName: row.lastName ?? "",
      email: row.email ?? null,
      phone: row.phone ?? null,
      city: row.city ?? null,
      homeStoreId: store.id,
      consentEmail: row.consentEmail ?? false,
      consentSms: row.consentSms ?? false,
      tags: row.tags ?? [],
      address: row.address ?? null,
      sourceNote: row.note ?? null,
    },
  };
}

const touchesTerms = (patch: Patch) => "firstName" in patch || "lastName" in patch || "email" in patch || "phone" in patch;

async function updateCustomer(tx: Tx, id: string, patch: Patch, storeId: string) {
  await tx
    .update(customers)
    .set(patch)
    .where(and(eq(customers.id, id), or(isNull(customers.homeStoreId), eq(customers.homeStoreId, storeId))));
  if (touchesTerms(patch)) await reindexCustomer(tx, id);
}

/**
 * The usual case, fast: the chunk's new customers and their search terms go in
 * through multi-row inserts. Their terms are what reindexCustomer would write
 * for a customer without handles; updates go through reindexCustomer itself.
 * Any failure throws, rolling the whole chunk back for writeEachRow.
 */
async function writeChunkAtOnce(tx: Tx, rows: ImportRow[], store: ImportingStore): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const matches = await loadMatches(tx, rows);
  const created = new Set<Stored>();
  for (const row of rows) {
    const step = planRow(row, matches, store);
    if (step.kind === "reject") outcome.rejected.push({ line: row.line, reason: step.reason });
    else if (step.kind === "unchanged") outcome.unchanged++;
    else if (step.kind === "create") {
      created.add(step.customer);
      matches.add(step.customer);
      outcome.created++;
    } else {
      // A repeat of a row created earlier in this chunk changes the row before it is inserted.
      if (!created.has(step.customer)) await updateCustomer(tx, step.customer.id, step.patch, store.id);
      matches.change(step.customer, step.patch);
      outcome.updated++;
    }
  }
  const newCustomers = [...created];
  for (const part of chunked(newCustomers, CUSTOMERS_PER_INSERT)) await tx.insert(customers).values(part.map((c) => ({ ...c })));
  // With the copies of home store and associate (none yet) the lookup ranks by, and their name words for its typo fallback.
  const terms = newCustomers.flatMap((c) => termsFor(c).map((t) => ({ ...t, customerId: c.id, homeStoreId: c.homeStoreId, assignedStaffId: null })));
  for (const part of chunked(terms, TERMS_PER_INSERT)) await tx.insert(customerSearchTerms).values(part);
  await addToVocabulary(tx, [...new Set(newCustomers.flatMap((c) => vocabularyWords(c)))]);
  return outcome;
}

/** Row by row, each in a savepoint: a row the database refuses leaves nothing behind and the others are saved. */
async function writeEachRow(tx: Tx, rows: ImportRow[], store: ImportingStore): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const matches = await loadMatches(tx, rows);
  for (const row of rows) {
    const step = planRow(row, matches, store);
    if (step.kind === "reject") outcome.rejected.push({ line: row.line, reason: step.reason });
    else if (step.kind === "unchanged") outcome.unchanged++;
    else {
      try {
        await tx.transaction(async (sp) => {
          if (step.kind === "update") return updateCustomer(sp, step.customer.id, step.patch, store.id);
          await sp.insert(customers).values(step.customer);
          await reindexCustomer(sp, step.customer.id);
        });
      } catch (error) {
        // The database failing is no row's fault; anything else it refuses (a constraint, a trigger, a value it cannot store) is this row's.
        if (isDatabaseFailure(error)) throw error;
        console.error(`Customer import, line ${row.line}:`, error);
        outcome.rejected.push({ line: row.line, reason: "could not be saved because of a database error; nothing from this row was written" });
        continue;
      }
      if (step.kind === "update") {
        matches.change(step.customer, step.patch);
        outcome.updated++;
      } else {
        matches.add(step.customer);
        outcome.created++;
      }
    }
  }
  return outcome;
}

/** Writes one chunk whole, or throws with nothing of it written when the database itself fails. */
export async function writeChunk(db: Db, rows: ImportRow[], store: ImportingStore): Promise<ChunkOutcome> {
  try {
    return await db.transaction((tx) => writeChunkAtOnce(tx, rows, store));
  } catch (error) {
    if (isDatabaseFailure(error)) throw error;
    return db.transaction((tx) => writeEachRow(tx, rows, store));
  }
}
