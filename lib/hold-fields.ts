import { z } from "zod";

// How long a hold may last and what may go with it, checked the same way from
// the hold form (app/(staff)/customers/[id]/hold/actions.ts) and from a change
// the tablet kept offline (lib/offline/change-schema.ts, also run in the browser).

export const MAX_HOLD_DAYS = 14;

/**
 * The choices the hold form offers, and the only ones accepted. A hold of n
 * days ends at closing time on the store's n-th open day ahead
 * (lib/store-hours.ts holdEnd).
 */
export const HOLD_DURATIONS = [
  { days: 1, label: "1 day" },
  { days: 2, label: "2 days" },
  { days: 3, label: "3 days" },
  { days: 7, label: "1 week" },
] as const;

const OFFERED_DAYS: readonly number[] = HOLD_DURATIONS.map((d) => d.days);
const CHOOSE = "Choose how long to hold it.";

/** Days as a number: one of HOLD_DURATIONS. */
export const holdDays = z
  .number({ message: CHOOSE })
  .int(CHOOSE)
  .min(1, CHOOSE)
  .check((ctx) => {
    if (ctx.value > MAX_HOLD_DAYS) ctx.issues.push({ code: "custom", input: ctx.value, message: `A hold can last at most ${MAX_HOLD_DAYS} days.` });
    else if (!OFFERED_DAYS.includes(ctx.value)) ctx.issues.push({ code: "custom", input: ctx.value, message: `Choose ${HOLD_DURATIONS.map((d) => d.label).join(", ")}.` });
  });

// Plain decimal digits only: Number() would also read "0x2", "2e0" or "2.0" as 2.
/** Days as a form sends them: decimal digits, then as holdDays. */
export const holdDaysField = z.string({ message: CHOOSE }).regex(/^[1-9][0-9]{0,5}$/, CHOOSE).transform(Number).pipe(holdDays);

export const holdNote = z.string().trim().max(500, "Keep the note under 500 characters.").optional().transform((v) => v || null);
