"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { getStaff, revokeSessions, signOut } from "@/lib/auth";
import { undoChange, type UndoableAction, type UndoResult } from "@/lib/undo";

export async function signOutAction() {
  const me = await getStaff();
  if (me) await revokeSessions(me.id);
  await signOut({ redirectTo: "/login" });
}

const UNDONE: Record<UndoableAction, string> = {
  "hold.released": "Undone: the hold is back.",
  "hold.expired": "Undone: the hold is back.",
  "hold.picked_up": "Undone: the hold is back and its sale is removed.",
  "mention.dismissed": "Undone: the post is back in the inbox.",
  "customer.reassigned": "Undone: the clients are back with who had them before.",
  "note.deleted": "Undone: the note is back.",
};

const NOT_UNDONE = " Nothing was changed.";

function refusal(result: Extract<UndoResult, { ok: false }>) {
  switch (result.reason) {
    case "too_late":
      return `It is too late to undo this; it stays as it is.${NOT_UNDONE}`;
    case "changed":
      return `This has changed since, so it could not be undone.${NOT_UNDONE}`;
    case "unavailable":
      return `The unit has gone to someone else since (${result.available} available), so the hold cannot come back.${NOT_UNDONE}`;
    default:
      return `There is nothing of yours here to undo.${NOT_UNDONE}`;
  }
}

/**
 * Undoes a change the caller made moments ago (or, for a manager, one made at
 * their store), named by the audit entry its action returned as `undoId`.
 * lib/undo.ts checks whose it is, the window and that nothing happened since.
 */
export const undoChangeAction = staffAction(z.object({ undoId: z.string().min(1).max(64) }), async ({ undoId }, me) => {
  const result = await undoChange(getDb(), { auditId: undoId, staffId: me.id, storeId: me.storeId, isManager: me.role === "manager" });
  if (!result.ok) return { message: refusal(result) };
  // A change can show on several pages (holds, profiles, books, the inbox): refresh them all.
  revalidatePath("/", "layout");
  return { ok: true, message: UNDONE[result.action] };
});
