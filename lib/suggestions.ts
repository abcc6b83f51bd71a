import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { customerPreferences, holds, onlineEvents, productVariants, products, purchaseLines, purchases, socialMentions, storeStock } from "@/db/schema";
import { rankSuggestions, type CandidateVariant, type CustomerSignals } from "./suggestion-scoring";
import { availableUnits, heldJoin, heldUnits } from "./holds";

const DAY = 86_400_000;
const SIGNAL_WINDOW_MS = 30 * DAY;
const SHOWN = 8;
/** The products her intent points to that are looked at, strongest first. */
const INTENT_PRODUCTS = 24;
/** The categories her intent points to, most named first. */
const INTENT_CATEGORIES = 2;
/**
 * Variants read per taste source. The first ones the indexes lead to, not the
 * best of all: reading a source whole would cost as much as its size (a
 * favourite brand's whole range), and intent outweighs taste in the ranking.
 */
const PER_SOURCE = 48;
/** Events read for her intent: the latest, which are also the ones that weigh most. */
const INTENT_EVENTS = 120;
const INTENT_TYPES = ["product_viewed", "wishlist_added", "cart_added"] as const;

/**
 * Up to eight items free at this store, in the customer's size, that they will
 * probably like (ranked by lib/suggestion-scoring.ts).
 *
 * The store's catalogue is never read whole. Her signals are read first; then
 * the database looks only where they point, each through an index and in her
 * sizes with units free: the products she wanted lately, her brands (favourite
 * or bought), and the categories her wanting points to (inside her price band,
 * when she has one), a few dozen variants from each. The cost follows her
 * signals, not the size of the store's catalogue. Only when those give fewer
 * than eight suggestions is the rest of the store in her size read, best
 * taste first (someone with little on record).
 */
export async function suggestSetAsides(db: Db, { customerId, storeId, now = new Date() }: { customerId: string; storeId: string; now?: Date }) {
  const signals = await readSignals(db, { customerId, now });
  const prefs = signals.preferences;
  const intent = intentProducts(signals, now);
  const brands = [...new Set([...(prefs?.brands ?? []), ...signals.purchasedBrands])];

  const find = candidateFinder(db, { storeId, now, signals });
  const inBand = prefs?.priceMinCents != null || prefs?.priceMaxCents != null
    ? and(gte(productVariants.priceCents, prefs?.priceMinCents ?? 0), prefs?.priceMaxCents != null ? sql`${productVariants.priceCents} <= ${prefs.priceMaxCents}` : undefined)
    : undefined;
  const [named, ofBrand] = await Promise.all([
    intent.length ? find(inArray(products.id, intent)) : [],
    brands.length ? find(inArray(products.brand, brands), PER_SOURCE) : [],
  ]);
  const categories = topCategories(named, intent);
  const ofCategory = categories.length ? await find(and(inArray(products.category, categories), inBand)!, PER_SOURCE) : [];

  let ranked = rankSuggestions(merge(named, ofBrand, ofCategory), signals, now, SHOWN);
  if (ranked.length < SHOWN) {
    // Little to go on: the best of the rest of the store in her sizes.
    const rest = await find(undefined, PER_SOURCE * 4, true);
    ranked = rankSuggestions(merge(named, ofBrand, ofCategory, rest), signals, now, SHOWN);
  }
  return ranked;
}

async function readSignals(db: Db, { customerId, now }: { customerId: string; now: Date }): Promise<CustomerSignals> {
  const since = new Date(now.getTime() - SIGNAL_WINDOW_MS);
  const [[preferences], events, mentions, bought, heldForThem] = await Promise.all([
    db.select().from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1),
    db
      .select({ type: onlineEvents.type, productId: onlineEvents.productId, occurredAt: onlineEvents.occurredAt })
      .from(onlineEvents)
      .where(and(eq(onlineEvents.customerId, customerId), gte(onlineEvents.occurredAt, since), isNotNull(onlineEvents.productId), inArray(onlineEvents.type, [...INTENT_TYPES])))
      .orderBy(desc(onlineEvents.occurredAt))
      .limit(INTENT_EVENTS),
    db
      .select({ productId: socialMentions.productId, network: socialMentions.network, postedAt: socialMentions.postedAt })
      .from(socialMentions)
      .where(and(eq(socialMentions.customerId, customerId), gte(socialMentions.postedAt, since)))
      .orderBy(desc(socialMentions.postedAt)),
    db
      .selectDistinct({ productId: purchaseLines.productId, brand: products.brand })
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
  return {
    preferences: preferences ?? null,
    events,
    mentions,
    purchasedProductIds: new Set(bought.flatMap((b) => (b.productId ? [b.productId] : []))),
    purchasedBrands: new Set(bought.flatMap((b) => (b.brand ? [b.brand] : []))),
    heldProductIds: new Set(heldForThem.map((h) => h.productId)),
  };
}

/** The products she wanted lately (wishlist, cart, posts, views), strongest first, as the scoring weighs them. */
function intentProducts(signals: CustomerSignals, now: Date): string[] {
  const strength = new Map<string, number>();
  const add = (productId: string | null, points: number) => {
    if (productId && !signals.heldProductIds.has(productId) && !signals.purchasedProductIds.has(productId)) strength.set(productId, (strength.get(productId) ?? 0) + points);
  };
  for (const e of signals.events) add(e.productId, e.type === "product_viewed" ? 3 * 0.5 ** ((now.getTime() - e.occurredAt.getTime()) / DAY / 7) : 4);
  for (const m of signals.mentions) add(m.productId, 4);
  return [...strength].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, INTENT_PRODUCTS).map(([id]) => id);
}

