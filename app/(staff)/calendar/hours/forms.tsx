"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import type { WeeklyHours } from "@/lib/store-hours";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { SavedNote, WeeklyHoursForm } from "@/components/weekly-hours-form";
import { RowAction } from "@/components/row-action";
import { addTimeOffAction, removeTimeOffAction, saveMyHoursAction } from "../actions";

/** Her week: the days and times customers may book her. */
export function MyHoursForm({ hours }: { hours: WeeklyHours }) {
  return <WeeklyHoursForm id="my-hours" hours={hours} action={saveMyHoursAction} words={{ on: "Available", starts: "from", ends: "until" }} submitLabel="Save your hours" step={900} />;
}

export function AddTimeOffForm({ today }: { today: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(addTimeOffAction, {});
  const value = (name: string) => (state.ok ? "" : String(state.values?.[name] ?? ""));
  return (
    <form action={formAction} className="space-y-3" aria-describedby="time-off-status">
      <div className="flex flex-wrap items-start gap-3">
        <Field label="First day off" name="from" type="date" required min={today} defaultValue={value("from")} errors={state.fieldErrors?.from} className="w-48" />
        <Field label="Last day off" name="to" type="date" required min={today} defaultValue={value("to")} errors={state.fieldErrors?.to} className="w-48" />
        <Field label="Reason (optional)" name="reason" maxLength={120} hint="Only staff see it." defaultValue={value("reason")} errors={state.fieldErrors?.reason} className="min-w-56 flex-1" />
      </div>
      <FormAlert id="time-off-status" message={state.ok || state.fieldErrors ? undefined : state.message} />
      <SavedNote state={state} />
      <SubmitButton pendingLabel="Saving…" variant="quiet">
        Add time off
      </SubmitButton>
    </form>
  );
}

export function RemoveTimeOff({ timeOffId, label }: { timeOffId: string; label: string }) {
  return (
    <RowAction action={removeTimeOffAction} fields={{ timeOffId }} ariaLabel={`Remove time off: ${label}`}>
      Remove
    </RowAction>
  );
}
