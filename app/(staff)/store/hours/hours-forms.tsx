"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { WEEKDAY_NAMES, WEEKDAYS, type WeeklyHours } from "@/lib/store-hours";
import { addClosureAction, removeClosureAction, updateHoursAction } from "./actions";

function Saved({ state }: { state: ActionState }) {
  return state.ok ? (
    <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
      {state.message}
    </p>
  ) : null;
}

const TIME = "h-11 rounded-lg border border-stone-300 bg-white px-2 text-base disabled:bg-stone-100 disabled:text-stone-400";

/** The week, one row a day: open or not, and from when to when, in the store's own time. */
export function WeeklyHoursForm({ hours }: { hours: WeeklyHours }) {
  const [state, formAction] = useActionState<ActionState, FormData>(updateHoursAction, {});
  return (
    <form action={formAction} className="space-y-3" aria-describedby="hours-status">
      <table className="w-full text-left">
        <thead className="sr-only">
          <tr>
            <th>Day</th>
            <th>Open</th>
            <th>Opens</th>
            <th>Closes</th>
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
                    Open
                  </label>
                </td>
                <td className="py-2 pr-3">
                  <input type="time" name={`${day}_opens`} aria-label={`${name} opens at`} defaultValue={hours[day]?.opens ?? "10:00"} className={TIME} />
                </td>
                <td className="py-2">
                  <input type="time" name={`${day}_closes`} aria-label={`${name} closes at`} defaultValue={hours[day]?.closes ?? "18:00"} className={TIME} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormAlert id="hours-status" message={state.ok ? undefined : state.message} />
      <Saved state={state} />
      <SubmitButton pendingLabel="Saving…">Save opening hours</SubmitButton>
    </form>
  );
}

export function AddClosureForm({ today }: { today: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(addClosureAction, {});
  return (
    <form action={formAction} className="space-y-3" aria-describedby="closure-status">
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Closed on" name="day" type="date" required min={today} defaultValue={state.ok ? "" : String(state.values?.day ?? "")} errors={state.fieldErrors?.day} className="w-48" />
        <Field
          label="Reason (optional)"
          name="reason"
          maxLength={80}
          hint="Shown to customers, e.g. Thanksgiving."
          defaultValue={state.ok ? "" : String(state.values?.reason ?? "")}
          errors={state.fieldErrors?.reason}
          className="min-w-56 flex-1"
        />
      </div>
      <FormAlert id="closure-status" message={state.ok || state.fieldErrors ? undefined : state.message} />
      <Saved state={state} />
      <SubmitButton pendingLabel="Saving…" variant="quiet">
        Add closed day
      </SubmitButton>
    </form>
  );
}

export function RemoveClosure({ day, label }: { day: string; label: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(removeClosureAction, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="day" value={day} />
      <button type="submit" disabled={pending} aria-label={`Open again on ${label}`} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 text-sm font-medium hover:bg-stone-50 disabled:opacity-60">
        Open this day
      </button>
      {state.message && !state.ok ? (
        <p aria-live="polite" className="basis-full text-right text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
