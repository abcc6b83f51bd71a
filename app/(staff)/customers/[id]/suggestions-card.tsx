import { randomUUID } from "node:crypto";
import type { Suggestion } from "@/lib/suggestion-scoring";
import { SuggestionList } from "./suggestion-list";

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
      <SuggestionList
        customerId={customerId}
        suggestions={suggestions.map((s) => ({
          variantId: s.variantId,
          name: s.name,
          colour: s.colour,
          size: s.size,
          priceCents: s.priceCents,
          available: s.available,
          imageUrl: s.imageUrl,
          reasons: s.reasons.slice(0, 4),
          idempotencyKey: randomUUID(),
          chosen: chosen.includes(s.productId),
        }))}
      />
    </section>
  );
}
