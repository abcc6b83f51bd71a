import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { inList, inValues, jsonField, literalCount, selectTuples, textList, walkByList } from "@/db/dialect";
import { rankSuggestions, type CandidateVariant, type CustomerSignals } from "./suggestion-scoring";

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
 * Fewer costs less but suggests worse: at 32 the suggestions' total score
 * falls from 0.95 to 0.92 of the whole store's, at 16 to 0.86
 * (lib/suggestions.test.ts).
 */
const PER_SOURCE = 48;
/** Variants read from the rest of the store, best taste first, for someone with little on record. */
const FROM_REST = PER_SOURCE * 4;
/** Variants read for the products she wanted (all of them, in practice). */
const PER_INTENT = 1_000;
/** Events read for her intent: the latest, which are also the ones that weigh most. */
const INTENT_EVENTS = 120;
const INTENT_TYPES = ["product_viewed", "wishlist_added", "cart_added"] as const;
const ONE_SIZE = "One size";
/** Above any price: the top of a band that has none (a PostgreSQL integer). */
const NO_PRICE_CAP = 2_147_483_647;

/**
 * Up to eight items free at this store, in the customer's size, that they will
 * probably like (ranked by lib/suggestion-scoring.ts).
 *
 * The store's catalogue is never read whole. Her signals are read first, in
 * one statement, with the units held at the store; then one more statement
 * looks only where they point, each through an index and in her sizes with
 * units on hand (less those held, once read): the products she wanted
 * lately, her brands (favourite or bought), and the categories her wanting
 * points to (inside her price band, when she has one), a few dozen variants
 * from each. The cost follows her signals, not the size of the store's
 * catalogue. Only when those give fewer than eight suggestions is the rest of
 * the store in her size read, best taste first (someone with little on record).
 *
 * The statements are written out with their lists as single parameters, so
 * their text never changes: SQLite compiles each once per connection, and on
 * PostgreSQL, where every statement is a round trip, there are two, each
 * planned once per connection (named prepared statements).
 */
export async function suggestSetAsides(db: Db, { customerId, storeId, now = new Date() }: { customerId: string; storeId: string; now?: Date }) {
  const { signals, heldHere } = await readSignals(db, { customerId, storeId, now });
  const prefs = signals.preferences;
  const intent = intentProducts(signals, now);
  const brands = [...new Set([...(prefs?.brands ?? []), ...signals.purchasedBrands])];
  const hasBand = prefs?.priceMinCents != null || prefs?.priceMaxCents != null;
  const candidate = candidateQuery({ storeId, signals });

  // SQLite reads brands and categories in name order, each through its index; PostgreSQL as its plan finds them.
  const byBrand = walkByList(sql`products p`, sql`p.brand`, [...brands].sort());
  const found = await readCandidates(
    db,
    sql`with intent as (select value as product_id, position from ${textList(intent)}),
      named as (${candidate(sql`intent join products p on p.id = intent.product_id`, PER_INTENT)}),
      categories as (
        select category from (
          select n."category" as category from named n join intent i on i.product_id = n."productId"
          group by n."category" order by sum(${intent.length} - i.position) desc, min(i.position) limit ${literalCount(INTENT_CATEGORIES)}
        ) as strongest order by category limit ${literalCount(INTENT_CATEGORIES)}
      ),
      of_brand as (${candidate(byBrand.from, PER_SOURCE, byBrand.where)}),
      of_category as (${candidate(
        sql`categories cross join products p`,
        PER_SOURCE,
        sql`p.category = categories.category and v.price_cents >= ${hasBand ? (prefs?.priceMinCents ?? 0) : 0} and v.price_cents <= ${hasBand ? (prefs?.priceMaxCents ?? NO_PRICE_CAP) : NO_PRICE_CAP}`,
      )})
      select * from named union all select * from of_brand union all select * from of_category`,
    heldHere,
    "suggestion_candidates",
  );

  let ranked = rankSuggestions(merge(found), signals, now, SHOWN);
  if (ranked.length < SHOWN) {
    // Little to go on: the best of the rest of the store in her sizes.
    const rest = await readCandidates(db, candidate(sql`products p`, FROM_REST, undefined, tasteScore(signals)), heldHere);
    ranked = rankSuggestions(merge(found, rest), signals, now, SHOWN);
  }
  return ranked;
}

/** kind, then up to five texts and two numbers, as each kind of row fills them. */
type SignalRow = [
  kind: "preferences" | "event" | "mention" | "bought" | "held" | "disliked" | "held_here",
  a: string | null,
  b: string | null,
  c: string | null,
  d: string | null,
  e: string | null,
  n: number | string | null,
  m: number | string | null,
];

