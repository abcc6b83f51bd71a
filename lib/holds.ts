import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db";
import { auditLog, customers, holds, productVariants, products, purchaseLines, purchases, staff, storeStock } from "@/db/schema";
import { recordContact } from "./contacts";
import { recordChanges } from "./change-feed";

export const MAX_HOLD_DAYS = 14;

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

function availabilityQuery(db: Reader, storeId: string, variantId: string, now: Date) {
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

export interface PlaceHoldInput {
  customerId: string;
  variantId: string;
  storeId: string;
  staffId: string;
  expiresAt: Date;
  note?: string | null;
  /** One per form: a resubmitted form returns the hold it already made. */
  idempotencyKey: string;
  now?: Date;
}

/**
 * Places a hold if the store still has a unit free. The check and the insert
 * run in one IMMEDIATE transaction, which takes SQLite's write lock before
 * reading: two associates holding the last unit at the same moment are
 * serialised, and the second sees the first's hold. (On PostgreSQL the same
 * code needs the stock row locked with SELECT … FOR UPDATE.)
 */
export function placeHold(db: Db, input: PlaceHoldInput): PlaceHoldResult {
  const now = input.now ?? new Date();
  return db.transaction(
    (tx) => {
      const existing = tx.select({ id: holds.id }).from(holds).where(eq(holds.idempotencyKey, input.idempotencyKey)).get();
      if (existing) return { ok: true as const, holdId: existing.id, replayed: true };

      const customer = tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).get();
      const variant = tx.select({ id: productVariants.id }).from(productVariants).where(eq(productVariants.id, input.variantId)).get();
      if (!customer || !variant) return { ok: false as const, reason: "not_found" as const };

      const row = availabilityQuery(tx, input.storeId, input.variantId, now).get();
      const available = Math.max(0, Number(row?.available ?? 0));
      if (available < 1) return { ok: false as const, reason: "unavailable" as const, available };

      const holdId = randomUUID();
      tx.insert(holds)
        .values({
          id: holdId,
          customerId: input.customerId,
          variantId: input.variantId,
          storeId: input.storeId,
          staffId: input.staffId,
          quantity: 1,
          status: "active",
          expiresAt: input.expiresAt,
          note: input.note ?? null,
          idempotencyKey: input.idempotencyKey,
          createdAt: now,
        })
        .run();
      tx.insert(auditLog)
        .values({
          id: randomUUID(),
          at: now,
          staffId: input.staffId,
          storeId: input.storeId,
          action: "hold.placed",
          targetType: "hold",
          targetId: holdId,
          customerId: input.customerId,
          detail: { variantId: input.variantId, expiresAt: input.expiresAt.toISOString() },
        })
        .run();
      recordChanges(tx, [{ kind: "hold", customerId: input.customerId, storeId: input.storeId }], now);
      return { ok: true as const, holdId, replayed: false };
    },
    { behavior: "immediate" },
  );
}

export type HoldChangeResult = { ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "unavailable"; available: number };

function audit(tx: Pick<Db, "insert">, entry: { staffId: string; storeId: string; action: string; holdId: string; customerId: string; now: Date; detail?: Record<string, unknown> }) {
  tx.insert(auditLog)
    .values({ id: randomUUID(), at: entry.now, staffId: entry.staffId, storeId: entry.storeId, action: entry.action, targetType: "hold", targetId: entry.holdId, customerId: entry.customerId, detail: entry.detail ?? null })
    .run();
  // Every change to a hold also refreshes the pages that show it.
  recordChanges(tx, [{ kind: "hold", customerId: entry.customerId, storeId: entry.storeId }], entry.now);
}

/** An unresolved hold at this store, or undefined: other stores' holds are invisible here. */
function findOpenHold(tx: Pick<Db, "select">, holdId: string, storeId: string) {
  return tx
    .select({ id: holds.id, customerId: holds.customerId, variantId: holds.variantId, staffId: holds.staffId, quantity: holds.quantity, expiresAt: holds.expiresAt })
    .from(holds)
    .where(and(eq(holds.id, holdId), eq(holds.storeId, storeId), eq(holds.status, "active")))
    .get();
}

/**
 * The customer collected the item: the hold becomes a store sale attributed to
 * the associate who placed it, and the customer's last visit moves to now.
 */
