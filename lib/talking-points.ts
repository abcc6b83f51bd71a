import { colourFamily } from "./colours";
import { NETWORK_LABELS } from "./networks";
import { formatMoney, formatPriceBand, formatRelative, plural } from "./format";

const DAY = 24 * 60 * 60 * 1000;

// The slice of a profile the talking points read; kept structural so tests can
// build one by hand.
export interface TalkingPointInput {
  activity: Array<{
    type: string;
    occurredAt: Date;
    searchQuery: string | null;
    product: { name: string; brand: string; category: string } | null;
    variant: { colour: string; size: string } | null;
  }>;
  mentions: Array<{ network: string; postedAt: Date; status: string; text: string; product: { name: string; brand: string; category: string } | null }>;
  preferences: { sizes: Record<string, string>; priceMinCents: number | null; priceMaxCents: number | null } | null;
  holds: Array<{ status: string; expiresAt: Date }>;
  purchases: Array<{ purchasedAt: Date }>;
  lifetime: { spendCents: number; purchaseCount: number };
}


/** "coats" → "coat", "dresses" → "dress", "knitwear" stays. */
function singular(category: string): string {
  if (category.endsWith("sses")) return category.slice(0, -2);
  if (category.endsWith("s") && !category.endsWith("ss")) return category.slice(0, -1);
  return category;
}

/** "Milly Bonded Wool Coat" → "the Milly coat" */
function shortProductName(product: { brand: string; category: string }): string {
  return `the ${product.brand} ${singular(product.category)}`;
}

/**
 * A few plain sentences an associate can glance at before greeting the
 * customer, most useful first: what they looked at this week, what they
 * said in public, what fits them, what is waiting for them.
 */
export function talkingPoints(input: TalkingPointInput, now = new Date()): string[] {
  const points: string[] = [];
  const weekAgo = now.getTime() - 7 * DAY;
  const thisWeek = input.activity.filter((e) => e.occurredAt.getTime() >= weekAgo);

  // Most-viewed colour + category this week, counted once per product.
  const groups = new Map<string, { colour: string; category: string; products: Set<string> }>();
  for (const e of thisWeek) {
    if (e.type !== "product_viewed" || !e.product || !e.variant) continue;
    const colour = colourFamily(e.variant.colour);
    const key = `${colour}|${e.product.category}`;
    const group = groups.get(key) ?? { colour, category: e.product.category, products: new Set() };
    group.products.add(e.product.name);
    groups.set(key, group);
  }
  const top = [...groups.values()].sort((a, b) => b.products.size - a.products.size)[0];
  let focusCategory: string | undefined;
  if (top && top.products.size >= 2) {
    focusCategory = top.category;
    points.push(`Viewed ${top.products.size} ${top.colour} ${top.category} this week`);
  }

  const wish = thisWeek.find((e) => e.type === "wishlist_added" && e.product);
  if (wish?.product) {
    const colour = wish.variant ? ` in ${wish.variant.colour.toLowerCase()}` : "";
    points.push(`Wishlisted the ${wish.product.name}${colour} ${formatRelative(wish.occurredAt, now)}`);
  }

  const mention = input.mentions.find((m) => m.postedAt.getTime() >= now.getTime() - 14 * DAY);
  if (mention) {
    const network = NETWORK_LABELS[mention.network as keyof typeof NETWORK_LABELS] ?? mention.network;
    const about = mention.product ? ` about ${shortProductName(mention.product)}` : "";
    const waiting = mention.status === "new" ? ", not answered yet" : "";
    points.push(`Posted${about} on ${network} ${formatRelative(mention.postedAt, now)}${waiting}`);
  }

  const search = thisWeek.find((e) => e.type === "searched" && e.searchQuery);
  if (search && points.length < 3) points.push(`Searched “${search.searchQuery}” online ${formatRelative(search.occurredAt, now)}`);

  if (input.preferences) {
    const category = focusCategory ?? Object.keys(input.preferences.sizes)[0];
    const size = category ? input.preferences.sizes[category] : undefined;
    const band = formatPriceBand(input.preferences.priceMinCents, input.preferences.priceMaxCents);
    const parts = [size && category ? `Size ${size} in ${category}` : null, band ? `budget ${band}` : null].filter(Boolean);
    if (parts.length) points.push(parts.join("; "));
  }

  const activeHolds = input.holds.filter((h) => h.status === "active" && h.expiresAt.getTime() > now.getTime());
  if (activeHolds.length) points.push(`${plural(activeHolds.length, "item")} on hold for them`);

  if (input.lifetime.purchaseCount > 0 && points.length < 5) {
    const last = input.purchases[0];
    const when = last ? `, last ${formatRelative(last.purchasedAt, now)}` : "";
    points.push(`${formatMoney(input.lifetime.spendCents)} over ${plural(input.lifetime.purchaseCount, "purchase")}${when}`);
  }
  return points.slice(0, 5);
}
