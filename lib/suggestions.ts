import "server-only";
import { and, asc, desc, eq, gt, gte } from "drizzle-orm";
import type { Db } from "@/db";
import { customerPreferences, holds, onlineEvents, productVariants, products, purchaseLines, purchases, socialMentions, storeStock } from "@/db/schema";
import { rankSuggestions, type CandidateVariant } from "./suggestion-scoring";
import { availableUnits, heldJoin, heldUnits } from "./holds";

const SIGNAL_WINDOW_MS = 30 * 86_400_000;

/** Up to eight items free at this store, in the customer's size, that they will probably like. */
export async function suggestSetAsides(db: Db, { customerId, storeId, now = new Date() }: { customerId: string; storeId: string; now?: Date }) {
  const since = new Date(now.getTime() - SIGNAL_WINDOW_MS);
  const held = heldUnits(db, { now, storeId });

  const [candidates, [preferences], events, mentions, bought, heldForThem] = await Promise.all([
    db
      .select({
        variantId: productVariants.id,
        productId: products.id,
        name: products.name,
        brand: products.brand,
        category: products.category,
        style: products.style,
        description: products.description,
        size: productVariants.size,
        colour: productVariants.colour,
        priceCents: productVariants.priceCents,
        imageUrl: productVariants.imageUrl,
        available: availableUnits(held),
      })
      .from(storeStock)
      .innerJoin(productVariants, eq(productVariants.id, storeStock.variantId))
      .innerJoin(products, eq(products.id, productVariants.productId))
      .leftJoin(held, heldJoin(held))
      .where(and(eq(storeStock.storeId, storeId), gt(storeStock.onHand, 0)))
      // A product's variants tie on score: the same one wins on either database.
      .orderBy(asc(productVariants.id)),
    db.select().from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1),
    db
      .select({ type: onlineEvents.type, productId: onlineEvents.productId, occurredAt: onlineEvents.occurredAt })
      .from(onlineEvents)
      .where(and(eq(onlineEvents.customerId, customerId), gte(onlineEvents.occurredAt, since)))
      .orderBy(desc(onlineEvents.occurredAt)),
    db
      .select({ productId: socialMentions.productId, network: socialMentions.network, postedAt: socialMentions.postedAt })
      .from(socialMentions)
      .where(and(eq(socialMentions.customerId, customerId), gte(socialMentions.postedAt, since))),
    db
      .select({ productId: purchaseLines.productId, brand: products.brand })
      .from(purchaseLines)
      .innerJoin(purchases, eq(purchases.id, purchaseLines.purchaseId))
      .leftJoin(products, eq(products.id, purchaseLines.productId))
      .where(eq(purchases.customerId, customerId)),
    db
      .select({ productId: productVariants.productId })
      .from(holds)
      .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
      .where(and(eq(holds.customerId, customerId), eq(holds.status, "active"), gt(holds.expiresAt, now))),
  ]);

  return rankSuggestions(
    candidates.map((c) => ({ ...c, available: Number(c.available) })) satisfies CandidateVariant[],
    {
      preferences: preferences ?? null,
      events,
      mentions,
      purchasedProductIds: new Set(bought.flatMap((b) => (b.productId ? [b.productId] : []))),
      purchasedBrands: new Set(bought.flatMap((b) => (b.brand ? [b.brand] : []))),
      heldProductIds: new Set(heldForThem.map((h) => h.productId)),
    },
    now,
  );
}
