import { colourFamily } from "./colours";
import { formatPriceBand, formatRelative } from "./format";
import { NETWORK_LABELS } from "./networks";

const DAY = 86_400_000;

export interface CandidateVariant {
  variantId: string;
  productId: string;
  name: string;
  brand: string;
  category: string;
  style: string | null;
  description: string;
  size: string;
  colour: string;
  priceCents: number;
  imageUrl: string;
  /** Units free at the associate's store right now. */
  available: number;
}

export interface CustomerSignals {
  preferences: {
    sizes: Record<string, string>;
    colours: string[];
    brands: string[];
    styles: string[];
    dislikes: string[];
    priceMinCents: number | null;
    priceMaxCents: number | null;
  } | null;
  /** Online events of the last weeks, newest first. */
  events: Array<{ type: string; productId: string | null; occurredAt: Date }>;
  mentions: Array<{ productId: string | null; network: string; postedAt: Date }>;
  purchasedProductIds: Set<string>;
  purchasedBrands: Set<string>;
  heldProductIds: Set<string>;
  /** Products she said were not for her, answering a selection (lib/selections.ts). */
  dislikedProductIds?: Set<string>;
}

export interface Suggestion extends CandidateVariant {
  score: number;
  reasons: string[];
}

/**
 * Ranks products to set aside for a customer. Only items free at this store in
 * the customer's size qualify; anything already held for them, already bought,
 * matching a dislike or answered "not for me" in a selection is left out. Then
 * each product collects points:
 *
 *   wishlisted or left in the cart  +4   a clear intention to buy
 *   mentioned in a social post      +4   they talked about it in public
 *   viewed online                   +3   halving every 7 days since the last view
 *   a favourite colour              +3   ("blue" matches navy and cobalt)
 *   inside their price band         +2   (−2 when over the top by more than 25%)
 *   a favourite brand               +2   or +1.5 for a brand they bought before
 *   a style they like               +1
 *
 * Intent (wishlist, cart, mention, views) outweighs taste (colour, brand,
 * style), and taste outweighs price, which is the order in which an
 * experienced associate would reach for things. Each product shows its best
 * variant: the colour they like, else the one with most units free.
 */
export function rankSuggestions(candidates: CandidateVariant[], signals: CustomerSignals, now: Date, limit = 8): Suggestion[] {
  const prefs = signals.preferences;
  const favouriteFamilies = new Set((prefs?.colours ?? []).map(colourFamily));
  const dislikes = (prefs?.dislikes ?? []).map((d) => d.toLowerCase());
  const band = prefs ? formatPriceBand(prefs.priceMinCents, prefs.priceMaxCents) : null;
  // Each product's events (newest first, as given) and first mention, found once rather than per variant.
  const eventsOf = new Map<string, CustomerSignals["events"]>();
  for (const e of signals.events) {
    if (!e.productId) continue;
    const list = eventsOf.get(e.productId);
    if (list) list.push(e);
    else eventsOf.set(e.productId, [e]);
  }
  const mentionOf = new Map<string, CustomerSignals["mentions"][number]>();
  for (const m of signals.mentions) if (m.productId && !mentionOf.has(m.productId)) mentionOf.set(m.productId, m);

  // Each product's best variant so far; made into a Suggestion only for the few returned (copying every candidate cost more than scoring it).
  const best = new Map<string, { item: CandidateVariant; score: number; reasons: string[] }>();
  // The item being scored; one `add` for them all rather than a new closure per item.
  let score = 0;
  let reasons: string[] = [];
  const add = (points: number, reason: string | null) => {
    score += points;
    if (reason) reasons.push(reason);
  };
  for (const item of candidates) {
    if (item.available < 1) continue;
    if (signals.heldProductIds.has(item.productId) || signals.purchasedProductIds.has(item.productId) || signals.dislikedProductIds?.has(item.productId)) continue;
    const size = prefs?.sizes[item.category];
    if (item.size !== "One size" && item.size !== size) continue;
    const text = `${item.name} ${item.description}`.toLowerCase();
    if (dislikes.some((d) => text.includes(d))) continue;

    score = 0;
    reasons = [];

    const events = eventsOf.get(item.productId) ?? [];
    if (events.some((e) => e.type === "wishlist_added")) add(4, "on their wishlist");
    else if (events.some((e) => e.type === "cart_added")) add(4, "left in their cart");
    const mention = mentionOf.get(item.productId);
    if (mention) add(4, `mentioned on ${NETWORK_LABELS[mention.network as keyof typeof NETWORK_LABELS] ?? mention.network}`);
    const lastView = events.find((e) => e.type === "product_viewed");
    if (lastView) {
      const days = (now.getTime() - lastView.occurredAt.getTime()) / DAY;
      add(3 * 0.5 ** (days / 7), `viewed ${formatRelative(lastView.occurredAt, now)}`);
    }

    const family = colourFamily(item.colour);
    if (favouriteFamilies.has(family)) add(3, family);
    if (prefs?.priceMinCents != null || prefs?.priceMaxCents != null) {
      const min = prefs?.priceMinCents ?? 0;
      const max = prefs?.priceMaxCents ?? Number.POSITIVE_INFINITY;
      if (item.priceCents >= min && item.priceCents <= max) add(2, `in their ${band} band`);
      else if (item.priceCents > max * 1.25) add(-2, null);
    }
    if (prefs?.brands.includes(item.brand)) add(2, `${item.brand}, a favourite brand`);
    else if (signals.purchasedBrands.has(item.brand)) add(1.5, "a brand they bought before");
    if (item.style && prefs?.styles.includes(item.style)) add(1, item.style);

    if (score <= 0) continue;
    const current = best.get(item.productId);
    const better =
      !current ||
      score > current.score ||
      (score === current.score && item.available > current.item.available);
    if (better) best.set(item.productId, { item, score, reasons });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name))
    .slice(0, limit)
    .map(({ item, score, reasons }) => ({ ...item, score, reasons }));
}
