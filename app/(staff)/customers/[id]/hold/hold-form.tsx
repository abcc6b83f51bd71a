"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormAlert } from "@/components/ui/form-alert";
import { placeHoldAction } from "./actions";
import { HOLD_DURATIONS } from "./durations";

interface VariantOption {
  id: string;
  size: string;
  colour: string;
  colourHex: string;
  available: number;
}

export function HoldForm({
  customerId,
  storeName,
  idempotencyKey,
  variants,
  preselectedId,
  endsAt,
}: {
  customerId: string;
  storeName: string;
  idempotencyKey: string;
  variants: VariantOption[];
  preselectedId?: string;
  /** For each choice of days, when the hold would end ("Until Tue, Nov 24, 8:00 PM"). */
  endsAt: Record<number, string>;
}) {
  const [state, formAction] = useActionState<ActionState, FormData>(placeHoldAction, {});
  const [selected, setSelected] = useState(preselectedId ?? "");
  const colours = [...new Set(variants.map((v) => v.colour))];
  const chosen = variants.find((v) => v.id === selected);

  return (
    <form action={formAction} className="space-y-6 rounded-xl border border-line bg-white p-5">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {colours.map((colour) => (
        <fieldset key={colour}>
          <legend className="mb-2 flex items-center gap-2 font-semibold">
            <span aria-hidden="true" className="h-4 w-4 rounded-full border border-black/10" style={{ background: variants.find((v) => v.colour === colour)?.colourHex }} />
            {colour}
          </legend>
          <div className="grid grid-cols-3 gap-2 sm:grid-cols-6">
            {variants
              .filter((v) => v.colour === colour)
              .map((v) => (
                <label
                  key={v.id}
                  className={`flex min-h-16 cursor-pointer flex-col items-center justify-center rounded-lg border text-center transition has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:checked]:ring-2 has-[:checked]:ring-accent/30 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-45 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-accent ${v.available ? "border-stone-300" : "border-dashed border-stone-300"}`}
                >
                  <input
                    type="radio"
                    name="variantId"
                    value={v.id}
                    checked={selected === v.id}
                    onChange={() => setSelected(v.id)}
                    disabled={v.available === 0}
                    className="sr-only"
                    aria-label={`${colour}, size ${v.size}: ${v.available} available here`}
                  />
                  <span className="text-lg font-semibold">{v.size}</span>
                  <span className="text-sm text-muted">{v.available ? `${v.available} here` : "none here"}</span>
                </label>
              ))}
          </div>
        </fieldset>
      ))}
      {state.fieldErrors?.variantId ? <p className="text-sm text-red-700">Choose a size and colour that is in stock here.</p> : null}

      <fieldset>
        <legend className="mb-2 font-semibold">Hold for</legend>
        <p className="mb-2 text-sm text-muted">Until closing time on the last day; closed days do not count.</p>
        <div className="flex flex-wrap gap-2">
          {HOLD_DURATIONS.map((d) => (
            <label key={d.days} className="flex min-h-12 cursor-pointer flex-col justify-center rounded-lg border border-stone-300 px-4 py-1 has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-accent">
              <input type="radio" name="days" value={d.days} defaultChecked={d.days === 2} className="sr-only" />
              <span className="font-medium">{d.label}</span>
              {endsAt[d.days] ? <span className="text-sm text-muted">{endsAt[d.days]}</span> : null}
            </label>
          ))}
        </div>
      </fieldset>

      <div>
        <label htmlFor="hold-note" className="mb-1.5 block font-semibold">
          Note for the stock room <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea id="hold-note" name="note" rows={2} maxLength={500} className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none" />
        {state.fieldErrors?.note ? <p className="mt-1 text-sm text-red-700">{state.fieldErrors.note.join(" ")}</p> : null}
      </div>

      <FormAlert id="hold-status" message={state.message} />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pendingLabel="Putting aside…" disabled={!chosen}>
          {chosen ? `Put aside ${chosen.colour} ${chosen.size} at ${storeName}` : "Choose a size to put aside"}
        </SubmitButton>
      </div>
    </form>
  );
}
