import type { CustomerProfile } from "@/lib/customer-profile";
import { formatMoney, formatRelative } from "@/lib/format";
import { Card, EmptyNote } from "@/components/ui/card";
import { PutAsideLink } from "./put-aside-link";
import { ProductImage } from "@/components/product-image";

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

const SHOWN_FIRST = 10;

function EventRow({ event, now, customerId }: { event: Event; now: Date; customerId: string }) {
  const name = event.product?.name ?? event.productName;
  const detail = [event.variant?.colour, event.type !== "product_viewed" ? event.variant?.size : null]
    .filter(Boolean)
    .join(" · ");
  return (
    <li className="flex items-center gap-3 py-2.5">
      {event.type === "searched" ? (
        <span aria-hidden="true" className="flex h-15 w-12 shrink-0 items-center justify-center rounded-md bg-stone-100 text-xl text-stone-500">
          ⌕
        </span>
      ) : (
        <ProductImage src={event.variant?.imageUrl ?? event.product?.imageUrl} alt="" />
      )}
      <div className="min-w-0 flex-1">
        <p className="truncate">
          <span className={event.type === "wishlist_added" || event.type === "cart_added" ? "font-semibold text-accent" : "text-muted"}>
            {VERBS[event.type]}
          </span>{" "}
          {event.type === "searched" ? <span className="font-medium">“{event.searchQuery}”</span> : <span className="font-medium">{name}</span>}
        </p>
        {detail ? <p className="truncate text-sm text-muted">{detail}</p> : null}
      </div>
      <div className="shrink-0 text-right text-sm text-muted">
        <p>{formatRelative(event.occurredAt, now)}</p>
        <p>
          {event.product ? formatMoney(event.variant?.priceCents ?? event.product.priceCents) : null}
          {event.channel === "app" ? " · app" : ""}
        </p>
      </div>
      {event.product ? <PutAsideLink customerId={customerId} productId={event.product.id} variantId={event.variant?.id} productName={event.product.name} /> : null}
    </li>
  );
}

export function ActivityTimeline({ activity, now, customerId }: { activity: Event[]; now: Date; customerId: string }) {
  const first = activity.slice(0, SHOWN_FIRST);
  const rest = activity.slice(SHOWN_FIRST);
  return (
    <Card title="Online activity" id="activity" action={<span className="text-sm text-muted">Last 90 days</span>}>
      {activity.length === 0 ? (
        <EmptyNote>No online activity in the last 90 days.</EmptyNote>
      ) : (
        <>
          <ol className="divide-y divide-line">
            {first.map((event) => (
              <EventRow key={event.id} event={event} now={now} customerId={customerId} />
            ))}
          </ol>
          {rest.length ? (
            <details className="group border-t border-line">
              <summary className="flex h-12 cursor-pointer list-none items-center font-medium text-accent">
                <span className="group-open:hidden">Show {rest.length} earlier</span>
                <span className="hidden group-open:inline">Show fewer</span>
              </summary>
              <ol className="divide-y divide-line">
                {rest.map((event) => (
                  <EventRow key={event.id} event={event} now={now} customerId={customerId} />
                ))}
              </ol>
            </details>
          ) : null}
        </>
      )}
    </Card>
  );
}
