"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { reassignAction } from "../../store/clients/actions";

/** For managers on a profile: who looks after this customer. */
export function AssignForm({ customerId, currentStaffId, people }: { customerId: string; currentStaffId: string | null; people: { id: string; name: string }[] }) {
  const [state, action] = useActionState<ActionState, FormData>(reassignAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="customerId" value={customerId} />
      <div className="min-w-48 flex-1">
        <label htmlFor="assign-to" className="mb-1.5 block text-sm font-medium">
          Looked after by
        </label>
        <select id="assign-to" name="toStaffId" defaultValue={currentStaffId ?? ""} required className="block h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base">
          <option value="" disabled>
            Nobody yet
          </option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton pendingLabel="Moving…" variant="quiet">
        Change
      </SubmitButton>
      {state.message ? (
        <p aria-live="polite" className={`w-full text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.fieldErrors?.toStaffId?.join(" ") ?? state.message}
        </p>
      ) : null}
    </form>
  );
}
