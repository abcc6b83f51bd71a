"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { addNote, deleteNote, editNote, type NoteResult } from "@/lib/notes";
import { NOTE_BODY_MAX, noteBody } from "@/lib/note-fields";

const MAX_ID = 64;
const id = z.string().min(1).max(MAX_ID);
const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

// The longest value of each field worth sending back with a refusal.
const ECHO_LIMITS: Record<string, number> = { customerId: MAX_ID, noteId: MAX_ID, body: NOTE_BODY_MAX, pinned: 5 };

/**
 * A refused form comes back with what was typed, for the form to show again;
 * a value over its field's limit (a 1 MB note) or a field the form does not
 * have is left out rather than sent back whole.
 */
function echoOnlyWhatFits(action: (previous: ActionState, formData: FormData) => Promise<ActionState>) {
  return async (previous: ActionState, formData: FormData): Promise<ActionState> => {
    const state = await action(previous, formData);
    if (!state.values) return state;
    const values = Object.fromEntries(Object.entries(state.values).filter(([name, value]) => typeof value === "string" && value.length <= (ECHO_LIMITS[name] ?? 0)));
    return { ...state, values };
  };
}

function noteOutcome(result: NoteResult, customerId: string, done: string): ActionState {
  if (result.ok) {
    revalidatePath(`/customers/${customerId}`);
    return { ok: true, message: done, undoId: result.auditId };
  }
  return { message: result.reason === "too_late" ? "Notes can only be changed in the first 15 minutes. Add a new note instead." : "That note or customer no longer exists." };
}

export const addNoteAction = echoOnlyWhatFits(
  staffAction(z.object({ customerId: id, body: noteBody, pinned: checkbox }), async (input, me) =>
    noteOutcome(await addNote(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Note saved."),
  ),
);

export const editNoteAction = echoOnlyWhatFits(
  staffAction(z.object({ customerId: id, noteId: id, body: noteBody, pinned: checkbox }), async (input, me) =>
    noteOutcome(await editNote(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Note updated."),
  ),
);

export const deleteNoteAction = echoOnlyWhatFits(
  staffAction(z.object({ customerId: id, noteId: id }), async (input, me) =>
    noteOutcome(await deleteNote(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Note deleted."),
  ),
);
