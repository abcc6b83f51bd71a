import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, customers, notes } from "@/db/schema";

/** Authors may fix or withdraw their own note for this long after writing it. */
export const NOTE_EDIT_WINDOW_MS = 15 * 60 * 1000;

/** `auditId` names a deletion for undoing it (lib/undo.ts). */
export type NoteResult = { ok: true; noteId: string; auditId?: string } | { ok: false; reason: "not_found" | "too_late" };

interface Actor {
  staffId: string;
  storeId: string;
  now?: Date;
}

export function canEditNote(note: { staffId: string; createdAt: Date }, staffId: string, now = new Date()) {
  return note.staffId === staffId && now.getTime() - note.createdAt.getTime() <= NOTE_EDIT_WINDOW_MS;
}

/** Notes are shared across stores: anyone serving the customer next sees them. */
export async function addNote(db: Db, { customerId, body, pinned, staffId, storeId, now = new Date() }: Actor & { customerId: string; body: string; pinned: boolean }): Promise<NoteResult> {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1);
    if (!customer) return { ok: false as const, reason: "not_found" as const };
    const noteId = randomUUID();
    await tx.insert(notes).values({ id: noteId, customerId, staffId, storeId, body, pinned, createdAt: now });
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "note.added", targetType: "note", targetId: noteId, customerId, detail: { pinned } });
    return { ok: true as const, noteId };
  });
}

/** The note, locked until the transaction ends so its edit window is checked against what is written. */
async function ownNote(tx: Pick<Db, "select">, noteId: string) {
  const [note] = await forUpdate(
    tx
      .select({ id: notes.id, staffId: notes.staffId, storeId: notes.storeId, customerId: notes.customerId, body: notes.body, pinned: notes.pinned, createdAt: notes.createdAt, updatedAt: notes.updatedAt })
      .from(notes)
      .where(eq(notes.id, noteId))
      .limit(1),
  );
  return note;
}

export async function editNote(db: Db, { noteId, body, pinned, staffId, storeId, now = new Date() }: Actor & { noteId: string; body: string; pinned: boolean }): Promise<NoteResult> {
  return db.transaction(async (tx) => {
    const note = await ownNote(tx, noteId);
    if (!note || note.staffId !== staffId) return { ok: false as const, reason: "not_found" as const };
    if (!canEditNote(note, staffId, now)) return { ok: false as const, reason: "too_late" as const };
    await tx.update(notes).set({ body, pinned, updatedAt: now }).where(and(eq(notes.id, noteId), eq(notes.staffId, staffId)));
    // The earlier wording stays in the audit log: nothing saved is lost.
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "note.edited", targetType: "note", targetId: noteId, customerId: note.customerId, detail: { previous: note.body } });
    return { ok: true as const, noteId };
  });
}

export async function deleteNote(db: Db, { noteId, staffId, storeId, now = new Date() }: Actor & { noteId: string }): Promise<NoteResult> {
  return db.transaction(async (tx) => {
    const note = await ownNote(tx, noteId);
    if (!note || note.staffId !== staffId) return { ok: false as const, reason: "not_found" as const };
    if (!canEditNote(note, staffId, now)) return { ok: false as const, reason: "too_late" as const };
    await tx.delete(notes).where(and(eq(notes.id, noteId), eq(notes.staffId, staffId)));
    // The whole note stays in the audit log: nothing saved is lost, and undo puts it back as it was.
    const auditId = randomUUID();
    const detail = { body: note.body, pinned: note.pinned, storeId: note.storeId, createdAt: note.createdAt.toISOString(), updatedAt: note.updatedAt?.toISOString() ?? null };
    await tx.insert(auditLog).values({ id: auditId, at: now, staffId, storeId, action: "note.deleted", targetType: "note", targetId: noteId, customerId: note.customerId, detail });
    return { ok: true as const, noteId, auditId };
  });
}
