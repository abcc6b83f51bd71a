"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { answerQuestionAction } from "./link-actions";

/** Answering a question she asked from her page: the answer shows there, under it. */
export function AnswerQuestion({ customerId, responseId, firstName }: { customerId: string; responseId: string; firstName: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(answerQuestionAction, {});
  const fieldId = `answer-${responseId}`;
  const error = state.fieldErrors?.text?.join(" ") ?? (state.ok ? undefined : state.message);
  return (
    <form action={formAction} className="space-y-2 rounded-lg bg-white/70 p-3">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="responseId" value={responseId} />
      <label htmlFor={fieldId} className="block text-sm font-medium">
        Answer on {firstName}&apos;s page
      </label>
      <textarea
        id={fieldId}
        name="text"
        rows={2}
        maxLength={1000}
        required
        defaultValue={state.ok ? "" : String(state.values?.text ?? "")}
        aria-invalid={error ? true : undefined}
        className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
      />
      <SubmitButton pendingLabel="Answering…">Answer</SubmitButton>
      <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
        {state.ok ? state.message : error}
      </p>
    </form>
  );
}
