"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/actions";
import type { WeeklyHours } from "@/lib/store-hours";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { SavedNote, WeeklyHoursForm } from "@/components/weekly-hours-form";
import { RowAction } from "@/components/row-action";
import { appointmentLength, KIND_LABELS } from "@/lib/appointment-hours";
import { addAppointmentTypeAction, saveAppointmentHoursAction, setAppointmentTypeActiveAction } from "./actions";


/** The store's appointment hours: the opening hours, or a week of its own. */
export function AppointmentHoursForm({ hours, own }: { hours: WeeklyHours; own: boolean }) {
  const [follow, setFollow] = useState(!own);
  return (
    <WeeklyHoursForm
      id="appointment-hours"
      hours={hours}
      action={saveAppointmentHoursAction}
      words={{ on: "Bookable", starts: "from", ends: "until" }}
      submitLabel="Save appointment hours"
      step={900}
      before={
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" name="follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} className="h-5 w-5 accent-accent" />
          The same as the opening hours
          {follow ? <span className="text-sm text-muted">(the week below is not used)</span> : null}
        </label>
      }
    />
  );
}

const DURATIONS = [15, 30, 45, 60, 75, 90, 120, 150, 180, 240];

export function AddTypeForm() {
  const [state, formAction] = useActionState<ActionState, FormData>(addAppointmentTypeAction, {});
  const value = (name: string, fallback = "") => (state.ok ? fallback : String(state.values?.[name] ?? fallback));
  return (
    <form action={formAction} className="space-y-3" aria-describedby="type-status">
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Name" name="name" required maxLength={60} defaultValue={value("name")} errors={state.fieldErrors?.name} hint="As customers see it, e.g. Bridal styling." className="min-w-56 flex-1" />
        <div>
          <label htmlFor="type-kind" className="mb-1.5 block text-sm font-medium">
            Kind
          </label>
          <select id="type-kind" name="kind" defaultValue={value("kind", "styling")} className="block h-12 rounded-lg border border-stone-300 bg-white px-3 text-base">
            {Object.entries(KIND_LABELS).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="type-duration" className="mb-1.5 block text-sm font-medium">
            Takes
          </label>
          <select id="type-duration" name="durationMinutes" defaultValue={value("durationMinutes", "60")} className="block h-12 rounded-lg border border-stone-300 bg-white px-3 text-base">
            {DURATIONS.map((m) => (
              <option key={m} value={m}>
                {appointmentLength(m)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FormAlert id="type-status" message={state.ok ? undefined : (state.message ?? undefined)} />
      <SavedNote state={state} />
      <SubmitButton pendingLabel="Adding…" variant="quiet">
        Add appointment type
      </SubmitButton>
    </form>
  );
}

export function TypeActiveToggle({ typeId, name, active }: { typeId: string; name: string; active: boolean }) {
  return (
    <RowAction action={setAppointmentTypeActiveAction} fields={{ typeId, active: active ? "false" : "true" }} ariaLabel={active ? `Stop offering ${name}` : `Offer ${name} again`}>
      {active ? "Stop offering" : "Offer again"}
    </RowAction>
  );
}
