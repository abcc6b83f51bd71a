// First: zod without eval, before any schema below is built.
import "./no-eval";
import { z } from "zod";
import { followUpDueOn, followUpReason, contactHow, contactSummary } from "@/lib/follow-up-fields";
import { holdDays, holdNote } from "@/lib/hold-fields";
import { noteBody } from "@/lib/note-fields";
import { preferenceValuesSchema } from "@/lib/preference-fields";

// One change the tablet kept while offline, as it sends it to
// POST /api/offline/changes when the connection is back (issue 15). No
// "server-only": the browser checks a change with the same schema before it
// queues it. Each kind's fields follow the same rules, with the same
// messages, as the form that makes the change online.

const id = z.string().min(1).max(64);

/** What the tablet showed when she made the change: a conflict is a difference from it. */
const basis = z.object({ assignedStaffId: id.nullable() });

const common = {
  /** Made on the tablet, once per change: the server applies a key once. */
  key: z.uuid(),
  customerId: id,
  /** When she made the change (epoch ms, the tablet's clock). */
  madeAt: z.number().int().positive(),
  /** She chose "Send anyway" after a conflict. */
  force: z.boolean().default(false),
  basis,
};

export const offlineChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("note.add"), ...common, body: noteBody, pinned: z.boolean().default(false) }),
  z.object({ kind: z.literal("note.edit"), ...common, noteId: id, body: noteBody, pinned: z.boolean().default(false) }),
  // The date's window (today to a year ahead) is checked on the server, from
  // the day she made it in the store's time zone.
  z.object({ kind: z.literal("follow_up.set"), ...common, dueOn: followUpDueOn, reason: followUpReason }),
  z.object({ kind: z.literal("contact.log"), ...common, contactKind: contactHow, summary: contactSummary }),
  z.object({
    kind: z.literal("preferences.set"),
    ...common,
    basis: basis.extend({ preferencesUpdatedAt: z.number().int().nonnegative().nullable() }),
    values: preferenceValuesSchema,
  }),
  z.object({ kind: z.literal("hold.request"), ...common, variantId: id, days: holdDays, note: holdNote }),
]);

/** A change as the server reads it (defaults filled in, text trimmed, lists split). */
export type OfflineChange = z.infer<typeof offlineChangeSchema>;
/** A change as the tablet builds and sends it. */
export type OfflineChangeInput = z.input<typeof offlineChangeSchema>;
export type OfflineChangeKind = OfflineChange["kind"];

/**
 * The server's answer to one change. Applied: done (or done before, when
 * `replayed`). Conflict: nothing written; she may send it again with `force`
 * (except note_locked) or discard it. Refused: nothing written; the same key
 * may be sent again later (a unit freed up), but as it stands it cannot be done.
 */
export type OfflineOutcome =
  | { status: "applied"; message: string; replayed: boolean; holdId?: string; noteId?: string }
  | { status: "conflict"; code: "reassigned" | "note_locked" | "preferences_changed"; message: string }
  | { status: "refused"; code: "not_found" | "unavailable" | "invalid"; message: string };
