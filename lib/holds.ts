import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { aliasTable, forUpdate, isUniqueViolation } from "@/db/dialect";
import { auditLog, customers, holds, productVariants, products, purchaseLines, purchases, staff, storeStock } from "@/db/schema";
import type { AuditAction } from "./audit-actions";
import { recordContact } from "./contacts";
import { recordChanges } from "./change-feed";
import { extendedHoldEnd, holdEnd } from "./store-hours";
import { getStoreSchedule } from "./store-schedule";
import { MAX_HOLD_DAYS } from "./hold-fields";

export { MAX_HOLD_DAYS };

/** The longest a hold may run from `now`. */
function latestEnd(now: Date): Date {
  return new Date(now.getTime() + MAX_HOLD_DAYS * 86_400_000);
}

type Reader = Pick<Db, "select">;

/**
 * The one rule for what a store cannot promise: units held by active holds
 * that have not expired, per store and variant. An expired hold stops
 * counting the moment it expires, so availability never waits for a sweep.
 * Join it to store_stock with heldJoin and read availableUnits.
 */
export function heldUnits(db: Reader, { now, storeId, variantIds }: { now: Date; storeId?: string; variantIds?: string[] }) {
  return db
    .select({ storeId: holds.storeId, variantId: holds.variantId, units: sql<number>`sum(${holds.quantity})`.as("units") })
    .from(holds)
    .where(
      and(
        eq(holds.status, "active"),
        gt(holds.expiresAt, now),
        storeId ? eq(holds.storeId, storeId) : undefined,
        variantIds ? inArray(holds.variantId, variantIds) : undefined,
      ),
    )
    .groupBy(holds.storeId, holds.variantId)
    .as("held");
}

type HeldUnits = ReturnType<typeof heldUnits>;

export function heldJoin(held: HeldUnits) {
  return and(eq(held.storeId, storeStock.storeId), eq(held.variantId, storeStock.variantId));
}

/** On hand minus held, for a row of store_stock joined with heldUnits. */
export function availableUnits(held: HeldUnits) {
  return sql<number>`${storeStock.onHand} - coalesce(${held.units}, 0)`;
}

export function availabilityQuery(db: Reader, storeId: string, variantId: string, now: Date) {
  const held = heldUnits(db, { now, storeId, variantIds: [variantId] });
  return db
    .select({ available: availableUnits(held) })
    .from(storeStock)
    .leftJoin(held, heldJoin(held))
    .where(and(eq(storeStock.storeId, storeId), eq(storeStock.variantId, variantId)));
}

export async function getAvailability(db: Db, { storeId, variantId, now = new Date() }: { storeId: string; variantId: string; now?: Date }) {
  const [row] = await availabilityQuery(db, storeId, variantId, now);
  return Math.max(0, Number(row?.available ?? 0));
}

export type PlaceHoldResult =
  | { ok: true; holdId: string; replayed: boolean }
  | { ok: false; reason: "unavailable"; available: number }
  | { ok: false; reason: "not_found" };

export type PlaceHoldInput = {
  customerId: string;
  variantId: string;
  storeId: string;
  staffId: string;
  note?: string | null;
  /** One per form: a resubmitted form returns the hold it already made. */
  idempotencyKey: string;
  now?: Date;
} & (
  | {
      /** Open days the customer gets: the hold ends at closing time on the last of them (store-hours.ts holdEnd). */
      days: number;
      expiresAt?: never;
    }
  | {
      /** An exact end, for imports, seeds and tests. */
      expiresAt: Date;
      days?: never;
    }
);

/**
 * Places a hold if the store still has a unit free. The check and the insert
 * run in one transaction that first locks the variant's store_stock row
 * (SELECT … FOR UPDATE on PostgreSQL; SQLite's write transaction already holds
 * the whole database): two associates holding the last unit at the same moment
 * are serialised, and the second sees the first's hold. A resubmitted form
 * (the same staff member's idempotency key) returns the hold it already made.
 */
