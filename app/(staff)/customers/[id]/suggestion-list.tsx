"use client";

import { formatMoney } from "@/lib/format";
import { ProductImage } from "@/components/product-image";
import { SuggestionHold } from "./suggestion-hold";
import { AddToSelection } from "./selection-forms";

/** What one suggestion shows: its reasons already cut to the four shown, and whether it is in her selection already. */
export interface ShownSuggestion {
  variantId: string;
  name: string;
  colour: string;
  size: string;
  priceCents: number;
  available: number;
  imageUrl: string;
  reasons: string[];
  /** Made on the server for this page, so a double tap on Hold places one hold. */
  idempotencyKey: string;
  chosen: boolean;
}

/**
 * The suggestions, each with Hold and Add to selection. A client component so
 * the page carries each item's data once, not its markup twice (as HTML and
 * again in the server components' payload).
 */
export function SuggestionList({ customerId, suggestions }: { customerId: string; suggestions: ShownSuggestion[] }) {
  return (
    <ul className="grid gap-px bg-line sm:grid-cols-2 lg:grid-cols-4">
      {suggestions.map((s) => {
        const label = `${s.name}, ${s.colour} ${s.size}`;
        return (
          <li key={s.variantId} className="flex flex-col gap-2 bg-white p-4">
            <div className="flex gap-3">
              <ProductImage src={s.imageUrl} alt="" size="md" />
              <div className="min-w-0">
                <p className="font-medium leading-snug">{s.name}</p>
                <p className="text-sm text-muted">
                  {s.colour} · {s.size} · {formatMoney(s.priceCents)}
                </p>
                <p className="text-sm text-muted">{s.available} free here</p>
              </div>
            </div>
            <ul aria-label="Why" className="flex flex-1 flex-wrap content-start gap-1">
              {s.reasons.map((r) => (
                <li key={r} className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">
                  {r}
                </li>
              ))}
            </ul>
            <SuggestionHold customerId={customerId} variantId={s.variantId} idempotencyKey={s.idempotencyKey} label={label} />
            {s.chosen ? (
              <p className="flex h-12 items-center justify-center text-sm font-medium text-muted">In your selection</p>
            ) : (
              <AddToSelection customerId={customerId} variantId={s.variantId} label={label} />
            )}
          </li>
        );
      })}
    </ul>
  );
}
