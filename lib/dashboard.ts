import "server-only";
import { and, eq, gte, lt, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { contacts, customers, followUps, holds, notes, productVariants, socialMentions, staff } from "@/db/schema";

export interface Period {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;

/**
 * Hold outcomes per associate for holds placed in the period, counted in SQL.
 * An active hold past its expiry counts as expired, as everywhere else; one
 * still in time is open, and has no outcome yet.
 */
async function holdFigures(db: Db, storeId: string, { from, to }: Period, now: Date) {
  const expired = sql`(${holds.status} = 'expired' or (${holds.status} = 'active' and ${holds.expiresAt} <= ${now.getTime()}))`;
  return db
    .select({
      staffId: holds.staffId,
      placed: sql<number>`count(*)`,
      open: sql<number>`sum(case when ${holds.status} = 'active' and ${holds.expiresAt} > ${now.getTime()} then 1 else 0 end)`,
      pickedUp: sql<number>`sum(case when ${holds.status} = 'picked_up' then 1 else 0 end)`,
      released: sql<number>`sum(case when ${holds.status} = 'released' then 1 else 0 end)`,
      expired: sql<number>`sum(case when ${expired} then 1 else 0 end)`,
      pickedUpValueCents: sql<number>`sum(case when ${holds.status} = 'picked_up' then ${productVariants.priceCents} * ${holds.quantity} else 0 end)`,
    })
    .from(holds)
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .where(and(eq(holds.storeId, storeId), gte(holds.createdAt, from), lt(holds.createdAt, to)))
    .groupBy(holds.staffId);
}

/**
 * Answer times in minutes for mentions posted in the period and answered,
 * with each answer's position per associate and overall, so medians come
 * out of SQL (window functions exist in SQLite and PostgreSQL alike).
 */
async function answerMedians(db: Db, storeId: string, { from, to }: Period) {
  // A double in both databases (not PostgreSQL's numeric, whose averages
  // round differently), so the medians agree to the last digit.
  const minutes = sql<number>`(cast(${socialMentions.repliedAt} - ${socialMentions.postedAt} as double precision) / 60000)`;
  const ranked = db
    .select({
      staffId: sql<string>`${socialMentions.repliedByStaffId}`.as("staff_id"),
      minutes: minutes.as("minutes"),
      staffRank: sql<number>`row_number() over (partition by ${socialMentions.repliedByStaffId} order by ${minutes})`.as("staff_rank"),
      staffCount: sql<number>`count(*) over (partition by ${socialMentions.repliedByStaffId})`.as("staff_count"),
      allRank: sql<number>`row_number() over (order by ${minutes})`.as("all_rank"),
      allCount: sql<number>`count(*) over ()`.as("all_count"),
    })
    .from(socialMentions)
    .where(and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "replied"), gte(socialMentions.postedAt, from), lt(socialMentions.postedAt, to)))
    .as("ranked");
  // The middle row, or the mean of the two middle rows for an even count.
  const isStaffMiddle = sql`${ranked.staffRank} in ((${ranked.staffCount} + 1) / 2, (${ranked.staffCount} + 2) / 2)`;
  const isAllMiddle = sql`${ranked.allRank} in ((${ranked.allCount} + 1) / 2, (${ranked.allCount} + 2) / 2)`;
  const [perStaff, [overall]] = await Promise.all([
    db.select({ staffId: ranked.staffId, answered: sql<number>`max(${ranked.staffCount})`, medianMinutes: sql<number>`avg(${ranked.minutes})` }).from(ranked).where(isStaffMiddle).groupBy(sql`${ranked.staffId}`),
    db.select({ medianMinutes: sql<number | null>`avg(${ranked.minutes})` }).from(ranked).where(isAllMiddle),
  ]);
  return { perStaff, overallMedianMinutes: overall?.medianMinutes == null ? null : Number(overall.medianMinutes) };
}

/** Distinct customers each person reached in the period, and overall (a customer reached by two counts once). */
async function contactFigures(db: Db, storeId: string, { from, to }: Period) {
  const scope = and(eq(contacts.storeId, storeId), gte(contacts.at, from), lt(contacts.at, to));
  const [perStaff, [overall]] = await Promise.all([
    db.select({ staffId: contacts.staffId, customers: sql<number>`count(distinct ${contacts.customerId})` }).from(contacts).where(scope).groupBy(contacts.staffId),
    db.select({ customers: sql<number>`count(distinct ${contacts.customerId})` }).from(contacts).where(scope),
  ]);
  return { perStaff, overall: Number(overall?.customers ?? 0) };
}