export async function placeHold(db: Db, input: PlaceHoldInput): Promise<PlaceHoldResult> {
  const now = input.now ?? new Date();
  try {
    return await db.transaction(async (tx): Promise<PlaceHoldResult> => {
      // Taken first, so a form submitted twice at once waits here and then sees its own hold.
      await lockStock(tx, input.storeId, input.variantId);
      const existing = await findByIdempotencyKey(tx, input.staffId, input.idempotencyKey);
      if (existing) return { ok: true, holdId: existing.id, replayed: true };

      const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1);
      const [variant] = await tx.select({ id: productVariants.id }).from(productVariants).where(eq(productVariants.id, input.variantId)).limit(1);
      if (!customer || !variant) return { ok: false, reason: "not_found" };

      const [row] = await availabilityQuery(tx, input.storeId, input.variantId, now);
      const available = Math.max(0, Number(row?.available ?? 0));
      if (available < 1) return { ok: false, reason: "unavailable", available };

      const expiresAt = input.expiresAt ?? (await endOfHold(tx, input.storeId, input.days, now));
      if (!expiresAt) return { ok: false, reason: "not_found" };
      const holdId = randomUUID();
      await tx.insert(holds).values({
        id: holdId,
        customerId: input.customerId,
        variantId: input.variantId,
        storeId: input.storeId,
        staffId: input.staffId,
        quantity: 1,
        status: "active",
        expiresAt,
        note: input.note ?? null,
        idempotencyKey: input.idempotencyKey,
        createdAt: now,
      });
      await tx.insert(auditLog).values({
        id: randomUUID(),
        at: now,
        staffId: input.staffId,
        storeId: input.storeId,
        action: "hold.placed",
        targetType: "hold",
        targetId: holdId,
        customerId: input.customerId,
        detail: { variantId: input.variantId, expiresAt: expiresAt.toISOString() },
      });
      await recordChanges(tx, [{ kind: "hold", customerId: input.customerId, storeId: input.storeId }], now);
      return { ok: true, holdId, replayed: false };
    });
  } catch (error) {
    // The same key saved by a transaction that committed after our check
    // without sharing our lock (the form resent with another variant chosen):
    // answer with its hold, as SQLite's serialised writes would have.
    if (!isUniqueViolation(error)) throw error;
    const existing = await findByIdempotencyKey(db, input.staffId, input.idempotencyKey);
    if (existing) return { ok: true, holdId: existing.id, replayed: true };
    throw error;
  }
}

/** Closing time on the store's `days`-th open day ahead, or null for an unknown store. */
async function endOfHold(tx: Reader, storeId: string, days: number, now: Date): Promise<Date | null> {
  const schedule = await getStoreSchedule(tx, { storeId, now });
  return schedule && holdEnd(schedule, { now, days, latest: latestEnd(now) });
}

