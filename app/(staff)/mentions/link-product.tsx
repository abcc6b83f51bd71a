"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { LinkChoice } from "./link-choice";
import { findMentionProductsAction, linkMentionProductAction, type ProductSearchState } from "./actions";

/**
 * "Which product is this about?": a search over the catalogue (a few matches,
 * found on the server) and a Link button on each match.
 */
export function LinkProduct({ mentionId, customerId }: { mentionId: string; customerId?: string }) {
  const [search, searchAction] = useActionState<ProductSearchState, FormData>(findMentionProductsAction, {});
  const [link, linkAction] = useActionState<ActionState, FormData>(linkMentionProductAction, {});
  const fieldId = `product-${mentionId}`;
  const error = search.fieldErrors?.q?.join(" ") ?? (search.ok ? undefined : search.message);
  const typed = String(search.values?.q ?? "");
  return (
    <details open={Boolean(search.message || search.query || link.message)} className="rounded-lg border border-line px-3">
      <summary className="flex h-12 cursor-pointer items-center font-medium text-accent">Link to a product</summary>
      <div className="space-y-3 pb-3">
        <form action={searchAction} className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor={fieldId} className="mb-1 block text-sm font-medium">
              Which product is this about?
            </label>
            <input
              id={fieldId}
              name="q"
              type="search"
              defaultValue={typed}
              required
              minLength={2}
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${fieldId}-hint`}
              className="block h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none aria-invalid:border-red-600"
            />
          </div>
          <SubmitButton variant="quiet" pendingLabel="Searching…">
            Search
          </SubmitButton>
          <p id={`${fieldId}-hint`} className="basis-full text-sm text-muted">
            Name, brand or style code.
          </p>
        </form>
        <div aria-live="polite">
          {error ? <p className="text-sm text-red-700">{error}</p> : null}
          {search.ok && search.products ? (
            search.products.length === 0 ? (
              <p className="text-muted">No product matches “{search.query}”. Try the style code or fewer words.</p>
            ) : (
              <>
                <ul className="divide-y divide-line rounded-lg border border-line" aria-label={`Products matching ${search.query}`}>
                  {search.products.map((p) => (
                    <LinkChoice key={p.id} name={p.name} detail={`${p.brand} · ${p.styleCode}`} fields={{ mentionId, customerId, productId: p.id }} action={linkAction} />
                  ))}
                </ul>
                {search.limited ? <p className="mt-1 text-sm text-muted">Showing the first matches; type more to narrow down.</p> : null}
              </>
            )
          ) : null}
        </div>
        <FormAlert id={`product-error-${mentionId}`} message={link.ok ? undefined : link.message} />
      </div>
    </details>
  );
}
