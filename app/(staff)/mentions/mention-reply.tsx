"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { dismissMentionAction, noteReplyAction, replyToMentionAction } from "./actions";
import { keepTyped } from "./keep-typed";

// Whatever went wrong (an ended session too), the reply stays in the box to send again.
// "Send reply" sends it from the store's account; the quiet button only notes an answer given on the network itself.
const replyKeepingText = keepTyped((previous: ActionState, data: FormData) => (data.get("intent") === "note" ? noteReplyAction(previous, data) : replyToMentionAction(previous, data)), ["text"]);

function ReplyButtons({ network }: { network: string }) {
  const { pending, data } = useFormStatus();
  const noting = pending && data?.get("intent") === "note";
  return (
    <>
      <button type="submit" name="intent" value="send" disabled={pending} className="inline-flex h-12 items-center justify-center rounded-lg bg-accent px-5 text-base font-medium text-white transition hover:bg-accent-strong disabled:bg-accent/70">
        {pending && !noting ? "Sending…" : "Send reply"}
      </button>
      <button type="submit" name="intent" value="note" disabled={pending} className="inline-flex h-12 items-center justify-center rounded-lg border border-line bg-white px-4 text-base font-medium text-ink transition hover:bg-stone-50">
        {noting ? "Noting…" : `I answered on ${network} myself`}
      </button>
    </>
  );
}

interface Props {
  mentionId: string;
  customerId?: string;
  /** Null when the network did not say who posted. */
  handle: string | null;
  /** The post's network and the longest reply it takes (replyLimit in lib/mentions); the server checks it either way. */
  limit?: { network: string; max: number };
}

export function MentionReply({ mentionId, customerId, handle, limit }: Props) {
  const [state, replyAction] = useActionState<ActionState, FormData>(replyKeepingText, {});
  const [dismissState, dismissAction] = useActionState<ActionState, FormData>(useNoticeAction(dismissMentionAction), {});
  const fieldId = `reply-${mentionId}`;
  const textError = state.fieldErrors?.text?.join(" ");
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
          maxLength={limit?.max}
          required
          defaultValue={state.ok ? "" : String(state.values?.text ?? "")}
          aria-invalid={textError ? true : undefined}
          aria-describedby={limit ? `${fieldId}-hint` : undefined}
          className="block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none aria-invalid:border-red-600"
        />
        {limit ? (
          <p id={`${fieldId}-hint`} className="text-sm text-muted">
            A reply on {limit.network} is at most {limit.max.toLocaleString("en-US")} characters.
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <ReplyButtons network={limit?.network ?? "the network"} />
          <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
            {textError ?? state.message}
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
