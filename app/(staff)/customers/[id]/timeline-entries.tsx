"use client";

// Pictures of items outside the catalogue come from the retailer's own site; the image optimiser would add nothing.
/* eslint-disable @next/next/no-img-element */
import { ProductImage } from "@/components/product-image";
import { PutAsideLink } from "./put-aside-link";

/** One line of the online activity, worded on the server (times in the store's terms, prices formatted). */
export interface TimelineEntry {
  id: string;
  /** The item's picture; `outside` for the retailer's own picture of something not in the catalogue; null for a search. */
  picture: { src: string; outside?: true } | null;
  verb: string;
  /** Wishlist and cart, which stand out. */
  wanted: boolean;
  /** What was searched for, quoted. */
  query?: string;
  name?: string;
  /** The retailer's page of an item outside the catalogue. */
  href?: string;
  detail?: string;
  when: string;
  price?: string;
  app?: true;
  /** A catalogue item, which can be put aside from here. */
  item?: { productId: string; variantId?: string; name: string };
}

/**
 * The entries shown. A client component so the page carries each entry's
 * words once, not its markup twice (as HTML and again in the server
 * components' payload).
 */
export function TimelineEntries({ customerId, entries }: { customerId: string; entries: TimelineEntry[] }) {
  return (
    <ol className="divide-y divide-line">
      {entries.map((e) => (
        <li key={e.id} className="flex items-center gap-3 py-2.5">
          {e.picture === null ? (
            <span aria-hidden="true" className="flex h-15 w-12 shrink-0 items-center justify-center rounded-md bg-stone-100 text-xl text-stone-500">
              ⌕
            </span>
          ) : e.picture.outside ? (
            // No referrer, so the profile's address stays here.
            <img src={e.picture.src} alt="" loading="lazy" decoding="async" referrerPolicy="no-referrer" className="block h-15 w-12 shrink-0 rounded-md bg-stone-100 object-cover" />
          ) : (
            <ProductImage src={e.picture.src} alt="" />
          )}
          <div className="min-w-0 flex-1">
            <p className="truncate">
              <span className={e.wanted ? "font-semibold text-accent" : "text-muted"}>{e.verb}</span>{" "}
              {e.query !== undefined ? (
                <span className="font-medium">“{e.query}”</span>
              ) : e.href ? (
                <a href={e.href} target="_blank" rel="noopener noreferrer" className="font-medium underline decoration-stone-300 underline-offset-2 hover:text-accent">
                  {e.name}
                </a>
              ) : e.name ? (
                <span className="font-medium">{e.name}</span>
              ) : null}
            </p>
            {e.detail ? <p className="truncate text-sm text-muted">{e.detail}</p> : null}
          </div>
          <div className="shrink-0 text-right text-sm text-muted">
            <p>{e.when}</p>
            <p>
              {e.price ?? null}
              {e.app ? " · app" : ""}
            </p>
          </div>
          {e.item ? <PutAsideLink customerId={customerId} productId={e.item.productId} variantId={e.item.variantId} productName={e.item.name} /> : null}
        </li>
      ))}
    </ol>
  );
}
