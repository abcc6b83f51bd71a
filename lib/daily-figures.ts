import "server-only";
import { and, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { selectRows } from "@/db/dialect";
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

/** Every counter of the roll-up over whole days, per person ('' for the store). */
export async function rolledUpCounters(db: Db, storeId: string, days: { first: number; end: number }): Promise<Counters[]> {
  const rows = await selectRows<Record<string, unknown>>(db, sql`select staff_id as "staffId", ${SUMS} from report_days where store_id = ${storeId} and day >= ${days.first} and day < ${days.end} group by staff_id`);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key === "staffId" ? value : Number(value)])) as Counters);
}

/** The longest stretch of work between turns for other requests. */
const SLICE_MS = 5;

/** Answer times (ms) per person who answered ('' for nobody known), for posts of the whole days. */
export async function rolledUpAnswerTimes(db: Db, storeId: string, days: { first: number; end: number }): Promise<Map<string, number[]>> {
  const rows = await selectRows<{ staffId: string; answerMs: string }>(
    db,
    sql`select staff_id as "staffId", answer_ms as "answerMs" from report_days where store_id = ${storeId} and day >= ${days.first} and day < ${days.end} and mentions_answered > 0`,
  );
  // A busy store's year is some 150,000 answer times: read in slices, letting
  // other requests run between them, so no one waits on this page.
  const times = new Map<string, number[]>();
  let slice = performance.now();
  for (const row of rows) {
    const list = times.get(row.staffId) ?? [];
    for (const ms of JSON.parse(row.answerMs) as number[]) list.push(Number(ms));
    times.set(row.staffId, list);
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
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
    selectRows<{ staffId: string; customers: number }>(db, sql`select staff_id as "staffId", coalesce(sum(contacted_last), 0) as "customers" from report_days where store_id = ${storeId} and day >= ${firstDay} group by staff_id`),
    selectRows<{ staffId: string; customers: number }>(
      db,
      sql`select staff_id as "staffId", count(*) as "customers" from report_contact_pairs where store_id = ${storeId} and last_at >= ${from.getTime()} and last_at < ${firstDay * DAY} group by staff_id`,
    ),
  ]);
  const counts = new Map<string, number>();
  for (const row of [...days, ...partial]) counts.set(row.staffId, (counts.get(row.staffId) ?? 0) + Number(row.customers));
  return counts;
}

/** Trend counts per UTC hour in [start, end) (both whole hours): placed, picked up, received, answered, each at its own moment. */
export async function rolledUpHours(db: Db, storeId: string, start: Date, end: Date) {
  const rows = await selectRows<Record<string, number | string>>(
    db,
    sql`select hour, holds_placed, holds_picked_up, posts_received, posts_answered from report_hours where store_id = ${storeId} and hour >= ${start.getTime() / HOUR} and hour < ${end.getTime() / HOUR}`,
  );
  return rows.map((row) => ({ at: Number(row.hour) * HOUR, holdsPlaced: Number(row.holds_placed), holdsPickedUp: Number(row.holds_picked_up), postsReceived: Number(row.posts_received), postsAnswered: Number(row.posts_answered) }));
}

/** The median of answer times in minutes, as the SQL did it: the middle one, or the mean of the middle two. */
export function medianMinutes(ms: number[]): number | null {
  if (!ms.length) return null;
  const minutes = new Float64Array(ms.length);
  for (let i = 0; i < ms.length; i++) minutes[i] = ms[i]! / 60000;
  minutes.sort();
  const middle = minutes.length >> 1;
  return minutes.length % 2 ? minutes[middle]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
}
