"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import type { WeeklyHours } from "@/lib/store-hours";
import { SavedNote, WeeklyHoursForm } from "@/components/weekly-hours-form";
import { RowAction } from "@/components/row-action";
import { addClosureAction, removeClosureAction, updateHoursAction } from "./actions";

/** The store's week of opening hours. */
export function OpeningHoursForm({ hours }: { hours: WeeklyHours }) {
  return <WeeklyHoursForm id="hours" hours={hours} action={updateHoursAction} words={{ on: "Open", starts: "opens at", ends: "closes at" }} submitLabel="Save opening hours" />;
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
      <SavedNote state={state} />
      <SubmitButton pendingLabel="Saving…" variant="quiet">
        Add closed day
      </SubmitButton>
    </form>
  );
}

export function RemoveClosure({ day, label }: { day: string; label: string }) {
  return (
    <RowAction action={removeClosureAction} fields={{ day }} ariaLabel={`Open again on ${label}`}>
      Open this day
    </RowAction>
  );
}
