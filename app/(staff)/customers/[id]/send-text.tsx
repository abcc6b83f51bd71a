"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { sendTextAction } from "./link-actions";

/** A text from the store's number: to answer her text (inReplyTo), or to write first when she agreed to texts. */
export function SendText({ customerId, firstName, inReplyTo, note }: { customerId: string; firstName: string; inReplyTo?: string; note?: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(sendTextAction, {});
  const fieldId = `text-${inReplyTo ?? customerId}`;
  const error = state.fieldErrors?.body?.join(" ") ?? (state.ok ? undefined : state.message);
  return (
    <form action={formAction} className="space-y-2 rounded-lg bg-white/70 p-3">
      <input type="hidden" name="customerId" value={customerId} />
      {inReplyTo ? <input type="hidden" name="inReplyTo" value={inReplyTo} /> : null}
      <label htmlFor={fieldId} className="block text-sm font-medium">
        {inReplyTo ? `Answer ${firstName} by text` : `Text ${firstName}`}
      </label>
      <textarea
        id={fieldId}
        name="body"
        rows={2}
        maxLength={1600}
        required
        defaultValue={state.ok ? "" : String(state.values?.body ?? "")}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? `${fieldId}-note` : undefined}
        className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
      />
      {note ? (
        <p id={`${fieldId}-note`} className="text-sm text-muted">
          {note}
        </p>
      ) : null}
      <SubmitButton pendingLabel="Sending…">{inReplyTo ? "Send answer" : "Send text"}</SubmitButton>
      <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
        {state.ok ? state.message : error}
      </p>
    </form>
  );
}
