import { z } from "zod";
import { isClockTime, WEEKDAY_NAMES, WEEKDAYS, type WeeklyHours } from "./store-hours";

/** How a week form's errors are worded: the store's opening hours, a store's appointment hours, an associate's own. */
export interface WeekWording {
  missing: (day: string) => string;
  backwards: (day: string) => string;
  /** A further rule on a day's times (e.g. the 15-minute grid), returning its message when broken. */
  extra?: (day: string, starts: string, ends: string) => string | null;
}

/**
 * The week as a form sends it, one checkbox and two times per weekday
 * (mon_open, mon_opens, mon_closes, …), read into WeeklyHours; a day's errors
 * are filed under its key ("mon").
 */
export function weeklyHoursSchema(wording: WeekWording) {
  const dayFields: Record<string, z.ZodOptional<z.ZodString>> = Object.fromEntries(
    WEEKDAYS.flatMap((day) => [`${day}_open`, `${day}_opens`, `${day}_closes`].map((name) => [name, z.string().max(8).optional()])),
  );
  return z.object(dayFields).transform((form, ctx): WeeklyHours => {
    const hours = Object.fromEntries(WEEKDAYS.map((day) => [day, null])) as WeeklyHours;
    for (const day of WEEKDAYS) {
      if (form[`${day}_open`] !== "on") continue;
      const opens = form[`${day}_opens`] ?? "";
      const closes = form[`${day}_closes`] ?? "";
      const name = WEEKDAY_NAMES[day];
      const problem = !isClockTime(opens) || !isClockTime(closes) ? wording.missing(name) : opens >= closes ? wording.backwards(name) : (wording.extra?.(name, opens, closes) ?? null);
      if (problem) ctx.addIssue({ code: "custom", path: [day], message: problem });
      else hours[day] = { opens, closes };
    }
    return hours;
  });
}
