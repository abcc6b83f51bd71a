"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { dismissMessageAction } from "./actions";

/** A text or email that needs no answer leaves the waiting list; the result shows in the notice area. */
export function DismissMessage({ messageId }: { messageId: string }) {
  const [, action, pending] = useActionState<ActionState, FormData>(useNoticeAction(dismissMessageAction, { refusals: true }), {});
  return (
    <form action={action}>
      <input type="hidden" name="messageId" value={messageId} />
      <button type="submit" disabled={pending} className="inline-flex h-10 items-center text-sm font-medium text-muted underline-offset-2 hover:underline disabled:opacity-60">
        Dismiss, no answer needed
      </button>
    </form>
  );
}