/** The categories of the products she wanted, most wanted first (read off the candidates found for them). */
function topCategories(named: CandidateVariant[], intent: string[]): string[] {
  const rank = new Map(intent.map((id, i) => [id, i]));
  const weight = new Map<string, number>();
  for (const c of named) weight.set(c.category, (weight.get(c.category) ?? 0) + (intent.length - (rank.get(c.productId) ?? intent.length)));
  return [...weight].sort((a, b) => b[1] - a[1]).slice(0, INTENT_CATEGORIES).map(([category]) => category);
}

/**
 * Variants at the store, in her size for their category (or one size), with
 * units free, not held for her nor bought by her, matching `where`: all of
 * them, or the first `limit` the indexes lead to (or, `ordered`, the best
 * `limit` by the taste the database can score: this reads them all).
 */
function candidateFinder(db: Db, { storeId, now, signals }: { storeId: string; now: Date; signals: CustomerSignals }) {
  const prefs = signals.preferences;
  const sizes = Object.entries(prefs?.sizes ?? {});
  // The list of sizes lets the database look up each product's variants by size; the pairs then check the category.
  const inSize = and(
    inArray(productVariants.size, [...new Set(["One size", ...sizes.map(([, size]) => size)])]),
    or(eq(productVariants.size, "One size"), ...sizes.map(([category, size]) => and(eq(products.category, category), eq(productVariants.size, size)))),
  );
  const excluded = [...signals.heldProductIds, ...signals.purchasedProductIds];
  const taste = tasteScore(signals);
  const held = heldUnits(db, { now, storeId });

  return async (where: SQL | undefined, limit = 1_000, ordered = false): Promise<CandidateVariant[]> => {
    const rows = await db
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
      .from(products)
      .innerJoin(productVariants, eq(productVariants.productId, products.id))
      .innerJoin(storeStock, and(eq(storeStock.storeId, storeId), eq(storeStock.variantId, productVariants.id)))
      .leftJoin(held, heldJoin(held))
      .where(and(where, inSize, gt(availableUnits(held), 0), excluded.length ? notInArray(products.id, excluded) : undefined))
      .orderBy(...(ordered ? [desc(taste), asc(productVariants.id)] : []))
      .limit(limit);
    return rows.map((c) => ({ ...c, available: Number(c.available) }));
  };
}

/** Price band, brand and style points, as lib/suggestion-scoring.ts gives them (colour and intent are scored afterwards). */
function tasteScore({ preferences: prefs, purchasedBrands }: CustomerSignals): SQL {
  const parts: SQL[] = [];
  if (prefs?.priceMinCents != null || prefs?.priceMaxCents != null) {
    const min = prefs.priceMinCents ?? 0;
    const max = prefs.priceMaxCents;
    parts.push(
      max != null
        ? sql`case when ${productVariants.priceCents} between ${min} and ${max} then 2 when ${productVariants.priceCents} > ${Math.floor(max * 1.25)} then -2 else 0 end`
        : sql`case when ${productVariants.priceCents} >= ${min} then 2 else 0 end`,
    );
  }
  const favourite = prefs?.brands ?? [];
  const bought = [...purchasedBrands].filter((b) => !favourite.includes(b));
  if (favourite.length || bought.length) {
    parts.push(
      sql`case when ${favourite.length ? inArray(products.brand, favourite) : sql`1 = 0`} then 2 when ${bought.length ? inArray(products.brand, bought) : sql`1 = 0`} then 1.5 else 0 end`,
    );
  }
  if (prefs?.styles.length) parts.push(sql`case when ${inArray(products.style, prefs.styles)} then 1 else 0 end`);
  return parts.length ? sql.join(parts, sql` + `) : sql`0`;
}

/** The candidates once each, in variant order (which breaks ties in the scoring the same way on both databases). */
function merge(...lists: CandidateVariant[][]): CandidateVariant[] {
  const byVariant = new Map<string, CandidateVariant>();
  for (const list of lists) for (const c of list) byVariant.set(c.variantId, c);
  return [...byVariant.values()].sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
}
