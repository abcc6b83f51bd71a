import "server-only";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { holds, productVariants, products, storeStock, stores } from "@/db/schema";
import { compareSizes } from "./sizes";

/**
 * A product with every variant's availability at every store (on hand minus
 * active, unexpired holds), for choosing what to put aside.
 */
export async function getProductAvailability(db: Db, { productId, now = new Date() }: { productId: string; now?: Date }) {
  const [product] = await db
    .select({ id: products.id, name: products.name, brand: products.brand, category: products.category, priceCents: products.priceCents, imageUrl: products.imageUrl, description: products.description })
    .from(products)
    .where(eq(products.id, productId))
    .limit(1);
  if (!product) return null;

  const variants = await db
    .select({ id: productVariants.id, size: productVariants.size, colour: productVariants.colour, colourHex: productVariants.colourHex, imageUrl: productVariants.imageUrl, priceCents: productVariants.priceCents })
    .from(productVariants)
    .where(eq(productVariants.productId, productId))
    .orderBy(asc(productVariants.colour));
  variants.sort((a, b) => a.colour.localeCompare(b.colour) || compareSizes(a.size, b.size));
  const variantIds = variants.map((v) => v.id);
  const held = db
    .select({ storeId: holds.storeId, variantId: holds.variantId, units: sql<number>`sum(${holds.quantity})`.as("units") })
    .from(holds)
    .where(and(inArray(holds.variantId, variantIds), eq(holds.status, "active"), gt(holds.expiresAt, now)))
    .groupBy(holds.storeId, holds.variantId)
    .as("held");
  const stock = variantIds.length
    ? await db
        .select({
          storeId: storeStock.storeId,
          storeName: stores.name,
          variantId: storeStock.variantId,
          available: sql<number>`${storeStock.onHand} - coalesce(${held.units}, 0)`,
        })
        .from(storeStock)
        .innerJoin(stores, eq(stores.id, storeStock.storeId))
        .leftJoin(held, and(eq(held.storeId, storeStock.storeId), eq(held.variantId, storeStock.variantId)))
        .where(inArray(storeStock.variantId, variantIds))
    : [];

  const storeList = [...new Map(stock.map((s) => [s.storeId, { id: s.storeId, name: s.storeName }])).values()];
  return {
    product,
    stores: storeList,
    variants: variants.map((v) => ({
      ...v,
      availableByStore: Object.fromEntries(stock.filter((s) => s.variantId === v.id).map((s) => [s.storeId, Math.max(0, Number(s.available))])) as Record<string, number>,
    })),
  };
}

export type ProductAvailability = NonNullable<Awaited<ReturnType<typeof getProductAvailability>>>;
