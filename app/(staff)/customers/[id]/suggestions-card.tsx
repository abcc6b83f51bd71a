import { randomUUID } from "node:crypto";
import type { Suggestion } from "@/lib/suggestion-scoring";
import { formatMoney } from "@/lib/format";
import { ProductImage } from "@/components/product-image";
import { SuggestionHold } from "./suggestion-hold";
import { AddToSelection } from "./selection-forms";

/** `chosen`: the products already in the associate's selection for her, which say so instead of offering to add them. */
export function SuggestionsCard({ suggestions, customerId, firstName, storeName, chosen = [] }: { suggestions: Suggestion[]; customerId: string; firstName: string; storeName: string; chosen?: string[] }) {
  if (suggestions.length === 0) return null;
  return (
    <section aria-labelledby="suggestions-heading" className="rounded-xl border border-line bg-white">
      <header className="border-b border-line px-4 py-3">
        <h2 id="suggestions-heading" className="text-base font-semibold">
          Set aside for {firstName}?
        </h2>
        <p className="text-sm text-muted">In {firstName}&apos;s size and free at {storeName} now, best match first.</p>
      </header>
      <ul className="grid gap-px bg-line sm:grid-cols-2 lg:grid-cols-4">
        {suggestions.map((s) => (
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
              {s.reasons.slice(0, 4).map((r) => (
                <li key={r} className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">
                  {r}
                </li>
              ))}
            </ul>
            <SuggestionHold customerId={customerId} variantId={s.variantId} idempotencyKey={randomUUID()} label={`${s.name}, ${s.colour} ${s.size}`} />
            {chosen.includes(s.productId) ? (
              <p className="flex h-12 items-center justify-center text-sm font-medium text-muted">In your selection</p>
            ) : (
              <AddToSelection customerId={customerId} variantId={s.variantId} label={`${s.name}, ${s.colour} ${s.size}`} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
