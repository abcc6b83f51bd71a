import { and, asc, eq, gt, inArray, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, contacts, customerSearchTerms, customers, followUps, holds, notes, socialMentions, staff, type ContactKind } from "@/db/schema";
import { localDate, addDays } from "../../lib/dates";
import { hashPassword } from "../../lib/passwords";
import { DEMO_PASSWORD, staffEmail, STORES, type SeededStore } from "./base";
import type { Rng } from "./random";
import { insertInChunks } from "./bulk";

const DAY = 86_400_000;
const BATCH = 5_000;

const REASONS = [
  "New season arrivals in her size",
  "Alterations ready for pick-up",
  "Ask how the coat fits after a week",
  "Private shopping evening invitation",
  "Back in stock: the loafers she asked about",
  "Anniversary gift ideas",
  "Check in before the holiday party",
  "Tailoring appointment reminder",
] as const;
const SUMMARIES = ["Left a voicemail", "Coming in on Saturday", "Sent photos of the new arrivals", "Asked about sizing", "Happy with the fit", null] as const;


/**
 * Client-book history for the demo: contacts (from answered posts, picked-up
 * holds, and calls/messages/visits), follow-ups due around today, and an
 * associate who has left the flagship with a book waiting to be spread out.
 * Runs after the customers, on its own random stream, so it changes nothing
 * that was seeded before it.
 */
export async function seedClientBooks(db: Db, { rng, stores, now, storyCustomerId }: { rng: Rng; stores: SeededStore[]; now: Date; storyCustomerId: string }) {
  const flagship = stores[0]!;
  const zoneOf = new Map(stores.map((s, i) => [s.id, STORES[i]!.timezone]));

  // Jordan left last month; 24 of the flagship's unassigned customers are still in their book.
  const jordan = rng.id();
  await db.insert(staff).values({ id: jordan, name: "Jordan Ellis", email: staffEmail("Jordan Ellis"), passwordHash: await hashPassword(DEMO_PASSWORD), role: "associate", storeId: flagship.id, active: false });
  const orphans = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.homeStoreId, flagship.id), isNull(customers.assignedStaffId), ne(customers.id, storyCustomerId)))
    .orderBy(asc(customers.id))
    .limit(24);
  if (orphans.length) {
    const ids = orphans.map((o) => o.id);
    await db.update(customers).set({ assignedStaffId: jordan }).where(inArray(customers.id, ids));
    // The lookup's copy of the associate, kept with the customer's.
    await db.update(customerSearchTerms).set({ assignedStaffId: jordan }).where(inArray(customerSearchTerms.customerId, ids));
  }

  const rows: (typeof contacts.$inferInsert)[] = [];
  for (const m of await db
    .select({ customerId: socialMentions.customerId, staffId: socialMentions.repliedByStaffId, storeId: socialMentions.storeId, at: socialMentions.repliedAt })
    .from(socialMentions)
    .where(and(eq(socialMentions.status, "replied"), isNotNull(socialMentions.customerId)))
    .orderBy(asc(socialMentions.id))) {
    if (m.customerId && m.staffId && m.storeId && m.at) rows.push({ id: rng.id(), customerId: m.customerId, staffId: m.staffId, storeId: m.storeId, kind: "mention_reply", at: m.at, summary: null });
  }
  for (const h of await db.select({ customerId: holds.customerId, staffId: holds.staffId, storeId: holds.storeId, at: holds.resolvedAt }).from(holds).where(eq(holds.status, "picked_up")).orderBy(asc(holds.id))) {
    if (h.at) rows.push({ id: rng.id(), customerId: h.customerId, staffId: h.staffId, storeId: h.storeId, kind: "pick_up", at: h.at, summary: null });
  }

  const plans: (typeof followUps.$inferInsert)[] = [];
  // Read in id order, a page at a time, so a million-customer seed stays in memory bounds.
  const page = (after: string) =>
    db
      .select({ id: customers.id, staffId: customers.assignedStaffId, storeId: staff.storeId })
      .from(customers)
      .innerJoin(staff, and(eq(staff.id, customers.assignedStaffId), eq(staff.active, true)))
      .where(gt(customers.id, after))
      .orderBy(asc(customers.id))
      .limit(BATCH);
  for (let chunk = await page(""); chunk.length; chunk = await page(chunk.at(-1)!.id)) for (const c of chunk) {
    if (!c.staffId || c.id === storyCustomerId) continue;
    const today = localDate(now, zoneOf.get(c.storeId) ?? "UTC");
    if (rng.chance(0.3)) {
      const kind = rng.pick(["call", "message", "message", "visit"] as const satisfies readonly ContactKind[]);
      rows.push({ id: rng.id(), customerId: c.id, staffId: c.staffId, storeId: c.storeId, kind, at: new Date(now.getTime() - rng.next() * 60 * DAY), summary: rng.pick(SUMMARIES) });
    }
    if (rng.chance(0.07)) {
      plans.push({ id: rng.id(), customerId: c.id, storeId: c.storeId, staffId: c.staffId, createdByStaffId: c.staffId, dueOn: addDays(today, rng.int(-5, 14)), reason: rng.pick(REASONS), createdAt: new Date(now.getTime() - rng.int(3, 20) * DAY) });
    } else if (rng.chance(0.05)) {
      const doneAt = new Date(now.getTime() - rng.next() * 80 * DAY);
      plans.push({
        id: rng.id(),
        customerId: c.id,
        storeId: c.storeId,
        staffId: c.staffId,
        createdByStaffId: c.staffId,
        dueOn: localDate(doneAt, zoneOf.get(c.storeId) ?? "UTC"),
        reason: rng.pick(REASONS),
        status: "done",
        outcome: rng.pick(SUMMARIES),
        doneAt,
        doneByStaffId: c.staffId,
        createdAt: new Date(doneAt.getTime() - 7 * DAY),
      });
      rows.push({ id: rng.id(), customerId: c.id, staffId: c.staffId, storeId: c.storeId, kind: "follow_up", at: doneAt, summary: null });
    }
  }

  // Maya's plan for Alicia, once the coat is hers.
  plans.push({
    id: rng.id(),
    customerId: storyCustomerId,
    storeId: flagship.id,
    staffId: flagship.associateIds[0]!,
    createdByStaffId: flagship.associateIds[0]!,
    dueOn: addDays(localDate(now, zoneOf.get(flagship.id) ?? "UTC"), 7),
    reason: "Ask how the Milly coat fits; the new Milly knitwear arrives next week",
    createdAt: new Date(now.getTime() - DAY),
  });
  // Her last visit: Maya sold her a blazer in the store.
  const [story] = await db.select({ at: customers.lastVisitAt }).from(customers).where(eq(customers.id, storyCustomerId)).limit(1);
  const lastVisit = story?.at;
  if (lastVisit) rows.push({ id: rng.id(), customerId: storyCustomerId, staffId: flagship.associateIds[0]!, storeId: flagship.id, kind: "visit", at: lastVisit, summary: "Bought the Theory blazer; asked about wool coats for fall" });
  await insertInChunks(db, contacts, rows);
  await insertInChunks(db, followUps, plans);
  await seedAuditTrail(db, rng);
  return { leaverId: jordan, orphans: orphans.length };
}

