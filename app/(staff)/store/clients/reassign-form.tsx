"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { SubmitButton } from "@/components/ui/submit-button";
import { reassignAction } from "./actions";

/**
 * Ticked rows of the table below belong to this form (by id); pick one
 * person, or several to spread them. `book` offers moving the open book whole,
 * every client in it and not only this page's.
 */
export function ReassignForm({
  formId,
  people,
  leaving,
  book,
}: {
  formId: string;
  people: { id: string; name: string }[];
  leaving: boolean;
  book: { key: string; clients: number } | null;
}) {
  const [state, action] = useActionState<ActionState, FormData>(useNoticeAction(reassignAction), {});
  const error = state.fieldErrors?.customerId?.join(" ") ?? state.fieldErrors?.toStaffId?.join(" ") ?? (state.ok ? null : state.message);
  // After a refusal the form is reset: keep who was chosen and whether the whole book was meant.
  const chosen = new Set([state.values?.toStaffId ?? []].flat().map(String));
  const wholeBookChosen = book != null && state.values?.book === book.key;
  return (
    <form id={formId} action={action} className="space-y-3 rounded-xl border border-line bg-white px-4 py-3">
      <fieldset>
        <legend className="font-medium">Move clients to</legend>
        <p className="text-sm text-muted">
          {leaving ? "This person has left: move their whole book and choose several people to spread it evenly." : "Tick clients in the list below, or move the whole book. Choose several people to spread them evenly."}
        </p>
        <div className="mt-2 flex flex-wrap gap-2">
          {people.map((p) => (
            <label key={p.id} className="flex h-11 items-center gap-2 rounded-lg border border-line px-3 has-checked:border-accent has-checked:bg-accent-soft">
              <input type="checkbox" name="toStaffId" value={p.id} defaultChecked={chosen.has(p.id)} className="h-5 w-5 accent-accent" />
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
      {book && book.clients > 0 ? (
        <label className="flex min-h-11 items-center gap-2 rounded-lg border border-line px-3 py-2 has-checked:border-accent has-checked:bg-accent-soft">
          <input type="checkbox" name="book" value={book.key} defaultChecked={wholeBookChosen} className="h-5 w-5 accent-accent" />
          <span>
            <span className="font-medium">Move all {book.clients === 1 ? "1 client" : `${book.clients.toLocaleString("en-US")} clients`} in this book</span>
            <span className="block text-sm text-muted">Every client in it, on every page and whatever the filter, not only the ticked ones.</span>
          </span>
        </label>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Moving…">Move clients</SubmitButton>
        <p aria-live="polite" role={error ? "alert" : "status"} className={`text-sm ${error ? "text-red-700" : "text-emerald-800"}`}>
          {/* Success shows in the notice area, with Undo. */}
          {error ?? ""}
        </p>
      </div>
    </form>
  );
}
