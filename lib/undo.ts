import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, contacts, customers, followUps, holds, notes, purchaseLines, purchases, socialMentions, storeStock } from "@/db/schema";
import { recordAudit } from "./audit";
import { recordChanges } from "./change-feed";
import { chunks } from "./client-books";
import { syncSearchCopies } from "./customers";
import { availabilityQuery, lockStock } from "./holds";

/**
 * How long after a change it can still be undone. The page offers Undo for
 * less (UNDO_OFFER_MS), so a tap at the last moment of the offer still arrives
 * in time.
 */
export const UNDO_WINDOW_MS = 30_000;
export const UNDO_OFFER_MS = 15_000;

/** What undoing each recorded action is recorded as. Only these can be undone. */
export const UNDONE_ACTIONS = {
  "hold.released": "hold.release_undone",
  "hold.expired": "hold.release_undone",
  "hold.picked_up": "hold.pick_up_undone",
  "mention.dismissed": "mention.dismiss_undone",
  "customer.reassigned": "customer.reassign_undone",
  "note.deleted": "note.delete_undone",
} as const;
export type UndoableAction = keyof typeof UNDONE_ACTIONS;

export type UndoResult =
  | { ok: true; action: UndoableAction }
  /** not_found: no such change of this caller's (or, for a manager, of this store's); changed: something happened since. */
  | { ok: false; reason: "not_found" | "too_late" | "changed" }
  | { ok: false; reason: "unavailable"; available: number };
type Outcome = { ok: true } | Extract<UndoResult, { ok: false }>;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
interface Entry {
  id: string;
  at: Date;
  staffId: string | null;
  action: UndoableAction;
  targetId: string;
  customerId: string | null;
  detail: Record<string, unknown>;
}
interface Actor {
  staffId: string;
  storeId: string;
  now: Date;
}

const CHANGED = { ok: false, reason: "changed" } as const;
const isUndoable = (action: string): action is UndoableAction => action in UNDONE_ACTIONS;

/**
 * Puts a recent change back as it was, as a change of its own: allowed to the
 * person who made it, or a manager of the same store, within UNDO_WINDOW_MS,
 * and only while nothing has happened since (the hold was not resolved again,
 * the unit is still free, the clients did not move on). Otherwise nothing
 * changes. Written in the audit log as the action's UNDONE_ACTIONS name.
 */
export async function undoChange(
  db: Db,
  { auditId, staffId, storeId, isManager, now = new Date() }: { auditId: string; staffId: string; storeId: string; isManager: boolean; now?: Date },
): Promise<UndoResult> {
  return db.transaction(async (tx): Promise<UndoResult> => {
    const [row] = await tx
      .select({ id: auditLog.id, at: auditLog.at, staffId: auditLog.staffId, action: auditLog.action, targetId: auditLog.targetId, customerId: auditLog.customerId, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.id, auditId), eq(auditLog.storeId, storeId)))
      .limit(1);
    if (!row || !isUndoable(row.action) || (row.staffId !== staffId && !isManager)) return { ok: false, reason: "not_found" };
    const age = now.getTime() - row.at.getTime();
    if (age > UNDO_WINDOW_MS || age < 0) return { ok: false, reason: "too_late" };
    const entry: Entry = { ...row, action: row.action, detail: row.detail ?? {} };
    const actor = { staffId, storeId, now };
    const outcome = await UNDO[entry.action](tx, entry, actor);
    return outcome.ok ? { ok: true, action: entry.action } : outcome;
  });
}

const UNDO: Record<UndoableAction, (tx: Tx, entry: Entry, actor: Actor) => Promise<Outcome>> = {
  "hold.released": undoRelease,
  "hold.expired": undoRelease,
  "hold.picked_up": undoPickUp,
  "mention.dismissed": undoDismissal,
  "customer.reassigned": undoReassignment,
  "note.deleted": undoNoteDeletion,
};

async function audit(tx: Tx, entry: Entry, actor: Actor, targetType: string, targetId = entry.targetId, customerId = entry.customerId, detail: Record<string, unknown> = {}) {
  await recordAudit(tx, { staffId: actor.staffId, storeId: actor.storeId, action: UNDONE_ACTIONS[entry.action], targetType, targetId, customerId, detail: { undoes: entry.id, ...detail } }, actor.now);
}

