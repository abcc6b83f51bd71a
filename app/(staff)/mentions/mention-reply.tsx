"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { dismissMentionAction, replyToMentionAction } from "./actions";

/** `handle` is null when the network did not say who posted. */
export function MentionReply({ mentionId, customerId, handle }: { mentionId: string; customerId?: string; handle: string | null }) {
  const [state, replyAction] = useActionState<ActionState, FormData>(replyToMentionAction, {});
  const [dismissState, dismissAction] = useActionState<ActionState, FormData>(dismissMentionAction, {});
  const fieldId = `reply-${mentionId}`;
  return (
    <div className="space-y-2 rounded-lg bg-stone-50 p-3">
      <form action={replyAction} className="space-y-2">
        <input type="hidden" name="mentionId" value={mentionId} />
        {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
        <label htmlFor={fieldId} className="block text-sm font-medium">
          {handle ? `Reply to @${handle}` : "Your reply"}
        </label>
        <textarea
          id={fieldId}
          name="text"
          rows={2}
          maxLength={280}
          required
          className="block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
        />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingLabel="Recording…">Record reply</SubmitButton>
          <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
            {state.fieldErrors?.text?.join(" ") ?? state.message}
          </p>
        </div>
      </form>
      <form action={dismissAction} className="flex items-center gap-3">
        <input type="hidden" name="mentionId" value={mentionId} />
        {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
        <button type="submit" className="inline-flex h-10 items-center text-sm font-medium text-muted underline-offset-2 hover:underline">
          Dismiss, no reply needed
        </button>
        <span aria-live="polite" className="text-sm text-red-700">
          {dismissState.ok ? null : dismissState.message}
        </span>
      </form>
    </div>
  );
}
