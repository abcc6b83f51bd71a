"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { WEEKDAY_NAMES, WEEKDAYS, type WeeklyHours } from "@/lib/store-hours";

export function SavedNote({ state }: { state: ActionState }) {
  return state.ok ? (
    <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
      {state.message}
    </p>
  ) : null;
}

const TIME = "h-11 rounded-lg border border-stone-300 bg-white px-2 text-base disabled:bg-stone-100 disabled:text-stone-400";

/**
 * A week, one row a day: on or not, and from when to when, in the store's own
 * time. Used for the store's opening hours, its appointment hours and an
 * associate's own hours; `words` names the parts ("Open", "opens", "closes").
 */
export function WeeklyHoursForm({
  id,
  hours,
  action,
  words,
  submitLabel,
  before,
  step,
}: {
  id: string;
  hours: WeeklyHours;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  words: { on: string; starts: string; ends: string };
  submitLabel: string;
  /** Fields above the week (e.g. "the same as opening hours"). */
  before?: ReactNode;
  /** Seconds between times the pickers offer (900: the 15-minute grid). */
  step?: number;
}) {
  const [state, formAction] = useActionState<ActionState, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-3" aria-describedby={`${id}-status`}>
      {before}
      <table className="w-full text-left">
        <thead className="sr-only">
          <tr>
            <th>Day</th>
            <th>{words.on}</th>
            <th>{words.starts}</th>
            <th>{words.ends}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {WEEKDAYS.map((day) => {
            const name = WEEKDAY_NAMES[day];
            const errors = state.fieldErrors?.[day];
            return (
              <tr key={day} className="align-top">
                <th scope="row" className="py-2 pr-3 font-medium">
                  <span className="inline-flex h-11 items-center">{name}</span>
                  {errors?.length ? <p className="text-sm font-normal text-red-700">{errors.join(" ")}</p> : null}
                </th>
                <td className="py-2 pr-3">
                  <label className="inline-flex h-11 items-center gap-2">
                    <input type="checkbox" name={`${day}_open`} defaultChecked={hours[day] !== null} className="h-5 w-5 accent-accent" />
                    {words.on}
                  </label>
                </td>
                <td className="py-2 pr-3">
                  <input type="time" name={`${day}_opens`} step={step} aria-label={`${name} ${words.starts}`} defaultValue={hours[day]?.opens ?? "10:00"} className={TIME} />
                </td>
                <td className="py-2">
                  <input type="time" name={`${day}_closes`} step={step} aria-label={`${name} ${words.ends}`} defaultValue={hours[day]?.closes ?? "18:00"} className={TIME} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormAlert id={`${id}-status`} message={state.ok ? undefined : state.message} />
      <SavedNote state={state} />
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
