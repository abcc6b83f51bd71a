import "server-only";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { holds, notes, productVariants, socialMentions, staff } from "@/db/schema";

export interface Period {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;

/**
 * Hold outcomes per associate for holds placed in the period, counted in SQL.
 * An active hold past its expiry counts as expired, as everywhere else.
 */
async function holdFigures(db: Db, storeId: string, { from, to }: Period, now: Date) {
  const expired = sql`(${holds.status} = 'expired' or (${holds.status} = 'active' and ${holds.expiresAt} <= ${now.getTime()}))`;
  return db
    .select({
      staffId: holds.staffId,
      placed: sql<number>`count(*)`,
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
  const minutes = sql<number>`(${socialMentions.repliedAt} - ${socialMentions.postedAt}) / 60000.0`;
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

/** A store's figures for a period: per associate and in total. */
export async function getStoreDashboard(db: Db, { storeId, period, now = new Date() }: { storeId: string; period: Period; now?: Date }) {
  const [people, holdRows, medians, [mentionTotals], noteRows] = await Promise.all([
    db.select({ id: staff.id, name: staff.name, role: staff.role }).from(staff).where(eq(staff.storeId, storeId)).orderBy(staff.name),
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
  ]);

  const perAssociate = people.map((person) => {
    const h = holdRows.find((r) => r.staffId === person.id);
    const m = medians.perStaff.find((r) => r.staffId === person.id);
    const placed = Number(h?.placed ?? 0);
    const pickedUp = Number(h?.pickedUp ?? 0);
    return {
      staffId: person.id,
      name: person.name,
      holdsPlaced: placed,
      pickedUp,
      conversion: placed ? pickedUp / placed : null,
      released: Number(h?.released ?? 0),
      expired: Number(h?.expired ?? 0),
      pickedUpValueCents: Number(h?.pickedUpValueCents ?? 0),
      mentionsAnswered: Number(m?.answered ?? 0),
      medianAnswerMinutes: m ? Number(m.medianMinutes) : null,
      notesWritten: Number(noteRows.find((n) => n.staffId === person.id)?.written ?? 0),
    };
  });
  const sum = (key: "holdsPlaced" | "pickedUp" | "released" | "expired" | "pickedUpValueCents" | "notesWritten") => perAssociate.reduce((total, a) => total + a[key], 0);
  const received = Number(mentionTotals?.received ?? 0);
  const answered = Number(mentionTotals?.answered ?? 0);
  return {
    perAssociate,
    totals: {
      holdsPlaced: sum("holdsPlaced"),
      pickedUp: sum("pickedUp"),
      conversion: sum("holdsPlaced") ? sum("pickedUp") / sum("holdsPlaced") : null,
      released: sum("released"),
      expired: sum("expired"),
      pickedUpValueCents: sum("pickedUpValueCents"),
      notesWritten: sum("notesWritten"),
      mentionsReceived: received,
      mentionsAnswered: answered,
      answerRate: received ? answered / received : null,
      medianAnswerMinutes: medians.overallMedianMinutes,
      unansweredOver24h: Number(mentionTotals?.unansweredOver24h ?? 0),
    },
  };
}