/** The hold the entry resolved, locked, if it is still resolved by exactly that change. */
async function resolvedHold(tx: Tx, entry: Entry, actor: Actor, status: "released" | "expired" | "picked_up") {
  const [hold] = await forUpdate(
    tx
      .select({ id: holds.id, customerId: holds.customerId, variantId: holds.variantId, quantity: holds.quantity, status: holds.status, expiresAt: holds.expiresAt, resolvedAt: holds.resolvedAt })
      .from(holds)
      .where(and(eq(holds.id, entry.targetId), eq(holds.storeId, actor.storeId)))
      .limit(1),
  );
  return hold && hold.status === status && hold.resolvedAt?.getTime() === entry.at.getTime() ? hold : undefined;
}

async function reopenHold(tx: Tx, entry: Entry, actor: Actor, hold: { id: string; customerId: string }) {
  await tx.update(holds).set({ status: "active", resolvedAt: null, resolvedByStaffId: null }).where(eq(holds.id, hold.id));
  await audit(tx, entry, actor, "hold", hold.id, hold.customerId);
  await recordChanges(tx, [{ kind: "hold", customerId: hold.customerId, storeId: actor.storeId }], actor.now);
}

/** The hold comes back if its unit is still free (checked under the store_stock lock, as placeHold does). */
async function undoRelease(tx: Tx, entry: Entry, actor: Actor): Promise<Outcome> {
  const hold = await resolvedHold(tx, entry, actor, entry.action === "hold.expired" ? "expired" : "released");
  if (!hold) return CHANGED;
  // An expired hold holds nothing, so bringing it back takes no unit.
  if (hold.expiresAt > actor.now) {
    await lockStock(tx, actor.storeId, hold.variantId);
    const [row] = await availabilityQuery(tx, actor.storeId, hold.variantId, actor.now);
    const available = Math.max(0, Number(row?.available ?? 0));
    if (available < hold.quantity) return { ok: false, reason: "unavailable", available };
  }
  await reopenHold(tx, entry, actor, hold);
  return { ok: true };
}

/** The sale, its contact and the visit go; the units go back on the shelf and the hold holds them again. */
async function undoPickUp(tx: Tx, entry: Entry, actor: Actor): Promise<Outcome> {
  const { purchaseId, contactId, stockTaken, lastVisitAt } = entry.detail;
  if (typeof purchaseId !== "string" || typeof contactId !== "string" || typeof stockTaken !== "number") return CHANGED;
  const hold = await resolvedHold(tx, entry, actor, "picked_up");
  if (!hold) return CHANGED;
  await tx.delete(purchaseLines).where(eq(purchaseLines.purchaseId, purchaseId));
  await tx.delete(purchases).where(and(eq(purchases.id, purchaseId), eq(purchases.customerId, hold.customerId)));
  await tx.delete(contacts).where(and(eq(contacts.id, contactId), eq(contacts.customerId, hold.customerId)));
  // Only the visit this pick-up recorded: a later one stays.
  const previousVisit = typeof lastVisitAt === "string" ? new Date(lastVisitAt) : null;
  await tx.update(customers).set({ lastVisitAt: previousVisit }).where(and(eq(customers.id, hold.customerId), eq(customers.lastVisitAt, entry.at)));
  const [stock] = await lockStock(tx, actor.storeId, hold.variantId);
  if (stock) await tx.update(storeStock).set({ onHand: stock.onHand + stockTaken }).where(and(eq(storeStock.storeId, actor.storeId), eq(storeStock.variantId, hold.variantId)));
  await reopenHold(tx, entry, actor, hold);
  return { ok: true };
}

/** Back in the inbox, unless someone has dealt with it since. */
async function undoDismissal(tx: Tx, entry: Entry, actor: Actor): Promise<Outcome> {
  const reopened = await tx
    .update(socialMentions)
    .set({ status: "new" })
    .where(and(eq(socialMentions.id, entry.targetId), eq(socialMentions.storeId, actor.storeId), eq(socialMentions.status, "dismissed")))
    .returning({ customerId: socialMentions.customerId });
  if (!reopened.length) return CHANGED;
  await audit(tx, entry, actor, "mention");
  await recordChanges(tx, [{ kind: "mention", customerId: reopened[0]!.customerId, storeId: actor.storeId }], actor.now);
  return { ok: true };
}

