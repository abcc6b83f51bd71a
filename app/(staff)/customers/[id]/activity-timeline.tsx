// Pictures of items outside the catalogue come from the retailer's own site; the image optimiser would add nothing.
/* eslint-disable @next/next/no-img-element */
import Link from "next/link";
import type { CustomerProfile } from "@/lib/customer-profile";
import { formatMoney, formatRelative } from "@/lib/format";
import { Card, EmptyNote } from "@/components/ui/card";
import { PutAsideLink } from "./put-aside-link";
import { ProductImage } from "@/components/product-image";
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

function EventPicture({ event }: { event: Event }) {
  if (event.type === "searched") {
    return (
      <span aria-hidden="true" className="flex h-15 w-12 shrink-0 items-center justify-center rounded-md bg-stone-100 text-xl text-stone-500">
        ⌕
      </span>
    );
  }
  if (event.product) return <ProductImage src={event.variant?.imageUrl ?? event.product.imageUrl} alt="" />;
  // The retailer's own picture of something we do not carry; no referrer, so the profile's address stays here.
  return event.imageUrl ? (
    <img src={event.imageUrl} alt="" loading="lazy" decoding="async" referrerPolicy="no-referrer" className="block h-15 w-12 shrink-0 rounded-md bg-stone-100 object-cover" />
  ) : (
    <ProductImage src={PLACEHOLDER_ART} alt="" />
  );
}

function EventRow({ event, now, customerId }: { event: Event; now: Date; customerId: string }) {
  // A summary ("Wool coat and 2 more") or the source's name for an item outside the catalogue comes first.
  const name = event.productName ?? event.product?.name ?? (event.type === "searched" || BASKET_EVENTS.has(event.type) ? null : (event.sku ?? "an item"));
  const outside = !event.product && event.type !== "searched" && name;
  const detail = outside
    ? ["Not in our catalogue", event.sku ? `SKU ${event.sku}` : null].filter(Boolean).join(" · ")
    : [event.variant?.colour, event.type !== "product_viewed" ? event.variant?.size : null].filter(Boolean).join(" · ");
  const priceCents = BASKET_EVENTS.has(event.type) || !event.product ? event.valueCents : (event.variant?.priceCents ?? event.product.priceCents);
  return (
    <li className="flex items-center gap-3 py-2.5">
      <EventPicture event={event} />
      <div className="min-w-0 flex-1">
        <p className="truncate">
          <span className={event.type === "wishlist_added" || event.type === "cart_added" ? "font-semibold text-accent" : "text-muted"}>
            {VERBS[event.type]}
          </span>{" "}
          {event.type === "searched" ? (
            event.searchQuery ? <span className="font-medium">“{event.searchQuery}”</span> : null
          ) : outside && event.productUrl ? (
            <a href={event.productUrl} target="_blank" rel="noopener noreferrer" className="font-medium underline decoration-stone-300 underline-offset-2 hover:text-accent">
              {name}
            </a>
          ) : name ? (
            <span className="font-medium">{name}</span>
          ) : null}
        </p>
        {detail ? <p className="truncate text-sm text-muted">{detail}</p> : null}
      </div>
      <div className="shrink-0 text-right text-sm text-muted">
        <p>{formatRelative(event.occurredAt, now)}</p>
        <p>
          {priceCents != null ? formatMoney(priceCents) : null}
          {event.channel === "app" ? " · app" : ""}
        </p>
      </div>
      {event.product ? <PutAsideLink customerId={customerId} productId={event.product.id} variantId={event.variant?.id} productName={event.product.name} /> : null}
    </li>
  );
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
          <ol className="divide-y divide-line">
            {entries.map((event) => (
              <EventRow key={event.id} event={event} now={now} customerId={customerId} />
            ))}
          </ol>
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
