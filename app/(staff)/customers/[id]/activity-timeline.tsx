import Link from "next/link";
import type { CustomerProfile } from "@/lib/customer-profile";
import { formatMoney, formatRelative } from "@/lib/format";
import { Card, EmptyNote } from "@/components/ui/card";
import { TimelineEntries, type TimelineEntry } from "./timeline-entries";
import { productImageUrl } from "@/lib/product-art";

type Event = CustomerProfile["activity"][number];

const VERBS: Record<Event["type"], string> = {
  product_viewed: "Viewed",
  wishlist_added: "Added to wishlist",
  cart_added: "Added to cart",
  cart_removed: "Removed from cart",
  cart_viewed: "Looked at cart",
  checkout_started: "Started checkout",
  searched: "Searched",
  order_completed: "Ordered online",
};

/** Entries shown at first, and added by each "Show more". */
export const TIMELINE_PAGE = 10;
/** However many are asked for in the address, the page stays a page. */
const TIMELINE_MAX = 500;

/** How many entries to show, from the `activity` search parameter ("Show more" links). */
export function timelineLength(param: string | string[] | undefined): number {
  const n = Number.parseInt(typeof param === "string" ? param : "", 10);
  return Number.isFinite(n) && n > TIMELINE_PAGE ? Math.min(TIMELINE_MAX, Math.ceil(n / TIMELINE_PAGE) * TIMELINE_PAGE) : TIMELINE_PAGE;
}
/** Events about a whole cart or order, whose value is the total rather than one item's price. */
const BASKET_EVENTS = new Set<Event["type"]>(["cart_viewed", "checkout_started", "order_completed"]);
const PLACEHOLDER_ART = productImageUrl("item", "#9a9a9a");

/** An event as its line says it (tested beside this file). */
export function timelineEntry(event: Event, now: Date): TimelineEntry {
  // A summary ("Wool coat and 2 more") or the source's name for an item outside the catalogue comes first.
  const name = event.productName ?? event.product?.name ?? (event.type === "searched" || BASKET_EVENTS.has(event.type) ? null : (event.sku ?? "an item"));
  const outside = !event.product && event.type !== "searched" && name;
  const detail = outside
    ? ["Not in our catalogue", event.sku ? `SKU ${event.sku}` : null].filter(Boolean).join(" · ")
    : [event.variant?.colour, event.type !== "product_viewed" ? event.variant?.size : null].filter(Boolean).join(" · ");
  const priceCents = BASKET_EVENTS.has(event.type) || !event.product ? event.valueCents : (event.variant?.priceCents ?? event.product.priceCents);
  const searched = event.type === "searched";
  const entry: TimelineEntry = {
    id: event.id,
    picture: searched
      ? null
      : event.product
        ? { src: event.variant?.imageUrl ?? event.product.imageUrl }
        : event.imageUrl
          ? { src: event.imageUrl, outside: true }
          : { src: PLACEHOLDER_ART },
    verb: VERBS[event.type],
    wanted: event.type === "wishlist_added" || event.type === "cart_added",
    when: formatRelative(event.occurredAt, now),
  };
  // Only what the line shows goes to the browser: an absent field costs nothing in the page.
  if (searched) {
    if (event.searchQuery) entry.query = event.searchQuery;
  } else if (name) entry.name = name;
  if (outside && event.productUrl) entry.href = event.productUrl;
  if (detail) entry.detail = detail;
  if (priceCents != null) entry.price = formatMoney(priceCents);
  if (event.channel === "app") entry.app = true;
  if (event.product) entry.item = { productId: event.product.id, ...(event.variant ? { variantId: event.variant.id } : {}), name: event.product.name };
  return entry;
}

/**
 * The latest entries only, so the page stays the same size however busy the
 * customer is online; "Show more" is a link (it works without JavaScript, and
 * back and reload keep what was opened).
 */
export function ActivityTimeline({ activity, shown, now, customerId }: { activity: Event[]; shown: number; now: Date; customerId: string }) {
  const entries = activity.slice(0, shown);
  const more = activity.length > shown;
  return (
    <Card title="Online activity" id="activity" action={<span className="text-sm text-muted">Last 90 days</span>}>
      {activity.length === 0 ? (
        <EmptyNote>No online activity in the last 90 days.</EmptyNote>
      ) : (
        <>
          <TimelineEntries customerId={customerId} entries={entries.map((event) => timelineEntry(event, now))} />
          {more || shown > TIMELINE_PAGE ? (
            <p className="flex gap-6 border-t border-line">
              {more && shown < TIMELINE_MAX ? (
                <Link href={`/customers/${customerId}?activity=${shown + TIMELINE_PAGE}#activity`} scroll={false} className="flex h-12 items-center font-medium text-accent underline-offset-2 hover:underline">
                  Show {TIMELINE_PAGE} more
                </Link>
              ) : null}
              {shown > TIMELINE_PAGE ? (
                <Link href={`/customers/${customerId}#activity`} scroll={false} className="flex h-12 items-center font-medium text-muted underline-offset-2 hover:underline">
                  Show fewer
                </Link>
              ) : null}
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}
