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

  // Colour names repeat across a catalogue's variants: each one's family is worked out once.
  const families = new Map<string, string>();
  const familyOf = (colour: string) => {
    let family = families.get(colour);
    if (family === undefined) families.set(colour, (family = colourFamily(colour)));
    return family;
  };
  const hasBand = prefs?.priceMinCents != null || prefs?.priceMaxCents != null;
  const min = prefs?.priceMinCents ?? 0;
  const max = prefs?.priceMaxCents ?? Number.POSITIVE_INFINITY;

  /**
   * The item's points; with `reasons`, also why, in the order above. Only the
   * few shown get their reasons written (`reasons?.push(…)` skips writing the
   * text when there are none): that cost more than the points themselves.
   */
  const score = (item: CandidateVariant, reasons?: string[]) => {
    let points = 0;
    const events = eventsOf.get(item.productId);
    if (events?.some((e) => e.type === "wishlist_added")) {
      points += 4;
      reasons?.push("on their wishlist");
    } else if (events?.some((e) => e.type === "cart_added")) {
      points += 4;
      reasons?.push("left in their cart");
    }
    const mention = mentionOf.get(item.productId);
    if (mention) {
      points += 4;
      reasons?.push(`mentioned on ${NETWORK_LABELS[mention.network as keyof typeof NETWORK_LABELS] ?? mention.network}`);
    }
    const lastView = events?.find((e) => e.type === "product_viewed");
    if (lastView) {
      points += 3 * 0.5 ** ((now.getTime() - lastView.occurredAt.getTime()) / DAY / 7);
      reasons?.push(`viewed ${formatRelative(lastView.occurredAt, now)}`);
    }
    const family = familyOf(item.colour);
    if (favouriteFamilies.has(family)) {
      points += 3;
      reasons?.push(family);
    }
    if (hasBand) {
      if (item.priceCents >= min && item.priceCents <= max) {
        points += 2;
        reasons?.push(`in their ${formatPriceBand(prefs!.priceMinCents, prefs!.priceMaxCents)} band`);
      } else if (item.priceCents > max * 1.25) points -= 2;
    }
    if (prefs?.brands.includes(item.brand)) {
      points += 2;
      reasons?.push(`${item.brand}, a favourite brand`);
    } else if (signals.purchasedBrands.has(item.brand)) {
      points += 1.5;
      reasons?.push("a brand they bought before");
    }
    if (item.style && prefs?.styles.includes(item.style)) {
      points += 1;
      reasons?.push(item.style);
    }
    return points;
  };

  // Each product's best variant.
  const best = new Map<string, { item: CandidateVariant; score: number }>();
  for (const item of candidates) {
    if (item.available < 1) continue;
    if (signals.heldProductIds.has(item.productId) || signals.purchasedProductIds.has(item.productId) || signals.dislikedProductIds?.has(item.productId)) continue;
    const size = prefs?.sizes[item.category];
    if (item.size !== "One size" && item.size !== size) continue;
    if (dislikes.length > 0) {
      const text = `${item.name} ${item.description}`.toLowerCase();
      if (dislikes.some((d) => text.includes(d))) continue;
    }
    const points = score(item);
    if (points <= 0) continue;
    const current = best.get(item.productId);
    if (!current || points > current.score || (points === current.score && item.available > current.item.available)) best.set(item.productId, { item, score: points });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name))
    .slice(0, limit)
    .map(({ item, score: points }) => {
      const reasons: string[] = [];
      score(item, reasons);
      return { ...item, score: points, reasons };
    });
}
