"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { useQueueingAction } from "@/components/offline/customer-offline";
import type { DraftChange } from "@/components/offline/offline-provider";
import { placeHoldAction } from "./hold/actions";

/** One tap puts the suggested item aside until closing on the second open day; the key makes a double tap harmless. */
export function SuggestionHold({ customerId, variantId, idempotencyKey, label }: { customerId: string; variantId: string; idempotencyKey: string; label: string }) {
  // Offline, the hold becomes a request: the server places it when the connection is back, if a unit is still free.
  const holdRequest = (data: FormData): DraftChange => ({
    summary: `Hold request: ${label}, 2 days`,
    change: { kind: "hold.request", variantId: String(data.get("variantId") ?? ""), days: Number(data.get("days")), key: idempotencyKey },
  });
  const [state, formAction] = useActionState<ActionState, FormData>(useQueueingAction(placeHoldAction, holdRequest), {});
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="variantId" value={variantId} />
      <input type="hidden" name="days" value="2" />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <SubmitButton pendingLabel="Holding…" variant="quiet" className="w-full" ariaLabel={`Hold 2 days: ${label}`}>
        Hold 2 days
      </SubmitButton>
      {state.message ? (
        <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
