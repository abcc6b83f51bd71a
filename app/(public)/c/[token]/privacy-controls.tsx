"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { correctPreferencesAction, privacyAction } from "./actions";
import { SIZE_CATEGORIES } from "@/lib/preference-options";

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

export function CorrectPreferences({ token, sizes, colours, priceMin, priceMax }: { token: string; sizes: Record<string, string>; colours: string; priceMin: string; priceMax: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(correctPreferencesAction, {});
  const input = "block h-11 w-full rounded-lg border border-stone-300 px-3";
  const error = (name: string) => state.fieldErrors?.[name]?.join(" ");
  return (
    <details>
      <summary className="inline-flex h-10 cursor-pointer items-center text-sm font-medium text-accent underline">Correct these</summary>
      <form action={formAction} className="mt-2 space-y-3">
        <input type="hidden" name="token" value={token} />
        <div className="grid grid-cols-2 gap-2">
          {SIZE_CATEGORIES.map((c) => (
            <label key={c} className="text-sm capitalize">
              {c}
              <input name={`size_${c}`} defaultValue={sizes[c] ?? ""} maxLength={10} className={input} />
            </label>
          ))}
        </div>
        <label className="block text-sm">
          Favourite colours (separate with commas)
          <input name="colours" defaultValue={colours} className={input} />
        </label>
        <div className="grid grid-cols-2 gap-2">
          <label className="text-sm">
            Budget from ($)
            <input name="priceMin" inputMode="numeric" defaultValue={priceMin} className={input} />
          </label>
          <label className="text-sm">
            Up to ($)
            <input name="priceMax" inputMode="numeric" defaultValue={priceMax} className={input} aria-invalid={error("priceMax") ? true : undefined} />
          </label>
        </div>
        <button type="submit" className="inline-flex h-11 w-full items-center justify-center rounded-lg bg-accent font-medium text-white">
          Save corrections
        </button>
        <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {error("priceMax") ?? state.message}
        </p>
      </form>
    </details>
  );
}
