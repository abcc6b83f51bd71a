import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { productVariants, products, storeStock, stores } from "@/db/schema";
import { compareSizes } from "./sizes";
import { availableUnits, heldJoin, heldUnits } from "./holds";

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
    .orderBy(asc(productVariants.colour), asc(productVariants.id));
  variants.sort((a, b) => a.colour.localeCompare(b.colour) || compareSizes(a.size, b.size));
  const variantIds = variants.map((v) => v.id);
  const held = heldUnits(db, { now, variantIds });
  const stock = variantIds.length
    ? await db
        .select({
          storeId: storeStock.storeId,
          storeName: stores.name,
          variantId: storeStock.variantId,
          available: availableUnits(held),
        })
        .from(storeStock)
        .innerJoin(stores, eq(stores.id, storeStock.storeId))
        .leftJoin(held, heldJoin(held))
        .where(inArray(storeStock.variantId, variantIds))
        .orderBy(asc(stores.name), asc(stores.id))
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

