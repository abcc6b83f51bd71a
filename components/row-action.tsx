"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";

/**
 * One button that acts on one row of a list (remove a closed day, a day off,
 * stop offering a type), with the row's fields as hidden inputs and what went
 * wrong said under it. What went right shows in the list itself, re-rendered.
 */
export function RowAction({
  action,
  fields,
  children,
  ariaLabel,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  children: React.ReactNode;
  ariaLabel: string;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center justify-end gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} aria-label={ariaLabel} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 text-sm font-medium hover:bg-stone-50 disabled:opacity-60">
        {children}
      </button>
      {state.message && !state.ok ? (
        <p aria-live="polite" className="basis-full text-right text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
