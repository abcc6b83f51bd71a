"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { changeHoldAction } from "./actions";

const BUTTON = "inline-flex h-11 items-center rounded-lg px-4 text-sm font-medium transition disabled:opacity-60";

export function HoldActions({ holdId, label }: { holdId: string; label: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(changeHoldAction, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="holdId" value={holdId} />
      <button name="change" value="picked_up" disabled={pending} aria-label={`Picked up: ${label}`} className={`${BUTTON} bg-accent text-white hover:bg-accent-strong`}>
        Picked up
      </button>
      <button name="change" value="extend" disabled={pending} aria-label={`Extend to closing time on the next open day: ${label}`} className={`${BUTTON} border border-line bg-white hover:bg-stone-50`}>
        +1 day
      </button>
      <button name="change" value="release" disabled={pending} aria-label={`Release: ${label}`} className={`${BUTTON} border border-line bg-white hover:bg-stone-50`}>
        Release
      </button>
      <p aria-live="polite" className={`basis-full text-right text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
        {state.message}
      </p>
    </form>
  );
}