/** Keys are per staff member: one person's key never answers with another person's hold. */
async function findByIdempotencyKey(tx: Reader, staffId: string, idempotencyKey: string) {
  const [row] = await tx
    .select({ id: holds.id })
    .from(holds)
    .where(and(eq(holds.staffId, staffId), eq(holds.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row;
}

/** Locks the store_stock row of a variant until the transaction ends (no-op on SQLite), and reads it. */
export async function lockStock(tx: Reader, storeId: string, variantId: string) {
  return forUpdate(
    tx
      .select({ onHand: storeStock.onHand })
      .from(storeStock)
      .where(and(eq(storeStock.storeId, storeId), eq(storeStock.variantId, variantId))),
  );
}

/** `auditId` names a release or pick-up for undoing it (lib/undo.ts); `expiresAt` is where "+1 day" moved the end. */
export type HoldChangeResult = { ok: true; auditId?: string; expiresAt?: Date } | { ok: false; reason: "not_found" } | { ok: false; reason: "unavailable"; available: number };

/** Records a change to a hold and announces it; returns the audit entry's id. */
async function audit(tx: Pick<Db, "insert">, entry: { staffId: string; storeId: string; action: AuditAction; holdId: string; customerId: string; now: Date; detail?: Record<string, unknown> }) {
  const id = randomUUID();
  await tx
    .insert(auditLog)
    .values({ id, at: entry.now, staffId: entry.staffId, storeId: entry.storeId, action: entry.action, targetType: "hold", targetId: entry.holdId, customerId: entry.customerId, detail: entry.detail ?? null });
  // Every change to a hold also refreshes the pages that show it.
  await recordChanges(tx, [{ kind: "hold", customerId: entry.customerId, storeId: entry.storeId }], entry.now);
  return id;
}

/**
 * An unresolved hold at this store, or undefined: other stores' holds are
 * invisible here. The row stays locked until the transaction ends, so two
 * people resolving the same hold at once cannot both do it (on PostgreSQL the
 * second waits, then no longer finds it active).
 */
async function findOpenHold(tx: Reader, holdId: string, storeId: string) {
  const [hold] = await forUpdate(
    tx
      .select({ id: holds.id, customerId: holds.customerId, variantId: holds.variantId, staffId: holds.staffId, quantity: holds.quantity, expiresAt: holds.expiresAt })
      .from(holds)
      .where(and(eq(holds.id, holdId), eq(holds.storeId, storeId), eq(holds.status, "active")))
      .limit(1),
  );
  return hold;
}

/**
 * The customer collected the item: the hold becomes a store sale attributed to
 * the associate who placed it, and the customer's last visit moves to now.
 */
export async function markHoldPickedUp(db: Db, { holdId, storeId, staffId, now = new Date() }: { holdId: string; storeId: string; staffId: string; now?: Date }): Promise<HoldChangeResult> {
  return db.transaction(async (tx): Promise<HoldChangeResult> => {
    const hold = await findOpenHold(tx, holdId, storeId);
    if (!hold) return { ok: false, reason: "not_found" };
    const [variant] = await tx
      .select({ productId: productVariants.productId, priceCents: productVariants.priceCents, name: products.name })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(eq(productVariants.id, hold.variantId))
      .limit(1);
    if (!variant) return { ok: false, reason: "not_found" };
    await tx.update(holds).set({ status: "picked_up", resolvedAt: now, resolvedByStaffId: staffId }).where(eq(holds.id, hold.id));
    const purchaseId = randomUUID();
    await tx
      .insert(purchases)
      .values({ id: purchaseId, customerId: hold.customerId, channel: "store", storeId, staffId: hold.staffId, orderRef: `H-${hold.id.slice(0, 8).toUpperCase()}`, totalCents: variant.priceCents * hold.quantity, purchasedAt: now });
    await tx
      .insert(purchaseLines)
      .values({ id: randomUUID(), purchaseId, productId: variant.productId, variantId: hold.variantId, description: variant.name, quantity: hold.quantity, unitPriceCents: variant.priceCents });
    const [customer] = await tx.select({ lastVisitAt: customers.lastVisitAt }).from(customers).where(eq(customers.id, hold.customerId)).limit(1);
    await tx.update(customers).set({ lastVisitAt: now }).where(eq(customers.id, hold.customerId));
    // What undoing it must put back: the units actually taken off the shelf and the visit before this one.
    const [stock] = await lockStock(tx, storeId, hold.variantId);
    const stockTaken = Math.min(stock?.onHand ?? 0, hold.quantity);
    await tx
      .update(storeStock)
      .set({ onHand: sql`case when ${storeStock.onHand} > ${hold.quantity} then ${storeStock.onHand} - ${hold.quantity} else 0 end` })
      .where(and(eq(storeStock.storeId, storeId), eq(storeStock.variantId, hold.variantId)));
    const contactId = await recordContact(tx, { customerId: hold.customerId, staffId, storeId, kind: "pick_up", summary: variant.name, at: now });
    const auditId = await audit(tx, {
      staffId,
      storeId,
      action: "hold.picked_up",
      holdId: hold.id,
      customerId: hold.customerId,
      now,
      detail: { purchaseId, contactId, stockTaken, lastVisitAt: customer?.lastVisitAt?.toISOString() ?? null },
    });
    return { ok: true, auditId };
  });
}

/** The item goes back on the shelf: its unit is available again at once. */
export async function releaseHold(db: Db, { holdId, storeId, staffId, now = new Date() }: { holdId: string; storeId: string; staffId: string; now?: Date }): Promise<HoldChangeResult> {
  return db.transaction(async (tx): Promise<HoldChangeResult> => {
    const hold = await findOpenHold(tx, holdId, storeId);
    if (!hold) return { ok: false, reason: "not_found" };
    const status = hold.expiresAt <= now ? "expired" : "released";
    await tx.update(holds).set({ status, resolvedAt: now, resolvedByStaffId: staffId }).where(eq(holds.id, hold.id));
    const auditId = await audit(tx, { staffId, storeId, action: `hold.${status}`, holdId: hold.id, customerId: hold.customerId, now });
    return { ok: true, auditId };
  });
}

/**
 * Gives the customer one more open day: the hold then ends at closing time on
 * the store's next open day after the one it ended on (store-hours.ts
 * extendedHoldEnd), never more than MAX_HOLD_DAYS from now. A hold that
 * already expired no longer holds its unit, so it can only be renewed if a
 * unit is still free (checked under the same store_stock lock as placeHold,
 * so the unit cannot go twice).
 */
export async function extendHold(
  db: Db,
  { holdId, storeId, staffId, now = new Date() }: { holdId: string; storeId: string; staffId: string; now?: Date },
): Promise<HoldChangeResult> {
  return db.transaction(async (tx): Promise<HoldChangeResult> => {
    const hold = await findOpenHold(tx, holdId, storeId);
    if (!hold) return { ok: false, reason: "not_found" };
    if (hold.expiresAt <= now) {
      await lockStock(tx, storeId, hold.variantId);
      const [row] = await availabilityQuery(tx, storeId, hold.variantId, now);
      const available = Math.max(0, Number(row?.available ?? 0));
      if (available < hold.quantity) return { ok: false, reason: "unavailable", available };
    }
    const schedule = await getStoreSchedule(tx, { storeId, now });
    if (!schedule) return { ok: false, reason: "not_found" };
    const expiresAt = extendedHoldEnd(schedule, { expiresAt: hold.expiresAt, now, latest: latestEnd(now) });
    await tx.update(holds).set({ expiresAt }).where(eq(holds.id, hold.id));
    await audit(tx, { staffId, storeId, action: "hold.extended", holdId: hold.id, customerId: hold.customerId, now, detail: { expiresAt: expiresAt.toISOString() } });
    return { ok: true, expiresAt };
  });
}

/** Every unresolved hold at a store, soonest expiry first (overdue ones on top). */
export async function listStoreHolds(db: Db, { storeId }: { storeId: string }) {
  const placedBy = aliasTable(staff, "placed_by");
  return db
    .select({
      id: holds.id,
      expiresAt: holds.expiresAt,
      createdAt: holds.createdAt,
      note: holds.note,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
      product: { name: products.name, imageUrl: productVariants.imageUrl },
      variant: { size: productVariants.size, colour: productVariants.colour },
      placedBy: placedBy.name,
      placedById: holds.staffId,
    })
    .from(holds)
    .innerJoin(customers, eq(customers.id, holds.customerId))
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .innerJoin(products, eq(products.id, productVariants.productId))
    .innerJoin(placedBy, eq(placedBy.id, holds.staffId))
    .where(and(eq(holds.storeId, storeId), eq(holds.status, "active")))
    .orderBy(asc(holds.expiresAt))
    .limit(200);
}

/** Who a hold is for, what it is and who placed it, at this store: for saying what was done to it. */
export async function getHoldSummary(db: Db, { holdId, storeId }: { holdId: string; storeId: string }) {
  const [row] = await db
    .select({ customerFirstName: customers.firstName, customerLastName: customers.lastName, productName: products.name, placedById: holds.staffId, placedBy: staff.name })
    .from(holds)
    .innerJoin(customers, eq(customers.id, holds.customerId))
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .innerJoin(products, eq(products.id, productVariants.productId))
    .innerJoin(staff, eq(staff.id, holds.staffId))
    .where(and(eq(holds.id, holdId), eq(holds.storeId, storeId)))
    .limit(1);
  return row;
}