/**
 * Her preferences, latest wanting (events, posts), purchases, holds and what
 * she said was not for her, and the units held at the store for anyone by
 * variant (a few, against a catalogue): one statement, one row per item.
 */
async function readSignals(db: Db, { customerId, storeId, now }: { customerId: string; storeId: string; now: Date }): Promise<{ signals: CustomerSignals; heldHere: Map<string, number> }> {
  const since = now.getTime() - SIGNAL_WINDOW_MS;
  const rows = await selectTuples<SignalRow>(
    db,
    sql`select 'preferences' as kind, cast(sizes as text) as a, cast(colours as text) as b, cast(brands as text) as c, cast(styles as text) as d,
        cast(dislikes as text) as e, price_min_cents as n, price_max_cents as m
      from customer_preferences where customer_id = ${customerId}
    union all
    select 'event', type, product_id, null, null, null, occurred_at, null from (
      select type, product_id, occurred_at from online_events
      where customer_id = ${customerId} and occurred_at >= ${since} and product_id is not null and type in ${[...INTENT_TYPES]}
      order by occurred_at desc limit ${literalCount(INTENT_EVENTS)}
    ) as latest
    union all
    select 'mention', network, product_id, null, null, null, posted_at, null from social_mentions where customer_id = ${customerId} and posted_at >= ${since}
    union all
    select 'bought', product_id, brand, null, null, null, null, null from (
      select distinct l.product_id, p.brand
      from purchase_lines l join purchases b on b.id = l.purchase_id left join products p on p.id = l.product_id where b.customer_id = ${customerId}
    ) as bought
    union all
    select 'held', v.product_id, null, null, null, null, null, null
      from holds h join product_variants v on v.id = h.variant_id where h.customer_id = ${customerId} and h.status = 'active' and h.expires_at > ${now.getTime()}
    union all
    select 'disliked', i.product_id, null, null, null, null, null, null
      from selections s join selection_items i on i.selection_id = s.id where s.customer_id = ${customerId} and i.response = 'not_for_me'
    union all
    -- Units held at the store, as heldUnits (lib/holds.ts) counts them; written out here because building
    -- that subquery with Drizzle on every profile view cost 0.06–0.36 ms more than the whole arm saves.
    select 'held_here', variant_id, null, null, null, null, sum(quantity), null
      from holds where store_id = ${storeId} and status = 'active' and expires_at > ${now.getTime()} group by variant_id`,
    "suggestion_signals",
  );
  const signals: CustomerSignals = { preferences: null, events: [], mentions: [], purchasedProductIds: new Set(), purchasedBrands: new Set(), heldProductIds: new Set(), dislikedProductIds: new Set() };
  const json = <T>(text: string | null, fallback: T): T => (text == null ? fallback : (JSON.parse(text) as T));
  const number = (value: number | string | null) => (value == null ? null : Number(value));
  const heldHere = new Map<string, number>();
  for (const [kind, a, b, c, d, e, n, m] of rows) {
    if (kind === "preferences") {
      signals.preferences = { sizes: json(a, {}), colours: json(b, []), brands: json(c, []), styles: json(d, []), dislikes: json(e, []), priceMinCents: number(n), priceMaxCents: number(m) };
    } else if (kind === "event") signals.events.push({ type: a!, productId: b, occurredAt: new Date(Number(n)) });
    else if (kind === "mention") signals.mentions.push({ network: a!, productId: b, postedAt: new Date(Number(n)) });
    else if (kind === "bought") {
      if (a) signals.purchasedProductIds.add(a);
      if (b) signals.purchasedBrands.add(b);
    } else if (kind === "disliked") {
      if (a) signals.dislikedProductIds?.add(a);
    } else if (kind === "held_here") {
      if (a) heldHere.set(a, Number(n));
    } else if (a) signals.heldProductIds.add(a);
  }
  // Newest first, as the scoring reads them (a union keeps no order of its own).
  signals.events.sort((x, y) => y.occurredAt.getTime() - x.occurredAt.getTime());
  signals.mentions.sort((x, y) => y.postedAt.getTime() - x.postedAt.getTime());
  return { signals, heldHere };
}

/** The products she wanted lately (wishlist, cart, posts, views), strongest first, as the scoring weighs them. */
function intentProducts(signals: CustomerSignals, now: Date): string[] {
  const strength = new Map<string, number>();
  const add = (productId: string | null, points: number) => {
    if (productId && !signals.heldProductIds.has(productId) && !signals.purchasedProductIds.has(productId) && !signals.dislikedProductIds?.has(productId)) strength.set(productId, (strength.get(productId) ?? 0) + points);
  };
  for (const e of signals.events) add(e.productId, e.type === "product_viewed" ? 3 * 0.5 ** ((now.getTime() - e.occurredAt.getTime()) / DAY / 7) : 4);
  for (const m of signals.mentions) add(m.productId, 4);
  return [...strength].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, INTENT_PRODUCTS).map(([id]) => id);
}