/** Follow-ups done in the period (by who did them), and open ones overdue today (by whose list). */
async function followUpFigures(db: Db, storeId: string, { from, to }: Period, today: string) {
  return Promise.all([
    db
      .select({ staffId: followUps.doneByStaffId, done: sql<number>`count(*)` })
      .from(followUps)
      .where(and(eq(followUps.storeId, storeId), eq(followUps.status, "done"), gte(followUps.doneAt, from), lt(followUps.doneAt, to)))
      .groupBy(followUps.doneByStaffId),
    db
      .select({ staffId: followUps.staffId, overdue: sql<number>`count(*)` })
      .from(followUps)
      .where(and(eq(followUps.storeId, storeId), eq(followUps.status, "open"), lt(followUps.dueOn, today)))
      .groupBy(followUps.staffId),
  ]);
}

/**
 * Posts by each associate's own clients in the period: how many came, how many
 * were answered (by anyone), and how many are still waiting after 24 hours.
 */
async function clientPostFigures(db: Db, storeId: string, { from, to }: Period, now: Date) {
  return db
    .select({
      staffId: customers.assignedStaffId,
      received: sql<number>`count(*)`,
      answered: sql<number>`sum(case when ${socialMentions.status} = 'replied' then 1 else 0 end)`,
      unansweredOver24h: sql<number>`sum(case when ${socialMentions.status} = 'new' and ${socialMentions.postedAt} <= ${now.getTime() - 24 * HOUR} then 1 else 0 end)`,
    })
    .from(socialMentions)
    .innerJoin(customers, eq(customers.id, socialMentions.customerId))
    .where(and(eq(socialMentions.storeId, storeId), gte(socialMentions.postedAt, from), lt(socialMentions.postedAt, to)))
    .groupBy(customers.assignedStaffId);
}

/** A store's figures for a period: per associate and in total. `today` is the store's calendar date, for overdue follow-ups. */
export async function getStoreDashboard(db: Db, { storeId, period, today, now = new Date() }: { storeId: string; period: Period; today: string; now?: Date }) {
  const [people, holdRows, medians, [mentionTotals], noteRows, contactRows, [followUpsDone, followUpsOverdue], clientPosts] = await Promise.all([
    db.select({ id: staff.id, name: staff.name, role: staff.role, active: staff.active }).from(staff).where(eq(staff.storeId, storeId)).orderBy(staff.name),
    holdFigures(db, storeId, period, now),
    answerMedians(db, storeId, period),
    db
      .select({
        received: sql<number>`count(*)`,
        answered: sql<number>`sum(case when ${socialMentions.status} = 'replied' then 1 else 0 end)`,
        unansweredOver24h: sql<number>`sum(case when ${socialMentions.status} = 'new' and ${socialMentions.postedAt} <= ${now.getTime() - 24 * HOUR} then 1 else 0 end)`,
      })
      .from(socialMentions)
      .where(and(eq(socialMentions.storeId, storeId), gte(socialMentions.postedAt, period.from), lt(socialMentions.postedAt, period.to))),
    db
      .select({ staffId: notes.staffId, written: sql<number>`count(*)` })
      .from(notes)
      .where(and(eq(notes.storeId, storeId), gte(notes.createdAt, period.from), lt(notes.createdAt, period.to)))
      .groupBy(notes.staffId),
    contactFigures(db, storeId, period),
    followUpFigures(db, storeId, period, today),
    clientPostFigures(db, storeId, period, now),
  ]);

  const perAssociate = people.map((person) => {
    const figure = <T extends { staffId: string | null }>(rows: T[], key: keyof T) => Number(rows.find((r) => r.staffId === person.id)?.[key] ?? 0);
    const h = holdRows.find((r) => r.staffId === person.id);
    const m = medians.perStaff.find((r) => r.staffId === person.id);
    const placed = Number(h?.placed ?? 0);
    const pickedUp = Number(h?.pickedUp ?? 0);
    const open = Number(h?.open ?? 0);
    const posts = clientPosts.find((r) => r.staffId === person.id);
    const clientPostsReceived = Number(posts?.received ?? 0);
    return {
      staffId: person.id,
      name: person.name,
      holdsPlaced: placed,
      stillOpen: open,
      pickedUp,
      // Of the holds that have ended: an open hold has no outcome yet.
      conversion: placed - open ? pickedUp / (placed - open) : null,
      released: Number(h?.released ?? 0),
      expired: Number(h?.expired ?? 0),
      pickedUpValueCents: Number(h?.pickedUpValueCents ?? 0),
      mentionsAnswered: Number(m?.answered ?? 0),
      medianAnswerMinutes: m ? Number(m.medianMinutes) : null,
      notesWritten: figure(noteRows, "written"),
      clientsContacted: figure(contactRows.perStaff, "customers"),
      followUpsDone: figure(followUpsDone, "done"),
      followUpsOverdue: figure(followUpsOverdue, "overdue"),
      clientPostsReceived,
      clientPostsAnswerRate: clientPostsReceived ? Number(posts?.answered ?? 0) / clientPostsReceived : null,
      clientPostsUnansweredOver24h: Number(posts?.unansweredOver24h ?? 0),
      active: person.active,
    };
  });
  const sum = (key: "holdsPlaced" | "stillOpen" | "pickedUp" | "released" | "expired" | "pickedUpValueCents" | "notesWritten" | "followUpsDone" | "followUpsOverdue") => perAssociate.reduce((total, a) => total + a[key], 0);
  const received = Number(mentionTotals?.received ?? 0);
  const answered = Number(mentionTotals?.answered ?? 0);
  return {
    // People who left stay in the table only for the periods they worked in.
    perAssociate: perAssociate.filter((a) => a.active || a.holdsPlaced || a.mentionsAnswered || a.notesWritten || a.clientsContacted || a.followUpsDone || a.followUpsOverdue || a.clientPostsReceived),
    totals: {
      holdsPlaced: sum("holdsPlaced"),
      stillOpen: sum("stillOpen"),
      pickedUp: sum("pickedUp"),
      conversion: sum("holdsPlaced") - sum("stillOpen") ? sum("pickedUp") / (sum("holdsPlaced") - sum("stillOpen")) : null,
      released: sum("released"),
      expired: sum("expired"),
      pickedUpValueCents: sum("pickedUpValueCents"),
      notesWritten: sum("notesWritten"),
      clientsContacted: contactRows.overall,
      followUpsDone: sum("followUpsDone"),
      followUpsOverdue: sum("followUpsOverdue"),
      mentionsReceived: received,
      mentionsAnswered: answered,
      answerRate: received ? answered / received : null,
      medianAnswerMinutes: medians.overallMedianMinutes,
      unansweredOver24h: Number(mentionTotals?.unansweredOver24h ?? 0),
    },
  };
}

