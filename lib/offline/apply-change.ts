import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate, isUniqueViolation } from "@/db/dialect";
import { customers, holds, notes, offlineChanges, productVariants, products } from "@/db/schema";
import type { StaffSession } from "@/lib/auth";
import { logContact } from "@/lib/contacts";
import { localDate } from "@/lib/dates";
import { followUpDueProblem } from "@/lib/follow-up-fields";
import { setFollowUp } from "@/lib/follow-ups";
import { placeHold } from "@/lib/holds";
import { addNote, canEditNote, editNote } from "@/lib/notes";
import { preferenceValuesFromForm, updatePreferences } from "@/lib/preferences";
import { describeHoldEnd, preferencesChanged, reassigned, type Customer } from "./conflicts";
import type { OfflineChange, OfflineOutcome } from "./change-schema";

/** Who sends the change: the signed-in staff member. A hold is always at her store. */
export type OfflineActor = Pick<StaffSession, "id" | "storeId" | "storeName" | "storeTimezone" | "role">;

type Applied = Extract<OfflineOutcome, { status: "applied" }>;
type NotApplied = Exclude<OfflineOutcome, Applied>;

/** Thrown inside the transaction to roll back whatever a conflict or refusal found half-done. */
class Unapplied extends Error {
  constructor(readonly outcome: NotApplied) {
    super(outcome.message);
  }
}

/**
 * Applies one change a tablet kept while offline, exactly once per key (per
 * staff member). The change and its offline_changes row are written in one
 * transaction: a key already applied answers its stored outcome, marked
 * `replayed`, and writes nothing. Two requests with the same key at the same
 * moment (two tabs, a retry after a lost answer): the customer's row lock
 * makes the second wait and then find the first's row; should it not (a
 * customer erased and made again), the primary key refuses the second row,
 * the whole second transaction rolls back, and it answers the first's outcome.
 *
 * Conflicts and refusals write nothing and are not recorded, so the same key
 * can be sent again (with `force`, or once a unit is free).
 *
 * The rows written carry `now`, the moment the server applies the change, not
 * the tablet's `madeAt`: the audit trail, the change feed that live pages
 * read from "since", and the report roll-ups counted by day all follow the
 * order in which the shop learnt of things, and a day already reported does
 * not change under a manager's eyes. madeAt is kept in offline_changes.
 */
export async function applyOfflineChange(db: Db, me: OfflineActor, change: OfflineChange, now = new Date()): Promise<OfflineOutcome> {
  try {
    return await db.transaction(async (tx) => {
      // Locked first: two replays of one change, or a change and a move of the client, take turns.
      const [customer] = await forUpdate(
        tx.select({ id: customers.id, firstName: customers.firstName, assignedStaffId: customers.assignedStaffId }).from(customers).where(eq(customers.id, change.customerId)).limit(1),
      );
      const stored = await storedOutcome(tx, me.id, change.key);
      if (stored) return stored;
      if (!customer) throw new Unapplied(refused("not_found", "This customer is no longer in Shopkeeper, so it was not saved."));
      const outcome = await apply(tx, me, change, customer, now);
      await tx.insert(offlineChanges).values({
        staffId: me.id,
        key: change.key,
        kind: change.kind,
        customerId: change.customerId,
        outcome,
        madeAt: new Date(change.madeAt),
        appliedAt: now,
      });
      return outcome;
    });
  } catch (error) {
    if (error instanceof Unapplied) return error.outcome;
    if (!isUniqueViolation(error)) throw error;
    const stored = await storedOutcome(db, me.id, change.key);
    if (stored) return stored;
    throw error;
  }
}

/** The outcome a key already applied answered, now as a replay. */
async function storedOutcome(db: Pick<Db, "select">, staffId: string, key: string): Promise<OfflineOutcome | null> {
  const [row] = await db
    .select({ outcome: offlineChanges.outcome })
    .from(offlineChanges)
    .where(and(eq(offlineChanges.staffId, staffId), eq(offlineChanges.key, key)))
    .limit(1);
  return row ? { ...(row.outcome as Applied), replayed: true } : null;
}

function refused(code: Extract<NotApplied, { status: "refused" }>["code"], message: string): NotApplied {
  return { status: "refused", code, message };
}

function applied(message: string, ids: { holdId?: string; noteId?: string } = {}): Applied {
  return { status: "applied", message, replayed: false, ...ids };
}

