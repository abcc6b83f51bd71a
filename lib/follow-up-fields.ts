import { z } from "zod";
import { LOGGABLE_CONTACTS } from "./contacts-labels";
import { addDays, isIsoDate } from "./dates";

// The fields of a follow-up and a logged contact, checked the same way from
// the profile's forms (app/(staff)/customers/[id]/follow-up-actions.ts) and
// from a change the tablet kept offline (lib/offline/change-schema.ts, also
// run in the browser).

export const followUpDueOn = z.string().refine(isIsoDate, "Choose a date.");
export const followUpReason = z.string().trim().min(1, "Say what to follow up on.").max(200, "Keep the reason under 200 characters.");
export const contactHow = z.enum(LOGGABLE_CONTACTS, "Choose how you reached them.");
export const contactSummary = z.string().trim().max(500, "Keep it under 500 characters.").optional().transform((v) => v || null);

/**
 * Why a follow-up may not be due on `dueOn`, or null: it must fall between
 * `today` (a day of the store's calendar) and a year ahead. Checked on the
 * server, which knows the store's time zone.
 */
export function followUpDueProblem(dueOn: string, today: string): string | null {
  if (dueOn < today) return "Choose today or a later date.";
  if (dueOn > addDays(today, 366)) return "Choose a date within a year.";
  return null;
}