export function markHoldPickedUp(db: Db, { holdId, storeId, staffId, now = new Date() }: { holdId: string; storeId: string; staffId: string; now?: Date }): HoldChangeResult {
  return db.transaction(
    (tx) => {
      const hold = findOpenHold(tx, holdId, storeId);
      if (!hold) return { ok: false as const, reason: "not_found" as const };
      const variant = tx
        .select({ productId: productVariants.productId, priceCents: productVariants.priceCents, name: products.name })
        .from(productVariants)
        .innerJoin(products, eq(products.id, productVariants.productId))
        .where(eq(productVariants.id, hold.variantId))
        .get();
      if (!variant) return { ok: false as const, reason: "not_found" as const };
      tx.update(holds).set({ status: "picked_up", resolvedAt: now, resolvedByStaffId: staffId }).where(eq(holds.id, hold.id)).run();
      const purchaseId = randomUUID();
      tx.insert(purchases)
        .values({ id: purchaseId, customerId: hold.customerId, channel: "store", storeId, staffId: hold.staffId, orderRef: `H-${hold.id.slice(0, 8).toUpperCase()}`, totalCents: variant.priceCents * hold.quantity, purchasedAt: now })
        .run();
      tx.insert(purchaseLines)
        .values({ id: randomUUID(), purchaseId, productId: variant.productId, variantId: hold.variantId, description: variant.name, quantity: hold.quantity, unitPriceCents: variant.priceCents })
        .run();
      tx.update(customers).set({ lastVisitAt: now }).where(eq(customers.id, hold.customerId)).run();
      tx.update(storeStock)
        .set({ onHand: sql`case when ${storeStock.onHand} > ${hold.quantity} then ${storeStock.onHand} - ${hold.quantity} else 0 end` })
        .where(and(eq(storeStock.storeId, storeId), eq(storeStock.variantId, hold.variantId)))
        .run();
      audit(tx, { staffId, storeId, action: "hold.picked_up", holdId: hold.id, customerId: hold.customerId, now, detail: { purchaseId } });
      recordContact(tx, { customerId: hold.customerId, staffId, storeId, kind: "pick_up", summary: variant.name, at: now });
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** The item goes back on the shelf: its unit is available again at once. */
export function releaseHold(db: Db, { holdId, storeId, staffId, now = new Date() }: { holdId: string; storeId: string; staffId: string; now?: Date }): HoldChangeResult {
  return db.transaction(
    (tx) => {
      const hold = findOpenHold(tx, holdId, storeId);
      if (!hold) return { ok: false as const, reason: "not_found" as const };
      const status = hold.expiresAt <= now ? "expired" : "released";
      tx.update(holds).set({ status, resolvedAt: now, resolvedByStaffId: staffId }).where(eq(holds.id, hold.id)).run();
      audit(tx, { staffId, storeId, action: `hold.${status}`, holdId: hold.id, customerId: hold.customerId, now });
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/**
 * Gives the customer more time. A hold that already expired no longer holds
 * its unit, so it can only be renewed if a unit is still free.
 */
export function extendHold(db: Db, { holdId, storeId, staffId, hours, now = new Date() }: { holdId: string; storeId: string; staffId: string; hours: number; now?: Date }): HoldChangeResult {
  return db.transaction(
    (tx) => {
      const hold = findOpenHold(tx, holdId, storeId);
      if (!hold) return { ok: false as const, reason: "not_found" as const };
      if (hold.expiresAt <= now) {
        const available = Math.max(0, Number(availabilityQuery(tx, storeId, hold.variantId, now).get()?.available ?? 0));
        if (available < hold.quantity) return { ok: false as const, reason: "unavailable" as const, available };
      }
      const from = hold.expiresAt > now ? hold.expiresAt : now;
      const expiresAt = new Date(Math.min(from.getTime() + hours * 3_600_000, now.getTime() + MAX_HOLD_DAYS * 86_400_000));
      tx.update(holds).set({ expiresAt }).where(eq(holds.id, hold.id)).run();
      audit(tx, { staffId, storeId, action: "hold.extended", holdId: hold.id, customerId: hold.customerId, now, detail: { expiresAt: expiresAt.toISOString() } });
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** Every unresolved hold at a store, soonest expiry first (overdue ones on top). */
export async function listStoreHolds(db: Db, { storeId }: { storeId: string }) {
  const placedBy = alias(staff, "placed_by");
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
