import "server-only";
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { holds, storeStock, stores } from "@/db/schema";
import { availableUnits, heldJoin, heldUnits } from "./holds";

/** Where else a unit is free now, and when one held here comes back to the shelf (a hold ending). */
export interface ElsewhereAnswer {
  stores: Array<{ name: string; city: string; available: number }>;
  /** The soonest a hold on this variant at her store ends, if the store has any at all. */
  nextFreeAt: Date | null;
}

/**
 * For a customer who wanted an item and found no unit free in her size: the
 * other stores that have one now (most units first, at most three), and when
 * a unit at her store may come free. There is no restock feed, so "when" is
 * only ever a hold running out; otherwise the page says the associate will look.
 */
export async function whereElse(db: Pick<Db, "select">, { variantId, storeId, now }: { variantId: string; storeId: string; now: Date }): Promise<ElsewhereAnswer> {
  const held = heldUnits(db, { now, variantIds: [variantId] });
  const available = availableUnits(held);
  const others = await db
    .select({ name: stores.name, city: stores.city, available })
    .from(storeStock)
    .innerJoin(stores, eq(stores.id, storeStock.storeId))
    .leftJoin(held, heldJoin(held))
    .where(and(eq(storeStock.variantId, variantId), ne(storeStock.storeId, storeId), sql`${available} > 0`))
    .orderBy(sql`${available} desc`, asc(stores.name))
    .limit(3);
  const [next] = await db
    .select({ at: holds.expiresAt })
    .from(holds)
    .where(and(eq(holds.variantId, variantId), eq(holds.storeId, storeId), eq(holds.status, "active"), gt(holds.expiresAt, now)))
    .orderBy(asc(holds.expiresAt))
    .limit(1);
  return { stores: others.map((o) => ({ ...o, available: Number(o.available) })), nextFreeAt: next?.at ?? null };
}