/**
 * A query for variants at the store, in her size for their category (or one
 * size), on hand, not held for her nor bought by her, of the products p
 * `from` leads to, matching `where` (on p and product_variants v): the first
 * `limit` the indexes lead to, or with `orderBy`, the best `limit` by it
 * (this reads them all). Units on hand, not free: what is held at the store
 * is taken off in readCandidates (a lookup per variant in the statement cost
 * more than the rest of its work on that variant).
 */
function candidateQuery({ storeId, signals }: { storeId: string; signals: CustomerSignals }) {
  // Her size for the product's category, or one size: two values the index on (product_id, size) looks up.
  const inSize = inValues(sql`v.size`, [sql`${ONE_SIZE}`, jsonField(signals.preferences?.sizes ?? {}, sql`p.category`)]);
  const excluded = inList(sql`p.id`, [...signals.heldProductIds, ...signals.purchasedProductIds, ...(signals.dislikedProductIds ?? [])]);
  return (from: SQL, limit: number, where?: SQL, orderBy?: SQL) => sql`select v.id as "variantId", p.id as "productId", p.name as "name", p.brand as "brand",
      p.category as "category", p.style as "style", p.description as "description", v.size as "size", v.colour as "colour",
      v.price_cents as "priceCents", v.image_url as "imageUrl", s.on_hand as "onHand"${orderBy ? sql`, ${orderBy} as "taste"` : sql``}
    from ${from}
    join product_variants v on v.product_id = p.id
    join store_stock s on s.store_id = ${storeId} and s.variant_id = v.id
    where ${inSize} and not ${excluded} and s.on_hand > 0${where ? sql` and ${where}` : sql``}${orderBy ? sql` order by "taste" desc, "variantId"` : sql``}
    limit ${literalCount(limit)}`;
}

/** Price band, brand and style points, as lib/suggestion-scoring.ts gives them (colour and intent are scored afterwards). */
function tasteScore({ preferences: prefs, purchasedBrands }: CustomerSignals): SQL {
  const hasBand = prefs?.priceMinCents != null || prefs?.priceMaxCents != null;
  // Without a band every price scores 0: nothing is at or above the cap.
  const min = hasBand ? (prefs?.priceMinCents ?? 0) : NO_PRICE_CAP;
  const max = hasBand ? (prefs?.priceMaxCents ?? NO_PRICE_CAP) : NO_PRICE_CAP;
  const over = prefs?.priceMaxCents != null ? Math.floor(prefs.priceMaxCents * 1.25) : NO_PRICE_CAP;
  const favourite = prefs?.brands ?? [];
  const bought = [...purchasedBrands].filter((b) => !favourite.includes(b));
  return sql`(case when v.price_cents >= ${min} and v.price_cents <= ${max} then 2 when v.price_cents > ${over} then -2 else 0 end)
    + (case when ${inList(sql`p.brand`, favourite)} then 2 when ${inList(sql`p.brand`, bought)} then 1.5 else 0 end)
    + (case when ${inList(sql`p.style`, prefs?.styles ?? [])} then 1 else 0 end)`;
}

type CandidateRow = [string, string, string, string, string, string | null, string, string, string, number, string, number | string];

/** The candidates `query` finds, with the units free: on hand less those held at the store (`heldHere`). */
async function readCandidates(db: Db, query: SQL, heldHere: Map<string, number>, statement?: string): Promise<CandidateVariant[]> {
  const rows = await selectTuples<CandidateRow>(db, query, statement);
  return rows.map(([variantId, productId, name, brand, category, style, description, size, colour, priceCents, imageUrl, onHand]) => ({
    variantId,
    productId,
    name,
    brand,
    category,
    style,
    description,
    size,
    colour,
    priceCents: Number(priceCents),
    imageUrl,
    // None free is left out in the ranking.
    available: Number(onHand) - (heldHere.get(variantId) ?? 0),
  }));
}

/** The candidates once each, in variant order (which breaks ties in the scoring the same way on both databases). */
function merge(...lists: CandidateVariant[][]): CandidateVariant[] {
  const byVariant = new Map<string, CandidateVariant>();
  for (const list of lists) for (const c of list) byVariant.set(c.variantId, c);
  return [...byVariant.values()].sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
}
