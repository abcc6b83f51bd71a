"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { privacyAction } from "./actions";

/** One button that changes one thing about the customer's data, with its result read aloud. */
export function PrivacyButton({
  token,
  fields,
  label,
  doneLabel,
  done = false,
}: {
  token: string;
  fields: Record<string, string>;
  label: string;
  /** Shown, disabled, once the change has been made; the confirmation stays readable. */
  doneLabel?: string;
  done?: boolean;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(privacyAction, {});
  return (
    <form action={formAction} className="space-y-1 text-right">
      <input type="hidden" name="token" value={token} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending || done} className="inline-flex h-10 items-center rounded-lg border border-line bg-white px-3 text-sm font-medium disabled:opacity-60">
        {done ? (doneLabel ?? label) : label}
      </button>
      <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
        {state.message}
      </p>
    </form>
  );
}
