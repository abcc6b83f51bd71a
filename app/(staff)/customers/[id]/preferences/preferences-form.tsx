"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormAlert } from "@/components/ui/form-alert";
import { useQueueingAction } from "@/components/offline/customer-offline";
import type { DraftChange } from "@/components/offline/offline-provider";
import { savePreferencesAction } from "./actions";

/** Preferences edited offline: the whole form, kept on the tablet until the connection is back. */
function preferencesDraft(data: FormData): DraftChange {
  const values: Record<string, unknown> = {};
  for (const [name, value] of data) if (name !== "customerId" && !name.startsWith("$ACTION") && name !== "styles" && typeof value === "string") values[name] = value;
  values.styles = data.getAll("styles").map(String);
  return { summary: "Sizes and preferences", change: { kind: "preferences.set", values } };
}
import { SIZE_CATEGORIES, STYLES } from "@/lib/preference-options";


interface Initial {
  sizes: Record<string, string>;
  colours: string;
  brands: string;
  dislikes: string;
  styles: string[];
  priceMin: string;
  priceMax: string;
  freeText: string;
}

export function PreferencesForm({ customerId, initial }: { customerId: string; initial: Initial }) {
  const save = useQueueingAction(savePreferencesAction, preferencesDraft);
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, data) => {
    const result = await save(previous, data);
    // Kept on the tablet (online, the action goes back to the profile): the form goes on showing what she wrote.
    return result.ok ? { ...result, values: { ...preferencesDraft(data).change.values as Record<string, unknown> } } : result;
  }, {});
  const sent = state.values;
  const value = (name: string, fallback: string) => (sent ? String(sent[name] ?? "") : fallback);
  const errors = (name: string) => state.fieldErrors?.[name];
  const chosenStyles = sent ? ([] as unknown[]).concat(sent.styles ?? []) : initial.styles;

  return (
    <form action={formAction} className="space-y-6 rounded-xl border border-line bg-white p-5" noValidate>
      <input type="hidden" name="customerId" value={customerId} />
      <fieldset>
        <legend className="mb-2 font-semibold">Sizes</legend>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {SIZE_CATEGORIES.map((c) => (
            <Field key={c} label={c[0]!.toUpperCase() + c.slice(1)} name={`size_${c}`} defaultValue={value(`size_${c}`, initial.sizes[c] ?? "")} errors={errors(`size_${c}`)} maxLength={10} />
          ))}
        </div>
      </fieldset>
      <Field label="Favourite colours" name="colours" hint="Separate with commas, e.g. Blue, Navy, Ivory" defaultValue={value("colours", initial.colours)} errors={errors("colours")} />
      <Field label="Favourite brands" name="brands" hint="Separate with commas" defaultValue={value("brands", initial.brands)} errors={errors("brands")} />
      <fieldset>
        <legend className="mb-2 font-semibold">Style</legend>
        <div className="flex flex-wrap gap-2">
          {STYLES.map((s) => (
            <label key={s} className="flex h-11 cursor-pointer items-center gap-2 rounded-lg border border-stone-300 px-3 capitalize has-[:checked]:border-accent has-[:checked]:bg-accent-soft">
              <input type="checkbox" name="styles" value={s} defaultChecked={chosenStyles.includes(s)} className="h-5 w-5 accent-accent" />
              {s}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-2 font-semibold">Budget per item, in dollars</legend>
        <div className="grid grid-cols-2 gap-3">
          <Field label="From" name="priceMin" inputMode="numeric" defaultValue={value("priceMin", initial.priceMin)} errors={errors("priceMin")} />
          <Field label="Up to" name="priceMax" inputMode="numeric" defaultValue={value("priceMax", initial.priceMax)} errors={errors("priceMax")} />
        </div>
      </fieldset>
      <Field label="Avoid" name="dislikes" hint="Separate with commas, e.g. Animal print, Very high heels" defaultValue={value("dislikes", initial.dislikes)} errors={errors("dislikes")} />
      <div>
        <label htmlFor="pref-notes" className="mb-1.5 block text-sm font-medium">
          Anything else
        </label>
        <textarea id="pref-notes" name="freeText" rows={3} defaultValue={value("freeText", initial.freeText)} maxLength={1000} className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none" />
      </div>
      {state.ok ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {state.message}
        </p>
      ) : (
        <FormAlert id="preferences-status" message={state.message} />
      )}
      <SubmitButton pendingLabel="Saving…">Save preferences</SubmitButton>
    </form>
  );
}
