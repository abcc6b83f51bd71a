import "server-only";
import { and, eq, gt, gte, lt, sql } from "drizzle-orm";
import quickselect from "quickselect";
import type { Db } from "@/db";
import { currentDialect, selectRows } from "@/db/dialect";
import { customers, holds, socialMentions } from "@/db/schema";
import type { Period } from "./dashboard";

// Reads of the report roll-ups (report_days, report_hours,
// report_contact_pairs), which triggers keep current in every writer's own
// transaction (migration 0012_report_rollups). They are per UTC day (and UTC
// hour for the trend); a period runs from a store's local midnight to another,
// so the dashboard takes the whole UTC days in between from here and the
// partial days at both ends from the rows themselves (splitPeriod).
// What depends on the moment of reading (a hold still in time, a post waiting
// over 24 hours) is counted live among the few rows it can concern.

// The roll-ups are read with plain SQL: db/schema.ts does not list them, and
// these few statements are the same text on both databases.

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The whole store in the roll-ups' staff_id. */
export const WHOLE_STORE = "";

export interface PeriodSplit {
  /** Whole UTC days [first, end) inside the period, as epoch day numbers; null when there is none. */
  days: { first: number; end: number } | null;
  /** The rest of the period, before and after those days: never more than a day each. */
  ends: Period[];
}

export function splitPeriod({ from, to }: Period): PeriodSplit {
  const first = Math.ceil(from.getTime() / DAY);
  const end = Math.floor(to.getTime() / DAY);
  if (end <= first) return { days: null, ends: [{ from, to }] };
  const ends: Period[] = [];
  if (first * DAY > from.getTime()) ends.push({ from, to: new Date(first * DAY) });
  if (end * DAY < to.getTime()) ends.push({ from: new Date(end * DAY), to });
  return { days: { first, end }, ends };
}

const COUNTERS = {
  holdsPlaced: "holds_placed",
  holdsActive: "holds_active",
  holdsPickedUp: "holds_picked_up",
  holdsReleased: "holds_released",
  holdsExpired: "holds_expired",
  pickedUpValueCents: "picked_up_value_cents",
  notesWritten: "notes_written",
  followUpsDone: "follow_ups_done",
  mentionsAnswered: "mentions_answered",
  clientPosts: "client_posts",
  clientPostsAnswered: "client_posts_answered",
  clientPostsNew: "client_posts_new",
  storePosts: "store_posts",
  storePostsAnswered: "store_posts_answered",
  storePostsNew: "store_posts_new",
} as const;
type Counters = { staffId: string } & Record<keyof typeof COUNTERS, number>;
const SUMS = sql.raw(Object.entries(COUNTERS).map(([key, column]) => `coalesce(sum(${column}), 0) as "${key}"`).join(", "));

const MONTH_DAYS = 31;

/**
 * The whole days as stretches of at most a month each, read one statement per
 * stretch, on SQLite: it runs each statement on the event loop's own thread,
 * and a year of a busy store in one statement (some 7,700 roll-up rows) held it
 * for 10–15 ms, where the read queue (db/index.ts) lets other requests in
 * between statements. PostgreSQL works on its own: one statement, unless the
 * caller asks for months there too (the answer times, for the size of the
 * result).
 */
function stretches(days: { first: number; end: number }, length = currentDialect() === "pg" ? Infinity : MONTH_DAYS): Array<{ first: number; end: number }> {
  const out: Array<{ first: number; end: number }> = [];
  for (let first = days.first; first < days.end; first += length) out.push({ first, end: Math.min(first + length, days.end) });
  return out;
}

/** Every counter of the roll-up over whole days, per person ('' for the store). */
export async function rolledUpCounters(db: Db, storeId: string, days: { first: number; end: number }): Promise<Counters[]> {
  const parts = await Promise.all(
    stretches(days).map(({ first, end }) =>
      selectRows<Record<string, unknown>>(db, sql`select staff_id as "staffId", ${SUMS} from report_days where store_id = ${storeId} and day >= ${first} and day < ${end} group by staff_id`),
    ),
  );
  const byStaff = new Map<string, Counters>();
  for (const row of parts.flat()) {
    const staffId = row.staffId as string;
    const counters = byStaff.get(staffId) ?? ({ staffId, ...Object.fromEntries(Object.keys(COUNTERS).map((key) => [key, 0])) } as Counters);
    for (const key of Object.keys(COUNTERS) as Array<keyof typeof COUNTERS>) counters[key] += Number(row[key]);
    byStaff.set(staffId, counters);
  }
  return [...byStaff.values()];
}

