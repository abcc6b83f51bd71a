// TEMPORARY: replaced by the offline-server branch's schema at merge.
import { z } from "zod";

const basis = z.object({ assignedStaffId: z.string().nullable(), preferencesUpdatedAt: z.number().nullable().optional() });
const common = { key: z.string().uuid(), customerId: z.string().min(1).max(64), madeAt: z.number().int(), force: z.boolean().default(false), basis };

export const offlineChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("note.add"), ...common, body: z.string().trim().min(1, "Write something first.").max(2000), pinned: z.boolean() }),
  z.object({ kind: z.literal("note.edit"), ...common, noteId: z.string(), body: z.string().trim().min(1).max(2000), pinned: z.boolean() }),
  z.object({ kind: z.literal("follow_up.set"), ...common, dueOn: z.string(), reason: z.string().trim().min(1, "Say what to follow up on.").max(200) }),
  z.object({ kind: z.literal("contact.log"), ...common, contactKind: z.string(), summary: z.string().nullable().optional() }),
  z.object({ kind: z.literal("preferences.set"), ...common, values: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal("hold.request"), ...common, variantId: z.string(), days: z.number().int(), note: z.string().nullable().optional() }),
]);

export type OfflineChange = z.infer<typeof offlineChangeSchema>;
export type OfflineChangeInput = z.input<typeof offlineChangeSchema>;

export type OfflineOutcome =
  | { status: "applied"; message: string; replayed: boolean; holdId?: string; noteId?: string }
  | { status: "conflict"; code: "reassigned" | "note_locked" | "preferences_changed"; message: string }
  | { status: "refused"; code: "not_found" | "unavailable" | "invalid"; message: string };
