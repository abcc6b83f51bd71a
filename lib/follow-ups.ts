import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { preparedRead } from "@/db/dialect";
import { auditLog, customers, followUps, staff, type ContactKind } from "@/db/schema";
import { recordContact } from "./contacts";
import { recordChanges } from "./change-feed";

export type FollowUpResult = { ok: true; id: string } | { ok: false; reason: "not_found" | "closed" };

/**
 * Puts a follow-up on the associate's own list, due on a day in the store's
 * calendar. Any associate may set one for any customer they serve.
 */
export async function setFollowUp(
  db: Db,
  { customerId, staffId, storeId, dueOn, reason, now = new Date() }: { customerId: string; staffId: string; storeId: string; dueOn: string; reason: string; now?: Date },
): Promise<FollowUpResult> {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1);
    if (!customer) return { ok: false as const, reason: "not_found" as const };
    const id = randomUUID();
    await tx.insert(followUps).values({ id, customerId, storeId, staffId, createdByStaffId: staffId, dueOn, reason, createdAt: now });
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: "follow_up.set", targetType: "follow_up", targetId: id, customerId, detail: { dueOn, reason } });
    await recordChanges(tx, [{ kind: "follow_up", customerId, storeId }], now);
    return { ok: true as const, id };
  });
}

/**
 * Done: the follow-up leaves the list and counts as a contact with the
 * customer, made the way the associate says (call, message, visit).
 */
export async function completeFollowUp(
  db: Db,
  { followUpId, staffId, storeId, how, outcome, now = new Date() }: { followUpId: string; staffId: string; storeId: string; how: ContactKind; outcome?: string | null; now?: Date },
): Promise<FollowUpResult> {
  return closeFollowUp(db, { followUpId, staffId, storeId, now }, "done", async (tx, followUp) => {
    await recordContact(tx, { customerId: followUp.customerId, staffId, storeId, kind: how, summary: outcome || followUp.reason, at: now });
  }, outcome ?? null);
}

/** No longer needed: closed without counting as a contact. */
export async function cancelFollowUp(db: Db, { followUpId, staffId, storeId, now = new Date() }: { followUpId: string; staffId: string; storeId: string; now?: Date }): Promise<FollowUpResult> {
  return closeFollowUp(db, { followUpId, staffId, storeId, now }, "cancelled", async () => {}, null);
}

async function closeFollowUp(
  db: Db,
  { followUpId, staffId, storeId, now }: { followUpId: string; staffId: string; storeId: string; now: Date },
  status: "done" | "cancelled",
  sideEffect: (tx: Pick<Db, "insert">, followUp: { customerId: string; reason: string }) => Promise<void>,
  outcome: string | null,
): Promise<FollowUpResult> {
  return db.transaction(async (tx) => {
    // Anyone at the store may close the store's follow-ups (a colleague covering a day off).
    const scope = and(eq(followUps.id, followUpId), eq(followUps.storeId, storeId));
    const [followUp] = await tx.select({ customerId: followUps.customerId, reason: followUps.reason, status: followUps.status }).from(followUps).where(scope).limit(1);
    if (!followUp) return { ok: false as const, reason: "not_found" as const };
    if (followUp.status !== "open") return { ok: false as const, reason: "closed" as const };
    // Closing only what is still open: two people closing it at once, one wins.
    const closed = await tx
      .update(followUps)
      .set({ status, outcome, doneAt: now, doneByStaffId: staffId })
      .where(and(scope, eq(followUps.status, "open")))
      .returning({ id: followUps.id });
    if (!closed.length) return { ok: false as const, reason: "closed" as const };
    await sideEffect(tx, followUp);
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: `follow_up.${status}`, targetType: "follow_up", targetId: followUpId, customerId: followUp.customerId, detail: outcome ? { outcome } : null });
    await recordChanges(tx, [{ kind: "follow_up", customerId: followUp.customerId, storeId }], now);
    return { ok: true as const, id: followUpId };
  });
}

/** A customer's open follow-ups (soonest first) and the last few closed ones. */
export async function listCustomerFollowUps(db: Db, customerId: string) {
  const [open, closed] = await Promise.all([readOpenFollowUps(db, { customerId }), readClosedFollowUps(db, { customerId })]);
  return { open, closed };
}

const followUpColumns = {
  id: followUps.id,
  dueOn: followUps.dueOn,
  reason: followUps.reason,
  status: followUps.status,
  outcome: followUps.outcome,
  doneAt: followUps.doneAt,
  storeId: followUps.storeId,
  staffName: staff.name,
};
// Read on every profile view: made once each (preparedRead).
const readOpenFollowUps = preparedRead("customer_follow_ups_open", (db) =>
  db
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(staff, eq(staff.id, followUps.staffId))
    .where(and(eq(followUps.customerId, sql.placeholder("customerId")), eq(followUps.status, "open")))
    .orderBy(asc(followUps.dueOn)),
);
const readClosedFollowUps = preparedRead("customer_follow_ups_done", (db) =>
  db
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(staff, eq(staff.id, followUps.doneByStaffId))
    .where(and(eq(followUps.customerId, sql.placeholder("customerId")), eq(followUps.status, "done")))
    .orderBy(desc(followUps.doneAt))
    .limit(3),
);

/** The associate's follow-ups due today or earlier and still open, oldest first. */
export async function listDueFollowUps(db: Db, { staffId, today }: { staffId: string; today: string }) {
  return db
    .select({
      id: followUps.id,
      dueOn: followUps.dueOn,
      reason: followUps.reason,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
    })
    .from(followUps)
    .innerJoin(customers, eq(customers.id, followUps.customerId))
    .where(and(eq(followUps.staffId, staffId), eq(followUps.status, "open"), lte(followUps.dueOn, today)))
    .orderBy(asc(followUps.dueOn), asc(customers.lastName));
}
