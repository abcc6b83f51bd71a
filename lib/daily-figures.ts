import "server-only";
import { and, desc, eq, gt, gte, lt, sql, type AnyColumn } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect } from "@/db/dialect";
import * as pgSchema from "@/db/schema.pg";
import * as sqliteSchema from "@/db/schema.sqlite";
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

const { reportDays, reportHours, reportContactPairs } = currentDialect() === "pg" ? pgSchema : (sqliteSchema as unknown as typeof pgSchema);

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

const total = (column: AnyColumn) => sql<number>`coalesce(sum(${column}), 0)`;

/** Every counter of the roll-up over whole days, per person ('' for the store). */
export async function rolledUpCounters(db: Db, storeId: string, days: { first: number; end: number }) {
  const rows = await db
    .select({
      staffId: reportDays.staffId,
      holdsPlaced: total(reportDays.holdsPlaced),
      holdsActive: total(reportDays.holdsActive),
      holdsPickedUp: total(reportDays.holdsPickedUp),
      holdsReleased: total(reportDays.holdsReleased),
      holdsExpired: total(reportDays.holdsExpired),
      pickedUpValueCents: total(reportDays.pickedUpValueCents),
      notesWritten: total(reportDays.notesWritten),
      followUpsDone: total(reportDays.followUpsDone),
      mentionsAnswered: total(reportDays.mentionsAnswered),
      clientPosts: total(reportDays.clientPosts),
      clientPostsAnswered: total(reportDays.clientPostsAnswered),
      clientPostsNew: total(reportDays.clientPostsNew),
      storePosts: total(reportDays.storePosts),
      storePostsAnswered: total(reportDays.storePostsAnswered),
      storePostsNew: total(reportDays.storePostsNew),
    })
    .from(reportDays)
    .where(and(eq(reportDays.storeId, storeId), gte(reportDays.day, days.first), lt(reportDays.day, days.end)))
    .groupBy(reportDays.staffId);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key === "staffId" ? value : Number(value)])) as typeof row);
}

/** Answer times (ms) per person who answered ('' for nobody known), for posts of the whole days. */
export async function rolledUpAnswerTimes(db: Db, storeId: string, days: { first: number; end: number }): Promise<Map<string, number[]>> {
  const rows = await db
    .select({ staffId: reportDays.staffId, answerMs: reportDays.answerMs })
    .from(reportDays)
    .where(and(eq(reportDays.storeId, storeId), gte(reportDays.day, days.first), lt(reportDays.day, days.end), gt(reportDays.mentionsAnswered, 0)));
  const times = new Map<string, number[]>();
  for (const row of rows) {
    const list = times.get(row.staffId) ?? [];
    for (const ms of JSON.parse(row.answerMs) as number[]) list.push(Number(ms));
    times.set(row.staffId, list);
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
  const [latest] = await db.select({ at: reportContactPairs.lastAt }).from(reportContactPairs).where(eq(reportContactPairs.storeId, storeId)).orderBy(desc(reportContactPairs.lastAt)).limit(1);
  if (latest && latest.at.getTime() >= to.getTime()) return null;
  const firstDay = Math.ceil(from.getTime() / DAY);
  const [days, partial] = await Promise.all([
    db
      .select({ staffId: reportDays.staffId, customers: total(reportDays.contactedLast) })
      .from(reportDays)
      .where(and(eq(reportDays.storeId, storeId), gte(reportDays.day, firstDay)))
      .groupBy(reportDays.staffId),
    db
      .select({ staffId: reportContactPairs.staffId, customers: sql<number>`count(*)` })
      .from(reportContactPairs)
      .where(and(eq(reportContactPairs.storeId, storeId), gte(reportContactPairs.lastAt, from), lt(reportContactPairs.lastAt, new Date(firstDay * DAY))))
      .groupBy(reportContactPairs.staffId),
  ]);
  const counts = new Map<string, number>();
  for (const row of [...days, ...partial]) counts.set(row.staffId, (counts.get(row.staffId) ?? 0) + Number(row.customers));
  return counts;
}

/** Trend counts per UTC hour in [start, end) (both whole hours): placed, picked up, received, answered, each at its own moment. */
export async function rolledUpHours(db: Db, storeId: string, start: Date, end: Date) {
  const rows = await db
    .select({ hour: reportHours.hour, holdsPlaced: reportHours.holdsPlaced, holdsPickedUp: reportHours.holdsPickedUp, postsReceived: reportHours.postsReceived, postsAnswered: reportHours.postsAnswered })
    .from(reportHours)
    .where(and(eq(reportHours.storeId, storeId), gte(reportHours.hour, start.getTime() / HOUR), lt(reportHours.hour, end.getTime() / HOUR)));
  return rows.map((row) => ({ at: Number(row.hour) * HOUR, holdsPlaced: Number(row.holdsPlaced), holdsPickedUp: Number(row.holdsPickedUp), postsReceived: Number(row.postsReceived), postsAnswered: Number(row.postsAnswered) }));
}

/** The median of answer times in minutes, as the SQL did it: the middle one, or the mean of the middle two. */
export function medianMinutes(ms: number[]): number | null {
  if (!ms.length) return null;
  const minutes = Float64Array.from(ms, (m) => m / 60000).sort();
  const middle = minutes.length >> 1;
  return minutes.length % 2 ? minutes[middle]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
}
