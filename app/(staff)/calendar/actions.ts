"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { markKept, markNoShow } from "@/lib/appointments";
import { addTimeOff, removeTimeOff, setStaffAvailability } from "@/lib/appointment-setup";
import { isGridTime, SLOT_MINUTES } from "@/lib/appointment-slots";
import { addDays, formatIsoDate, isIsoDate, localDate, startOfLocalDay } from "@/lib/dates";
import { WEEKDAYS } from "@/lib/store-hours";
import { weeklyHoursSchema } from "@/lib/weekly-hours-form";

const id = z.string().min(1).max(100);

function refresh() {
  revalidatePath("/today");
  revalidatePath("/calendar", "layout");
}

/** She came, or she did not: an associate of the store marks a booked appointment once it is (nearly) time. */
export const markAppointmentAction = staffAction(z.object({ appointmentId: id, outcome: z.enum(["kept", "no_show"]) }), async ({ appointmentId, outcome }, me) => {
  const mark = outcome === "kept" ? markKept : markNoShow;
  const result = await mark(getDb(), { storeId: me.storeId, staffId: me.id, appointmentId, now: new Date() });
  if (!result.ok) return { message: result.message };
  refresh();
  return { ok: true, message: outcome === "kept" ? "Marked as came." : "Marked as did not come." };
});

/** Her own weeks: when customers may book her, at most one stretch a day, on the slot grid. */
const myHours = weeklyHoursSchema({
  missing: (day) => `Give ${day}'s start and end, or untick it.`,
  backwards: (day) => `On ${day} your hours must end after they start.`,
  extra: (day, starts, ends) => (isGridTime(starts) && isGridTime(ends) ? null : `On ${day} use times on the ${SLOT_MINUTES}-minute grid, e.g. 10:00 or 10:15.`),
});

export const saveMyHoursAction = staffAction(myHours, async (hours, me) => {
  const windows = WEEKDAYS.flatMap((weekday) => (hours[weekday] ? [{ weekday, starts: hours[weekday].opens, ends: hours[weekday].closes }] : []));
  const result = await setStaffAvailability(getDb(), { storeId: me.storeId, staffId: me.id, windows });
  if (!result.ok) return { message: result.message };
  refresh();
  return { ok: true, message: windows.length ? "Your hours are saved. Customers are offered times inside them." : "Saved: customers cannot book you until you add hours." };
});

/** How far ahead time off may be set. */
const TIME_OFF_DAYS_AHEAD = 366;

const timeOff = z
  .object({
    from: z.string().refine(isIsoDate, "Choose the first day off."),
    to: z.string().refine(isIsoDate, "Choose the last day off."),
    reason: z
      .string()
      .trim()
      .max(120, "Keep the reason under 120 characters.")
      .optional()
      .transform((v) => v || null),
  })
  .refine((v) => v.to >= v.from, { path: ["to"], message: "The last day off cannot come before the first." });

/** Whole days off, in the store's time: no new booking falls on them. */
export const addTimeOffAction = staffAction(timeOff, async ({ from, to, reason }, me) => {
  const today = localDate(new Date(), me.storeTimezone);
  const values = { from, to, reason };
  if (from < today) return { fieldErrors: { from: ["Choose today or a later day."] }, values };
  if (to > addDays(today, TIME_OFF_DAYS_AHEAD)) return { fieldErrors: { to: ["Choose a day within the next year."] }, values };
  const result = await addTimeOff(getDb(), { storeId: me.storeId, staffId: me.id, startsAt: startOfLocalDay(from, me.storeTimezone), endsAt: startOfLocalDay(addDays(to, 1), me.storeTimezone), reason });
  if (!result.ok) return { message: result.message, values };
  refresh();
  return { ok: true, message: from === to ? `Off on ${formatIsoDate(from)}.` : `Off from ${formatIsoDate(from)} to ${formatIsoDate(to)}.` };
});

export const removeTimeOffAction = staffAction(z.object({ timeOffId: id }), async ({ timeOffId }, me) => {
  const removed = await removeTimeOff(getDb(), { storeId: me.storeId, staffId: me.id, timeOffId });
  if (!removed) return { message: "That time off was already removed." };
  refresh();
  return { ok: true, message: "Removed: customers can book you then again." };
});