/**
 * Holds placed and picked up, posts received and answered, per bucket. The
 * buckets are the store's calendar days (or weeks) given as `edges` (each
 * bucket's first instant, then the end), so a day with a clock change is
 * still one bar from midnight to midnight. SQL counts per hour since the
 * first edge (an integer bucket both databases compute alike); the hours are
 * folded into days here, at most a few thousand numbers, never rows.
 */
export async function getStoreTrend(db: Db, { storeId, edges }: { storeId: string; edges: Date[] }) {
  const start = edges[0]!.getTime();
  const end = edges.at(-1)!;
  const series = async (table: typeof holds | typeof socialMentions, column: AnyColumn, where: SQL | undefined) => {
    // Integer literals, not bound parameters: SQLite binds a JS number as a
    // float, and PostgreSQL's GROUP BY must see the very expression the SELECT
    // has. The cast truncates to a whole hour in both databases, also where
    // SQLite keeps a timestamp as a REAL (its default created_at is
    // fractional); rows are never before the first edge, so truncating is
    // flooring.
    const hour = sql<number>`cast((${column} - ${sql.raw(String(Math.trunc(start)))}) / ${sql.raw(String(HOUR))} as integer)`;
    const rows = await db
      .select({ hour, count: sql<number>`count(*)` })
      .from(table)
      .where(and(where, gte(column, edges[0]!), lt(column, end)))
      .groupBy(hour);
    const counts = new Array<number>(edges.length - 1).fill(0);
    for (const row of rows) {
      const at = start + Number(row.hour) * HOUR;
      const bucket = edges.findLastIndex((edge, i) => i < edges.length - 1 && edge.getTime() <= at);
      if (bucket >= 0) counts[bucket]! += Number(row.count);
    }
    return counts;
  };
  const [placed, pickedUp, received, answered] = await Promise.all([
    series(holds, holds.createdAt, eq(holds.storeId, storeId)),
    series(holds, holds.resolvedAt, and(eq(holds.storeId, storeId), eq(holds.status, "picked_up"))),
    series(socialMentions, socialMentions.postedAt, eq(socialMentions.storeId, storeId)),
    series(socialMentions, socialMentions.repliedAt, and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "replied"))),
  ]);
  return edges.slice(0, -1).map((edge, i) => ({
    start: edge,
    holdsPlaced: placed[i]!,
    pickedUp: pickedUp[i]!,
    mentionsReceived: received[i]!,
    mentionsAnswered: answered[i]!,
  }));
}
