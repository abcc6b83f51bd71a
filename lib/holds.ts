import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, holds, productVariants, storeStock } from "@/db/schema";

export const DEFAULT_HOLD_HOURS = 48;
export const MAX_HOLD_DAYS = 14;

type Reader = Pick<Db, "select">;

/**
 * Units of a variant a store can still promise: on hand minus active holds
 * that have not expired. An expired hold stops counting the moment it
 * expires, so availability never waits for a sweep to release stock.
 */
function availabilityQuery(db: Reader, storeId: string, variantId: string, now: Date) {
  const held = sql<number>`coalesce((select sum(${holds.quantity}) from ${holds}
    where ${holds.storeId} = ${storeStock.storeId} and ${holds.variantId} = ${storeStock.variantId}
    and ${holds.status} = 'active' and ${holds.expiresAt} > ${now.getTime()}), 0)`;
  return db
    .select({ available: sql<number>`${storeStock.onHand} - ${held}` })
    .from(storeStock)
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
      return { ok: true as const, holdId, replayed: false };
    },
    { behavior: "immediate" },
  );
}

/** Active, unexpired holds at a store: what is waiting on the shelf. */
export function activeHoldsCondition(storeId: string, now: Date) {
  return and(eq(holds.storeId, storeId), eq(holds.status, "active"), gt(holds.expiresAt, now));
}