/** The longest stretch of work between turns for other requests. */
const SLICE_MS = 5;

/** Call between pieces of a long job: once SLICE_MS of work has passed since the last turn, other requests get one. */
function turnTaker() {
  let slice = performance.now();
  return async () => {
    if (performance.now() - slice <= SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    slice = performance.now();
  };
}

/** Answer times (ms) per person who answered ('' for nobody known), for posts of the whole days. */
export async function rolledUpAnswerTimes(db: Db, storeId: string, days: { first: number; end: number }): Promise<Map<string, number[]>> {
  // A busy store's year is some 150,000 answer times, over a megabyte of
  // text. Read a month at a time on both databases, each month parsed before
  // the next is asked for, in slices that let other requests run between them,
  // so no one waits on this page. (On PostgreSQL the year in one result arrived
  // all at once and its rows were parsed in one go: 40 ms and more.)
  const times = new Map<string, number[]>();
  const takeTurn = turnTaker();
  for (const { first, end } of stretches(days, MONTH_DAYS)) {
    const rows = await selectRows<{ staffId: string; answerMs: string }>(
      db,
      sql`select staff_id as "staffId", answer_ms as "answerMs" from report_days where store_id = ${storeId} and day >= ${first} and day < ${end} and mentions_answered > 0`,
    );
    for (const row of rows) {
      const list = times.get(row.staffId) ?? [];
      for (const ms of JSON.parse(row.answerMs) as number[]) list.push(Number(ms));
      times.set(row.staffId, list);
      await takeTurn();
    }
  }
  return times;
}

/**
 * Holds of the whole days still in time now, per associate: the roll-up knows
 * them only as active, and an active hold past its expiry counts as expired.
 * Few rows: only holds whose expiry is still ahead.
 */
export async function holdsStillOpen(db: Db, storeId: string, days: { first: number; end: number }, now: Date) {
  // The placing day is checked here, not in SQL: given a range of creation
  // times, both databases would rather scan the year on (store, created_at).
  const rows = await db
    .select({ staffId: holds.staffId, createdAt: holds.createdAt })
    .from(holds)
    .where(and(eq(holds.storeId, storeId), eq(holds.status, "active"), gt(holds.expiresAt, now)));
  const open = new Map<string, number>();
  for (const row of rows) {
    const at = row.createdAt.getTime();
    if (at >= days.first * DAY && at < days.end * DAY) open.set(row.staffId, (open.get(row.staffId) ?? 0) + 1);
  }
  return [...open].map(([staffId, count]) => ({ staffId, open: count }));
}

/**
 * Posts of the whole days still new but not yet 24 hours old, for the store and
 * per the associate looking after their author: the roll-up counts them as new,
 * and only those over 24 hours count as waiting. Few rows: the last day's.
 */
export async function recentNewPosts(db: Db, storeId: string, days: { first: number; end: number }, now: Date) {
  const scope = and(
    eq(socialMentions.storeId, storeId),
    eq(socialMentions.status, "new"),
    gt(socialMentions.postedAt, new Date(now.getTime() - 24 * HOUR)),
    gte(socialMentions.postedAt, new Date(days.first * DAY)),
    lt(socialMentions.postedAt, new Date(days.end * DAY)),
  );
  const [[store], perAssociate] = await Promise.all([
    db.select({ count: sql<number>`count(*)` }).from(socialMentions).where(scope),
    db
      .select({ staffId: customers.assignedStaffId, count: sql<number>`count(*)` })
      .from(socialMentions)
      .innerJoin(customers, eq(customers.id, socialMentions.customerId))
      .where(scope)
      .groupBy(customers.assignedStaffId),
  ]);
  return { store: Number(store?.count ?? 0), perAssociate };
}

/**
 * Distinct customers contacted from `from` on, per person and by anyone (''),
 * when no contact at the store is as late as `to` (a period ending today):
 * then a customer was contacted in the period exactly when their latest
 * contact is at or after `from`. Counted from the per-day histogram of latest
 * contacts, plus the partial first day from report_contact_pairs. Null when
 * the period ends before the store's latest contact: the caller counts rows.
 */
export async function contactedSince(db: Db, storeId: string, { from, to }: Period): Promise<Map<string, number> | null> {
  const [latest] = await selectRows<{ at: number | string }>(db, sql`select last_at as "at" from report_contact_pairs where store_id = ${storeId} order by last_at desc limit 1`);
  if (latest && Number(latest.at) >= to.getTime()) return null;
  const firstDay = Math.ceil(from.getTime() / DAY);
  const [days, partial] = await Promise.all([
    // Up to the day of `to`: no contact at the store is later (checked above), so no later day counts a latest contact.
    Promise.all(
      stretches({ first: firstDay, end: Math.floor(to.getTime() / DAY) + 1 }).map(({ first, end }) =>
        selectRows<{ staffId: string; customers: number }>(
          db,
          sql`select staff_id as "staffId", coalesce(sum(contacted_last), 0) as "customers" from report_days where store_id = ${storeId} and day >= ${first} and day < ${end} group by staff_id`,
        ),
      ),
    ).then((parts) => parts.flat()),
    selectRows<{ staffId: string; customers: number }>(
      db,
      sql`select staff_id as "staffId", count(*) as "customers" from report_contact_pairs where store_id = ${storeId} and last_at >= ${from.getTime()} and last_at < ${firstDay * DAY} group by staff_id`,
    ),
  ]);
  const counts = new Map<string, number>();
  for (const row of [...days, ...partial]) counts.set(row.staffId, (counts.get(row.staffId) ?? 0) + Number(row.customers));
  return counts;
}

/**
 * Trend counts per bucket: placed, picked up, received, answered, each at its
 * own moment. A bucket runs from one of `edges` (whole UTC hours: a store's
 * local midnights) to the next. SQL adds the hours of each bucket, so a year
 * comes back as its weeks or days, not as 8,760 hourly rows (reading those
 * held the event loop for 15–30 ms on SQLite). Buckets without any hour
 * counted are left out.
 */
export async function rolledUpBuckets(db: Db, storeId: string, edges: Date[]) {
  const hours = edges.map((edge) => edge.getTime() / HOUR);
  const [starts, ends] = [hours.slice(0, -1), hours.slice(1)];
  const sums = sql`sum(r.holds_placed) as "holdsPlaced", sum(r.holds_picked_up) as "holdsPickedUp", sum(r.posts_received) as "postsReceived", sum(r.posts_answered) as "postsAnswered"`;
  const rows = await selectRows<Record<string, number | string>>(
    db,
    currentDialect() === "pg"
      ? sql`select b.i - 1 as bucket, ${sums}
          from unnest(cast(${sql.param(starts)} as bigint[]), cast(${sql.param(ends)} as bigint[])) with ordinality as b(first, after, i)
          join report_hours r on r.store_id = ${storeId} and r.hour >= b.first and r.hour < b.after
          group by b.i`
      : // The list leads (CROSS JOIN): each bucket is one range of the primary key.
        sql`select cast(b.key as integer) as bucket, ${sums}
          from json_each(${JSON.stringify(starts.map((first, i) => [first, ends[i]]))}) b cross join report_hours r
          where r.store_id = ${storeId} and r.hour >= b.value ->> 0 and r.hour < b.value ->> 1
          group by b.key`,
  );
  return rows.map((row) => ({ bucket: Number(row.bucket), holdsPlaced: Number(row.holdsPlaced), holdsPickedUp: Number(row.holdsPickedUp), postsReceived: Number(row.postsReceived), postsAnswered: Number(row.postsAnswered) }));
}

/**
 * The median of answer times in minutes, of one list or several taken
 * together, as the SQL did it: the middle one, or the mean of the middle two.
 * Selected, not sorted (quickselect, Floyd–Rivest): a busy store's year is some
 * 150,000 answer times, and sorting them twice (the posts, then every channel)
 * held the event loop for 40–50 ms.
 */
export function medianMinutes(...lists: readonly number[][]): number | null {
  const minutes = new Float64Array(lists.reduce((n, list) => n + list.length, 0));
  if (!minutes.length) return null;
  let at = 0;
  for (const ms of lists) for (let i = 0; i < ms.length; i++) minutes[at++] = ms[i]! / 60000;
  const middle = minutes.length >> 1;
  // Everything before `middle` is now at most minutes[middle].
  quickselect(minutes as unknown as number[], middle);
  if (minutes.length % 2) return minutes[middle]!;
  let below = minutes[0]!;
  for (let i = 1; i < middle; i++) if (minutes[i]! > below) below = minutes[i]!;
  return (below + minutes[middle]!) / 2;
}

/** The medians (medianMinutes) of several groups of lists, letting other requests run between them once SLICE_MS has passed. */
export async function mediansInTurns(groups: ReadonlyArray<readonly number[][]>): Promise<Array<number | null>> {
  const out: Array<number | null> = [];
  const takeTurn = turnTaker();
  for (const lists of groups) {
    out.push(medianMinutes(...lists));
    await takeTurn();
  }
  return out;
}
