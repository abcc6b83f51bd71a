"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/actions";
import { formatMoney } from "@/lib/format";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormAlert } from "@/components/ui/form-alert";
import { ProductImage } from "@/components/product-image";
import { useOffline } from "@/components/offline/offline-provider";
import { addToSelectionAction, findForSelectionAction, removeFromSelectionAction, sendSelectionAction, type FindState, type SendSelectionState } from "./selection-actions";

/** The form the line fields of the selection's items belong to (they sit beside each item, outside it). */
export const SEND_FORM_ID = "selection-send";

/**
 * The server action called from the browser, as Hold 2 days does. Given to
 * useActionState directly, the server action would also be written into each
 * form as hidden fields (for a submit before the page's script runs, which
 * React replays anyway): over half a kilobyte on every suggestion.
 */
const addToSelection = (previous: ActionState, data: FormData) => addToSelectionAction(previous, data);

/** "Add to selection" on a suggestion or a found item; off while the tablet is offline (it needs the server). */
export function AddToSelection({ customerId, variantId, label }: { customerId: string; variantId: string; label: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(addToSelection, {});
  const offline = useOffline();
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="variantId" value={variantId} />
      <SubmitButton pendingLabel="Adding…" variant="quiet" className="w-full" ariaLabel={`Add to selection: ${label}`} disabled={offline ? !offline.online : false}>
        Add to selection
      </SubmitButton>
      {state.message ? (
        <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

export function RemoveFromSelection({ customerId, itemId, label }: { customerId: string; itemId: string; label: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(removeFromSelectionAction, {});
  return (
    <form action={formAction}>
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" aria-label={`Take out of the selection: ${label}`} className="inline-flex h-11 items-center rounded-lg px-3 text-sm font-medium text-red-700 hover:bg-red-50">
        Take out
      </button>
      {state.message && !state.ok ? <span className="text-sm text-red-700">{state.message}</span> : null}
    </form>
  );
}

/** Finds items in her size by name, brand or style code, each one tap from the selection. */
export function FindForSelection({ customerId }: { customerId: string }) {
  const [state, formAction] = useActionState<FindState, FormData>(findForSelectionAction, {});
  return (
    <div className="space-y-3">
      <form action={formAction} role="search" className="flex items-end gap-2">
        <input type="hidden" name="customerId" value={customerId} />
        <div className="min-w-0 flex-1">
          <label htmlFor="selection-find" className="mb-1 block text-sm font-medium">
            Find an item in her size
          </label>
          <input
            id="selection-find"
            name="query"
            type="search"
            defaultValue={state.query}
            maxLength={80}
            placeholder="Name, brand or style code"
            className="block h-12 w-full rounded-lg border border-stone-300 px-3 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
          />
        </div>
        <SubmitButton pendingLabel="Finding…" variant="quiet">
          Find
        </SubmitButton>
      </form>
      <div aria-live="polite">
        {state.fieldErrors?.query || (state.message && !state.results?.length) ? <p className="text-sm text-red-700">{state.fieldErrors?.query?.join(" ") ?? state.message}</p> : null}
        {state.results?.length ? (
          <ul aria-label="Found" className="divide-y divide-line">
            {state.results.map((r) => (
              <li key={r.variantId} className="flex items-center gap-3 py-2">
                <ProductImage src={r.imageUrl} alt="" />
                <div className="min-w-0 flex-1">
                  <p className="font-medium leading-snug">{r.name}</p>
                  <p className="text-sm text-muted">
                    {r.colour} · {r.size} · {formatMoney(r.priceCents)} · {r.available ? `${r.available} free here` : "none free here"}
                  </p>
                </div>
                <div className="w-44 shrink-0">
                  <AddToSelection customerId={customerId} variantId={r.variantId} label={`${r.name}, ${r.colour} ${r.size}`} />
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

type Channel = { value: "email" | "sms" | "in_store"; label: string; allowed: boolean; why?: string };

/** The channel and message of the selection, and Send; the items' lines belong to this form by its id. */
export function SendSelectionForm({ customerId, firstName, channels, items }: { customerId: string; firstName: string; channels: Channel[]; items: number }) {
  const [state, formAction] = useActionState<SendSelectionState, FormData>(sendSelectionAction, {});
  const firstAllowed = channels.find((c) => c.allowed)?.value;
  const [channel, setChannel] = useState(firstAllowed);
  const messageNeeded = channel !== "in_store";
  return (
    <form id={SEND_FORM_ID} action={formAction} className="space-y-4">
      <input type="hidden" name="customerId" value={customerId} />
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Send by</legend>
        <div className="flex flex-wrap gap-2">
          {channels.map((c) => (
            <label key={c.value} className={`flex h-11 items-center gap-2 rounded-lg border px-3 ${c.allowed ? "cursor-pointer border-stone-300 has-[:checked]:border-accent has-[:checked]:bg-accent-soft" : "border-dashed border-stone-300 text-stone-400"}`}>
              <input type="radio" name="channel" value={c.value} disabled={!c.allowed} defaultChecked={c.value === firstAllowed} onChange={() => setChannel(c.value)} className="h-4 w-4 accent-accent" />
              {c.label}
              {c.why ? <span className="text-xs">({c.why})</span> : null}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor="selection-message" className="mb-1 block text-sm font-medium">
          Message to {firstName} <span className="font-normal text-muted">{messageNeeded ? "(required)" : "(optional for a QR code)"}</span>
        </label>
        <textarea
          id="selection-message"
          name="message"
          rows={2}
          maxLength={500}
          required={messageNeeded}
          defaultValue={`Hi ${firstName}, `}
          className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
        />
        {state.fieldErrors?.message ? <p className="mt-1 text-sm text-red-700">{state.fieldErrors.message.join(" ")}</p> : null}
      </div>
      {state.qrSvg ? (
        <figure className="space-y-2 rounded-lg border border-line p-4 text-center">
          {/* SVG markup generated on the server by the qrcode library from our own URL. */}
          <div role="img" aria-label={`QR code of ${firstName}'s selection`} className="mx-auto w-56" dangerouslySetInnerHTML={{ __html: state.qrSvg }} />
          <figcaption className="text-sm text-muted">{state.message}</figcaption>
        </figure>
      ) : state.ok ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {state.message}
        </p>
      ) : (
        <FormAlert id="send-selection-status" message={state.fieldErrors?.lines?.[0] ?? state.fieldErrors?.channel?.join(" ") ?? state.message} />
      )}
      <SubmitButton pendingLabel="Sending…" disabled={!firstAllowed || items === 0}>
        Send {firstName} the selection
      </SubmitButton>
    </form>
  );
}
