"use client";

import { useActionState, useId } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { linkMentionProductAction } from "./actions";

export function LinkProduct({ mentionId, customerId, products }: { mentionId: string; customerId?: string; products: Array<{ id: string; name: string }> }) {
  const [state, formAction] = useActionState<ActionState, FormData>(linkMentionProductAction, {});
  const fieldId = useId();
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="mentionId" value={mentionId} />
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      <div className="min-w-0 flex-1">
        <label htmlFor={fieldId} className="mb-1 block text-sm font-medium">
          Which product is this about?
        </label>
        <select id={fieldId} name="productId" required defaultValue="" className="block h-11 w-full rounded-lg border border-stone-300 bg-white px-3 text-base">
          <option value="" disabled>
            Choose a product
          </option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton pendingLabel="Linking…" variant="quiet">
        Link
      </SubmitButton>
      {state.message && !state.ok ? (
        <p aria-live="polite" className="basis-full text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
