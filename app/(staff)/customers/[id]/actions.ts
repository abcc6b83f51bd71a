"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { addNote, deleteNote, editNote, type NoteResult } from "@/lib/notes";

const id = z.string().min(1).max(64);
const body = z.string().trim().min(1, "Write something first.").max(2000, "Keep the note under 2,000 characters.");
const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

function noteOutcome(result: NoteResult, customerId: string, done: string): ActionState {
  if (result.ok) {
    revalidatePath(`/customers/${customerId}`);
    return { ok: true, message: done };
  }
  return { message: result.reason === "too_late" ? "Notes can only be changed in the first 15 minutes. Add a new note instead." : "That note or customer no longer exists." };
}

export const addNoteAction = staffAction(z.object({ customerId: id, body, pinned: checkbox }), async (input, me) =>
  noteOutcome(await addNote(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Note saved."),
);

export const editNoteAction = staffAction(z.object({ customerId: id, noteId: id, body, pinned: checkbox }), async (input, me) =>
  noteOutcome(await editNote(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Note updated."),
);

export const deleteNoteAction = staffAction(z.object({ customerId: id, noteId: id }), async (input, me) =>
  noteOutcome(await deleteNote(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Note deleted."),
);
