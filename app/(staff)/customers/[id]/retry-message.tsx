"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { SubmitButton } from "@/components/ui/submit-button";
import { retryMessageAction } from "./retry-actions";

/** "Retry" under a failed message: the same words, through the same channel; what happened shows in the notice area. */
export function RetryMessage({ outboxId, customerId }: { outboxId: string; customerId?: string }) {
  const [, action] = useActionState<ActionState, FormData>(useNoticeAction(retryMessageAction, { refusals: true }), {});
  return (
    <form action={action}>
      <input type="hidden" name="outboxId" value={outboxId} />
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      <SubmitButton variant="quiet" pendingLabel="Sending again…" className="h-11">
        Retry
      </SubmitButton>
    </form>
  );
}
