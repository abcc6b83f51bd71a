"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormAlert } from "@/components/ui/form-alert";
import { revokeLinkAction, sendLinkAction, type SendLinkState } from "./link-actions";

interface HeldItem {
  id: string;
  label: string;
}

export function SendLinkForm({
  customerId,
  firstName,
  items,
  channels,
}: {
  customerId: string;
  firstName: string;
  items: HeldItem[];
  channels: Array<{ value: "email" | "sms" | "in_store"; label: string; allowed: boolean; why?: string }>;
}) {
  const [state, formAction] = useActionState<SendLinkState, FormData>(sendLinkAction, {});
  const firstAllowed = channels.find((c) => c.allowed)?.value;
  const [channel, setChannel] = useState(firstAllowed);
  // A QR code is shown here, to someone standing in the store: no message goes with it.
  const messageNeeded = channel !== "in_store";
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="customerId" value={customerId} />
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Items to show</legend>
        {items.map((item) => (
          <label key={item.id} className="flex min-h-11 items-center gap-3">
            <input type="checkbox" name="holdIds" value={item.id} defaultChecked className="h-5 w-5 accent-accent" />
            {item.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Send by</legend>
        <div className="flex flex-wrap gap-2">
          {channels.map((c) => (
            <label key={c.value} className={`flex h-11 items-center gap-2 rounded-lg border px-3 ${c.allowed ? "cursor-pointer border-stone-300 has-[:checked]:border-accent has-[:checked]:bg-accent-soft" : "border-dashed border-stone-300 text-stone-400"}`}>
              <input
                type="radio"
                name="channel"
                value={c.value}
                disabled={!c.allowed}
                defaultChecked={c.value === firstAllowed}
                onChange={() => setChannel(c.value)}
                className="h-4 w-4 accent-accent"
              />
              {c.label}
              {c.why ? <span className="text-xs">({c.why})</span> : null}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor="link-message" className="mb-1 block text-sm font-medium">
          Personal message to {firstName}{" "}
          <span className="font-normal text-muted">{messageNeeded ? "(required)" : "(optional for a QR code)"}</span>
        </label>
        <textarea
          id="link-message"
          name="message"
          rows={3}
          maxLength={500}
          required={messageNeeded}
          aria-required={messageNeeded}
          defaultValue={`Hi ${firstName}, `}
          aria-describedby="link-message-hint"
          className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
        />
        <p id="link-message-hint" className="mt-1 text-sm text-muted">
          Sent as you write it, followed by the link and your name.
        </p>
        {state.fieldErrors?.message ? <p className="mt-1 text-sm text-red-700">{state.fieldErrors.message.join(" ")}</p> : null}
      </div>
      {state.qrSvg ? (
        <figure className="space-y-2 rounded-lg border border-line p-4 text-center">
          {/* SVG markup generated on the server by the qrcode library from our own URL. */}
          <div role="img" aria-label={`QR code of ${firstName}'s private link`} className="mx-auto w-56" dangerouslySetInnerHTML={{ __html: state.qrSvg }} />
          <figcaption className="text-sm text-muted">{state.message}</figcaption>
        </figure>
      ) : state.ok ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {state.message}
        </p>
      ) : (
        <FormAlert id="send-link-status" message={state.fieldErrors?.holdIds?.join(" ") ?? state.fieldErrors?.channel?.join(" ") ?? state.message} />
      )}
      <SubmitButton pendingLabel="Sending…" disabled={!firstAllowed}>
        Send {firstName} a private link
      </SubmitButton>
    </form>
  );
}

export function RevokeLink({ customerId, linkId }: { customerId: string; linkId: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(revokeLinkAction, {});
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="linkId" value={linkId} />
      <button type="submit" className="inline-flex h-10 items-center text-sm font-medium text-red-700">
        Revoke link
      </button>
      {state.message && !state.ok ? <span className="text-sm text-red-700">{state.message}</span> : null}
    </form>
  );
}