/** What the seeded history would have written to the audit log, so a manager's audit view has a past. */
async function seedAuditTrail(db: Db, rng: Rng) {
  const entries: (typeof auditLog.$inferInsert)[] = [];
  const add = (e: Omit<typeof auditLog.$inferInsert, "id">) => entries.push({ id: rng.id(), ...e });
  for (const h of await db.select().from(holds).orderBy(asc(holds.id))) {
    add({ at: h.createdAt!, staffId: h.staffId, storeId: h.storeId, action: "hold.placed", targetType: "hold", targetId: h.id, customerId: h.customerId, detail: { variantId: h.variantId } });
    if (h.resolvedAt && h.status !== "active") add({ at: h.resolvedAt, staffId: h.staffId, storeId: h.storeId, action: `hold.${h.status}`, targetType: "hold", targetId: h.id, customerId: h.customerId });
  }
  for (const n of await db.select({ id: notes.id, customerId: notes.customerId, staffId: notes.staffId, storeId: notes.storeId, createdAt: notes.createdAt, pinned: notes.pinned }).from(notes).orderBy(asc(notes.id))) {
    add({ at: n.createdAt, staffId: n.staffId, storeId: n.storeId, action: "note.added", targetType: "note", targetId: n.id, customerId: n.customerId, detail: { pinned: n.pinned } });
  }
  for (const m of await db.select().from(socialMentions).where(eq(socialMentions.status, "replied")).orderBy(asc(socialMentions.id))) {
    add({ at: m.repliedAt!, staffId: m.repliedByStaffId, storeId: m.storeId, action: "mention.replied", targetType: "mention", targetId: m.id, customerId: m.customerId, detail: { reply: m.replyText } });
  }
  for (const f of await db.select().from(followUps).orderBy(asc(followUps.id))) {
    add({ at: f.createdAt!, staffId: f.createdByStaffId, storeId: f.storeId, action: "follow_up.set", targetType: "follow_up", targetId: f.id, customerId: f.customerId, detail: { dueOn: f.dueOn, reason: f.reason } });
    if (f.status === "done" && f.doneAt) add({ at: f.doneAt, staffId: f.doneByStaffId, storeId: f.storeId, action: "follow_up.done", targetType: "follow_up", targetId: f.id, customerId: f.customerId, detail: f.outcome ? { outcome: f.outcome } : null });
  }
  await insertInChunks(db, auditLog, entries);
}
