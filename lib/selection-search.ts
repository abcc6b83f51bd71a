import "server-only";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db";
import { customerPreferences, productVariants, products, storeStock } from "@/db/schema";
import { findProducts } from "./product-lookup";
import { availableUnits, heldJoin, heldUnits } from "./holds";
import { compareSizes } from "./sizes";

const ONE_SIZE = "One size";

export interface SelectableVariant {
  variantId: string;
  name: string;
  brand: string;
  colour: string;
  size: string;
  priceCents: number;
  imageUrl: string;
  /** Units free at the associate's store now (a selection may offer what is only elsewhere). */
  available: number;
}

/**
 * The catalogue by name, brand or style code (lib/product-lookup.ts), as the
 * variants a selection could offer her: in her size for the category when she
 * has one on record (else every size), each colour, with what is free at the
 * store now. At most 12 rows.
 */
export async function findSelectableVariants(db: Db, { customerId, storeId, query, now = new Date() }: { customerId: string; storeId: string; query: string; now?: Date }): Promise<SelectableVariant[]> {
  const found = await findProducts(db, { query, limit: 6 });
  if (!found.products.length) return [];
  const [prefs] = await db.select({ sizes: customerPreferences.sizes }).from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1);
  const sizes = prefs?.sizes ?? {};
  const hasSizes = Object.keys(sizes).length > 0;
  const held = heldUnits(db, { now, storeId });
  const rows = await db
    .select({
      variantId: productVariants.id,
      productId: products.id,
      name: products.name,
      brand: products.brand,
      category: products.category,
      colour: productVariants.colour,
      size: productVariants.size,
      priceCents: productVariants.priceCents,
      imageUrl: productVariants.imageUrl,
      available: availableUnits(held),
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .leftJoin(storeStock, and(eq(storeStock.variantId, productVariants.id), eq(storeStock.storeId, storeId)))
    .leftJoin(held, heldJoin(held))
    .where(and(inArray(products.id, found.products.map((p) => p.id)), hasSizes ? or(eq(productVariants.size, ONE_SIZE), inArray(productVariants.size, Object.values(sizes))) : undefined))
    .orderBy(asc(products.name), asc(productVariants.colour));
  return rows
    .filter((r) => r.size === ONE_SIZE || !hasSizes || sizes[r.category] === r.size)
    .sort((a, b) => a.name.localeCompare(b.name) || a.colour.localeCompare(b.colour) || compareSizes(a.size, b.size))
    .slice(0, 12)
    .map((r) => ({ variantId: r.variantId, name: r.name, brand: r.brand, colour: r.colour, size: r.size, priceCents: Number(r.priceCents), imageUrl: r.imageUrl, available: Math.max(0, Number(r.available ?? 0)) }));
}