/** The note as it was, from the deletion's audit entry, with its own id and dates. */
async function undoNoteDeletion(tx: Tx, entry: Entry, actor: Actor): Promise<Outcome> {
  const { body, pinned, storeId, createdAt, updatedAt } = entry.detail;
  if (!entry.customerId || !entry.staffId || typeof body !== "string" || typeof storeId !== "string" || typeof createdAt !== "string") return CHANGED;
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, entry.customerId)).limit(1);
  if (!customer) return CHANGED;
  const restored = await tx
    .insert(notes)
    .values({
      id: entry.targetId,
      customerId: entry.customerId,
      staffId: entry.staffId,
      storeId,
      body,
      pinned: pinned === true,
      createdAt: new Date(createdAt),
      updatedAt: typeof updatedAt === "string" ? new Date(updatedAt) : null,
    })
    .onConflictDoNothing()
    .returning({ id: notes.id });
  if (!restored.length) return CHANGED;
  await audit(tx, entry, actor, "note");
  return { ok: true };
}

/**
 * Every client of the move goes back to who had them, with the open follow-ups
 * that went along; only if each is still where the move put them.
 */
async function undoReassignment(tx: Tx, entry: Entry, actor: Actor): Promise<Outcome> {
  const batch = typeof entry.detail.batch === "string" ? entry.detail.batch : entry.id;
  const siblings = await tx
    .select({ id: auditLog.id, customerId: auditLog.customerId, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.storeId, actor.storeId), eq(auditLog.action, "customer.reassigned"), eq(auditLog.at, entry.at), entry.staffId ? eq(auditLog.staffId, entry.staffId) : undefined));
  const moves = siblings
    .filter((s) => s.id === entry.id || s.detail?.batch === batch)
    .map((s) => ({ customerId: s.customerId, from: (s.detail?.from ?? null) as string | null, to: s.detail?.to as string }));
  if (moves.some((m) => !m.customerId)) return CHANGED;
  // Locked in id order, as reassignCustomers does, so two moves never wait on each other crosswise.
  const ids = moves.map((m) => m.customerId!).sort();
  const current = new Map<string, string | null>();
  for (const part of chunks(ids)) {
    const rows = await forUpdate(tx.select({ id: customers.id, assignedStaffId: customers.assignedStaffId }).from(customers).where(inArray(customers.id, part)).orderBy(asc(customers.id)));
    for (const row of rows) current.set(row.id, row.assignedStaffId);
  }
  if (moves.some((m) => current.get(m.customerId!) !== m.to)) return CHANGED;
  const byRoute = new Map<string, { from: string | null; to: string; ids: string[] }>();
  for (const move of moves) {
    const key = JSON.stringify([move.from, move.to]);
    const route = byRoute.get(key) ?? { from: move.from, to: move.to, ids: [] };
    route.ids.push(move.customerId!);
    byRoute.set(key, route);
  }
  for (const { from, to, ids: routeIds } of byRoute.values()) {
    for (const part of chunks(routeIds)) {
      await tx.update(customers).set({ assignedStaffId: from }).where(inArray(customers.id, part));
      await syncSearchCopies(tx, part, { assignedStaffId: from });
      if (from) await tx.update(followUps).set({ staffId: from }).where(and(inArray(followUps.customerId, part), eq(followUps.staffId, to), eq(followUps.status, "open")));
    }
  }
  for (const part of chunks(moves)) {
    await tx.insert(auditLog).values(
      part.map((move) => ({
        id: randomUUID(),
        at: actor.now,
        staffId: actor.staffId,
        storeId: actor.storeId,
        action: UNDONE_ACTIONS[entry.action],
        targetType: "customer",
        targetId: move.customerId!,
        customerId: move.customerId,
        detail: { undoes: entry.id, from: move.to, to: move.from },
      })),
    );
  }
  await recordChanges(tx, [{ kind: "client", storeId: actor.storeId }], actor.now);
  return { ok: true };
}
