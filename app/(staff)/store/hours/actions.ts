"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { managerAction } from "@/lib/actions";
import { addDays, isIsoDate, localDate } from "@/lib/dates";
import { weeklyHoursSchema } from "@/lib/weekly-hours-form";
import { addStoreClosure, removeStoreClosure, updateStoreHours } from "@/lib/store-schedule";

const weeklyHours = weeklyHoursSchema({
  missing: (day) => `Give ${day}'s opening and closing times, or mark it closed.`,
  backwards: (day) => `On ${day} the store must close after it opens (and before midnight).`,
});

export const updateHoursAction = managerAction(weeklyHours, async (hours, me) => {
  await updateStoreHours(getDb(), { storeId: me.storeId, staffId: me.id, hours });
  revalidatePath("/store/hours");
  return { ok: true, message: "Opening hours saved. New holds end at the new closing times." };
});

/** How far ahead a closure may be set: next year's holidays, not a typo's year 2206. */
const CLOSURE_DAYS_AHEAD = 2 * 366;

const closure = z.object({
  day: z.string().refine(isIsoDate, "Choose the day the store is closed."),
  reason: z
    .string()
    .trim()
    .max(80, "Keep the reason under 80 characters.")
    .optional()
    .transform((v) => v || null),
});

export const addClosureAction = managerAction(closure, async ({ day, reason }, me) => {
  const today = localDate(new Date(), me.storeTimezone);
  if (day < today) return { fieldErrors: { day: ["Choose today or a later day."] }, values: { day, reason } };
  if (day > addDays(today, CLOSURE_DAYS_AHEAD)) return { fieldErrors: { day: ["Choose a day within the next two years."] }, values: { day, reason } };
  await addStoreClosure(getDb(), { storeId: me.storeId, staffId: me.id, day, reason });
  revalidatePath("/store/hours");
  return { ok: true, message: "Closed day saved. Holds and pick-up times skip it." };
});

export const removeClosureAction = managerAction(z.object({ day: z.string().refine(isIsoDate) }), async ({ day }, me) => {
  const removed = await removeStoreClosure(getDb(), { storeId: me.storeId, staffId: me.id, day });
  if (!removed) return { message: "That day was not closed." };
  revalidatePath("/store/hours");
  return { ok: true, message: "The store is open that day again." };
});
