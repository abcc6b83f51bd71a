"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { SubmitButton } from "@/components/ui/submit-button";
import { reassignAction } from "../../store/clients/actions";

/**
 * For managers on a profile: who looks after this customer. Someone who cannot
 * take clients any more (they left, or work at another store) still shows as
 * the current choice, greyed out, rather than the list silently showing the
 * first person as if the customer were theirs.
 */
export function AssignForm({
  customerId,
  current,
  people,
}: {
  customerId: string;
  current: { id: string; name: string; note: string } | null;
  people: { id: string; name: string }[];
}) {
  const [state, action] = useActionState<ActionState, FormData>(useNoticeAction(reassignAction), {});
  const error = state.ok ? null : (state.fieldErrors?.toStaffId?.join(" ") ?? state.message ?? null);
  const currentIsListed = current ? people.some((p) => p.id === current.id) : false;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="customerId" value={customerId} />
      <div className="min-w-48 flex-1">
        <label htmlFor="assign-to" className="mb-1.5 block text-sm font-medium">
          Looked after by
        </label>
        <select
          id="assign-to"
          name="toStaffId"
          defaultValue={current?.id ?? ""}
          required
          aria-describedby="assign-result"
          className="block h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base"
        >
          {current ? null : (
            <option value="" disabled>
              Nobody yet
            </option>
          )}
          {current && !currentIsListed ? (
            <option value={current.id} disabled>
              {current.name} ({current.note})
            </option>
          ) : null}
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
      {/* Always mounted, so screen readers hear the result when it appears. */}
      <p id="assign-result" aria-live="polite" className={`w-full text-sm ${error ? "text-red-700" : "text-emerald-800"}`}>
        {/* Success shows in the notice area, with Undo. */}
        {error ?? ""}
      </p>
    </form>
  );
}
