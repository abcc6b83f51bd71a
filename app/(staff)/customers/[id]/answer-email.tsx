"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { answerEmailAction } from "./link-actions";

/** An answer by email to an email she sent the store: "Re: her subject", threaded in her mail app. */
export function AnswerEmail({ customerId, firstName, inReplyTo, note }: { customerId: string; firstName: string; inReplyTo: string; note: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(answerEmailAction, {});
  const fieldId = `email-${inReplyTo}`;
  const error = state.fieldErrors?.body?.join(" ") ?? (state.ok ? undefined : state.message);
  return (
    <form action={formAction} className="space-y-2 rounded-lg bg-white/70 p-3">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="inReplyTo" value={inReplyTo} />
      <label htmlFor={fieldId} className="block text-sm font-medium">
        Answer {firstName} by email
      </label>
      <textarea
        id={fieldId}
        name="body"
        rows={3}
        maxLength={5000}
        required
        defaultValue={state.ok ? "" : String(state.values?.body ?? "")}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${fieldId}-note`}
        className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
      />
      <p id={`${fieldId}-note`} className="text-sm text-muted">
        {note}
      </p>
      <SubmitButton pendingLabel="Sending…">Send email</SubmitButton>
      <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
        {state.ok ? state.message : error}
      </p>
    </form>
  );
}
