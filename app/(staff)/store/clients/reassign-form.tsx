"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { reassignAction } from "./actions";

/** Ticked rows of the table below belong to this form (by id); pick one person, or several to spread them. */
export function ReassignForm({ formId, people, leaving }: { formId: string; people: { id: string; name: string }[]; leaving: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(reassignAction, {});
  const error = state.fieldErrors?.customerId?.join(" ") ?? state.fieldErrors?.toStaffId?.join(" ") ?? (state.ok ? null : state.message);
  return (
    <form id={formId} action={action} className="space-y-3 rounded-xl border border-line bg-white px-4 py-3">
      <fieldset>
        <legend className="font-medium">Move the ticked clients to</legend>
        <p className="text-sm text-muted">{leaving ? "This person has left: tick everyone and choose several people to spread the book evenly." : "Choose several people to spread them evenly."}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {people.map((p) => (
            <label key={p.id} className="flex h-11 items-center gap-2 rounded-lg border border-line px-3 has-checked:border-accent has-checked:bg-accent-soft">
              <input type="checkbox" name="toStaffId" value={p.id} className="h-5 w-5 accent-accent" />
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Moving…">Move clients</SubmitButton>
        <p aria-live="polite" role={error ? "alert" : "status"} className={`text-sm ${error ? "text-red-700" : "text-emerald-800"}`}>
          {error ?? (state.ok ? state.message : "")}
        </p>
      </div>
    </form>
  );
}
