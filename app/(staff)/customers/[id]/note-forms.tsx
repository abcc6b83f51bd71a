"use client";

import { useActionState, useRef } from "react";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { SubmitButton } from "@/components/ui/submit-button";
import { NeedsConnection, useQueueingAction } from "@/components/offline/customer-offline";
import type { DraftChange } from "@/components/offline/offline-provider";
import { addNoteAction, deleteNoteAction, editNoteAction } from "./actions";

const text = (data: FormData, name: string) => String(data.get(name) ?? "");
const excerpt = (body: string) => (body.trim().length > 60 ? `${body.trim().slice(0, 57)}…` : body.trim());

/** A note written offline, kept on the tablet until the connection is back. */
function noteDraft(data: FormData): DraftChange {
  return { summary: `Note: ${excerpt(text(data, "body"))}`, change: { kind: "note.add", body: text(data, "body"), pinned: data.get("pinned") === "on" } };
}

function noteEditDraft(data: FormData): DraftChange {
  return { summary: `Note edit: ${excerpt(text(data, "body"))}`, change: { kind: "note.edit", noteId: text(data, "noteId"), body: text(data, "body"), pinned: data.get("pinned") === "on" } };
}

const TEXTAREA = "block w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none";

function Status({ state }: { state: ActionState }) {
  return (
    <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
      {state.fieldErrors?.body?.join(" ") ?? state.message}
    </p>
  );
}

export function NoteComposer({ customerId }: { customerId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const add = useQueueingAction(addNoteAction, noteDraft);
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, data) => {
    const result = await add(previous, data);
    if (result.ok) form.current?.reset();
    return result;
  }, {});
  return (
    <form ref={form} action={formAction} className="space-y-2 pb-3">
      <input type="hidden" name="customerId" value={customerId} />
      <label htmlFor="new-note" className="sr-only">
        New note
      </label>
      <textarea id="new-note" name="body" rows={2} maxLength={2000} required className={TEXTAREA} aria-describedby="new-note-hint" />
      <p id="new-note-hint" className="text-sm text-muted">
        Seen by every store. You can edit or delete it for 15 minutes.
      </p>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex h-11 items-center gap-2">
          <input type="checkbox" name="pinned" className="h-5 w-5 accent-accent" /> Pin to top
        </label>
        <SubmitButton pendingLabel="Saving…">Save note</SubmitButton>
      </div>
      <Status state={state} />
    </form>
  );
}

export function NoteEditor({ customerId, noteId, body, pinned }: { customerId: string; noteId: string; body: string; pinned: boolean }) {
  const [editState, editAction] = useActionState<ActionState, FormData>(useQueueingAction(editNoteAction, noteEditDraft), {});
  const [deleteState, deleteAction] = useActionState<ActionState, FormData>(useNoticeAction(deleteNoteAction), {});
  return (
    <div className="flex flex-wrap items-start gap-2">
      <details className="min-w-0 flex-1">
        <summary className="inline-flex h-10 cursor-pointer items-center text-sm font-medium text-accent">Edit</summary>
        <form action={editAction} className="mt-2 space-y-2">
          <input type="hidden" name="customerId" value={customerId} />
          <input type="hidden" name="noteId" value={noteId} />
          <label className="sr-only" htmlFor={`note-${noteId}`}>
            Note text
          </label>
          <textarea id={`note-${noteId}`} name="body" rows={3} defaultValue={body} maxLength={2000} className={TEXTAREA} />
          <div className="flex items-center justify-between gap-3">
            <label className="flex h-11 items-center gap-2">
              <input type="checkbox" name="pinned" defaultChecked={pinned} className="h-5 w-5 accent-accent" /> Pinned
            </label>
            <SubmitButton pendingLabel="Saving…" variant="quiet">
              Save changes
            </SubmitButton>
          </div>
          <Status state={editState} />
        </form>
      </details>
      <NeedsConnection what="Notes can be deleted">
      <form action={deleteAction}>
        <input type="hidden" name="customerId" value={customerId} />
        <input type="hidden" name="noteId" value={noteId} />
        <button type="submit" className="inline-flex h-10 items-center text-sm font-medium text-red-700">
          Delete
        </button>
        <Status state={deleteState} />
      </form>
      </NeedsConnection>
    </div>
  );
}