/** Checks the change against what the database holds now, then makes it through the same domain function as the online form. */
async function apply(tx: Db, me: OfflineActor, change: OfflineChange, customer: Customer, now: Date): Promise<Applied> {
  const actor = { staffId: me.id, storeId: me.storeId, now };
  let item: Item | undefined;
  // What force cannot change comes first, so "Send anyway" is never offered for a change that would fail anyway.
  switch (change.kind) {
    case "note.edit": {
      const [note] = await tx.select({ staffId: notes.staffId, customerId: notes.customerId, createdAt: notes.createdAt }).from(notes).where(eq(notes.id, change.noteId)).limit(1);
      if (!note || note.staffId !== me.id || note.customerId !== customer.id) throw new Unapplied(refused("not_found", "That note no longer exists, so the change was not saved."));
      if (!canEditNote(note, me.id, now)) {
        throw new Unapplied({
          status: "conflict",
          code: "note_locked",
          message: "This note can no longer be edited (notes can be changed for 15 minutes). Save your text as a new note, or discard it.",
        });
      }
      break;
    }
    case "follow_up.set": {
      // The day she made it, in the store's calendar: "today" yesterday is still fine. Never a day ahead of the server's.
      const madeOn = localDate(new Date(Math.min(change.madeAt, now.getTime())), me.storeTimezone);
      const problem = followUpDueProblem(change.dueOn, madeOn);
      if (problem) throw new Unapplied(refused("invalid", `Follow-up not set. ${problem}`));
      break;
    }
    case "hold.request": {
      item = await catalogueItem(tx, change.variantId);
      if (!item) throw new Unapplied(refused("not_found", "That item is no longer in the catalogue, so nothing was put aside."));
      break;
    }
  }
  if (!change.force && change.basis.assignedStaffId !== customer.assignedStaffId) {
    throw new Unapplied({ status: "conflict", code: "reassigned", message: await reassigned(tx, me, customer, change.basis.assignedStaffId) });
  }

  switch (change.kind) {
    case "note.add": {
      const result = await addNote(tx, { ...actor, customerId: customer.id, body: change.body, pinned: change.pinned });
      if (!result.ok) throw new Unapplied(refused("not_found", "This customer is no longer in Shopkeeper, so it was not saved."));
      return applied("Note saved.", { noteId: result.noteId });
    }
    case "note.edit": {
      const result = await editNote(tx, { ...actor, noteId: change.noteId, body: change.body, pinned: change.pinned });
      if (!result.ok) throw new Unapplied(refused("not_found", "That note no longer exists, so the change was not saved."));
      return applied("Note updated.", { noteId: result.noteId });
    }
    case "follow_up.set": {
      const result = await setFollowUp(tx, { ...actor, customerId: customer.id, dueOn: change.dueOn, reason: change.reason });
      if (!result.ok) throw new Unapplied(refused("not_found", "This customer is no longer in Shopkeeper, so it was not saved."));
      return applied("Follow-up set.");
    }
    case "contact.log": {
      const result = await logContact(tx, { customerId: customer.id, staffId: me.id, storeId: me.storeId, kind: change.contactKind, summary: change.summary, at: now });
      if (!result.ok) throw new Unapplied(refused("not_found", "This customer is no longer in Shopkeeper, so it was not saved."));
      return applied("Contact logged.");
    }
    case "preferences.set": {
      const conflict = change.force ? null : await preferencesChanged(tx, me, customer, change.basis.preferencesUpdatedAt);
      if (conflict) throw new Unapplied({ status: "conflict", code: "preferences_changed", message: conflict });
      const result = await updatePreferences(tx, { ...actor, customerId: customer.id, values: preferenceValuesFromForm(change.values) });
      if (!result.ok) throw new Unapplied(refused("not_found", "This customer is no longer in Shopkeeper, so it was not saved."));
      return applied(result.changed.length ? "Preferences saved." : "Nothing had changed.");
    }
    case "hold.request":
      return requestHold(tx, me, change, item!, now);
  }
}

type Item = { name: string; size: string; colour: string };

async function catalogueItem(tx: Pick<Db, "select">, variantId: string): Promise<Item | undefined> {
  const [item] = await tx
    .select({ name: products.name, size: productVariants.size, colour: productVariants.colour })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.id, variantId))
    .limit(1);
  return item;
}

async function requestHold(tx: Db, me: OfflineActor, change: Extract<OfflineChange, { kind: "hold.request" }>, item: Item, now: Date): Promise<Applied> {
  // The store is always her own, never one the tablet names; the change's key keeps the hold single.
  const result = await placeHold(tx, {
    customerId: change.customerId,
    variantId: change.variantId,
    storeId: me.storeId,
    staffId: me.id,
    days: change.days,
    note: change.note,
    idempotencyKey: change.key,
    now,
  });
  if (!result.ok) {
    throw new Unapplied(
      result.reason === "unavailable"
        ? refused("unavailable", `Not put aside: no ${item.name} (${item.colour}) in size ${item.size} is free at ${me.storeName} now.`)
        : refused("not_found", "That customer or item no longer exists, so nothing was put aside."),
    );
  }
  const [hold] = await tx.select({ expiresAt: holds.expiresAt }).from(holds).where(eq(holds.id, result.holdId)).limit(1);
  const until = hold ? `, until ${describeHoldEnd(hold.expiresAt, now, me.storeTimezone)}` : "";
  return applied(`Put aside: ${item.name}, size ${item.size}${until}.`, { holdId: result.holdId });
}
