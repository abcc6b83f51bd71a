"use client";

import { useActionState, useRef, useState } from "react";
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
  // Moving a whole book asks once more, saying how many and to whom: it is many clients in one tap.
  const [question, setQuestion] = useState<string | null>(null);
  const confirmed = useRef(false);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const data = new FormData(event.currentTarget);
    if (!book || !data.get("book") || confirmed.current) {
      confirmed.current = false;
      setQuestion(null);
      return;
    }
    event.preventDefault();
    const names = people.filter((p) => data.getAll("toStaffId").includes(p.id)).map((p) => p.name);
    const to = names.length === 0 ? "nobody yet (choose someone first)" : names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}, shared evenly`;
    setQuestion(`Move all ${book.clients === 1 ? "1 client" : `${book.clients.toLocaleString("en-US")} clients`} in this book to ${to}?`);
  }
  return (
    <form id={formId} action={action} onSubmit={onSubmit} className="space-y-3 rounded-xl border border-line bg-white px-4 py-3">
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
      {question ? (
        <div role="alertdialog" aria-labelledby={`${formId}-question`} className="space-y-2 rounded-lg bg-amber-50 p-3">
          <p id={`${formId}-question`} className="font-medium text-amber-950">
            {question}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" autoFocus onClick={() => (confirmed.current = true)} className="inline-flex h-11 items-center rounded-lg bg-accent px-4 font-medium text-white hover:bg-accent-strong">
              Yes, move them
            </button>
            <button type="button" onClick={() => setQuestion(null)} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
              Cancel
            </button>
          </div>
        </div>
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
