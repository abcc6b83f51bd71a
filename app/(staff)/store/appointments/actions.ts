"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { APPOINTMENT_KINDS } from "@/db/schema";
import { managerAction } from "@/lib/actions";
import { createAppointmentType, setAppointmentHours, setAppointmentTypeActive } from "@/lib/appointment-setup";
import { isGridTime, SLOT_MINUTES } from "@/lib/appointment-slots";
import { weeklyHoursSchema } from "@/lib/weekly-hours-form";

const id = z.string().min(1).max(100);

function refresh() {
  revalidatePath("/store/appointments");
  revalidatePath("/calendar", "layout");
}

const week = weeklyHoursSchema({
  missing: (day) => `Give ${day}'s first and last booking times, or untick it.`,
  backwards: (day) => `On ${day} appointment hours must end after they start.`,
  extra: (day, starts, ends) => (isGridTime(starts) && isGridTime(ends) ? null : `On ${day} use times on the ${SLOT_MINUTES}-minute grid, e.g. 10:00 or 10:15.`),
});

/** The store's appointment hours: its own week, or (with `follow` ticked) its opening hours. */
const appointmentHours = z
  .looseObject({ follow: z.string().max(4).optional() })
  .transform((form, ctx) => {
    if (form.follow === "on") return null;
    const own = week.safeParse(form);
    if (own.success) return own.data;
    for (const issue of own.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  });

export const saveAppointmentHoursAction = managerAction(appointmentHours, async (hours, me) => {
  await setAppointmentHours(getDb(), { storeId: me.storeId, hours });
  refresh();
  return { ok: true, message: hours ? "Appointment hours saved. Customers are offered times inside them." : "Appointments follow the opening hours." };
});

const durations = z.coerce.number<string>({ message: "Choose how long it takes." }).int();

const newType = z.object({
  name: z.string().trim().min(1, "Name the appointment type.").max(60, "Keep the name under 60 characters."),
  kind: z.enum(APPOINTMENT_KINDS, { message: "Choose what kind of appointment it is." }),
  durationMinutes: durations,
});

export const addAppointmentTypeAction = managerAction(newType, async (input, me) => {
  const result = await createAppointmentType(getDb(), { storeId: me.storeId, ...input });
  if (!result.ok) return { message: result.message, values: input };
  refresh();
  return { ok: true, message: `${input.name} can be booked now.` };
});

export const setAppointmentTypeActiveAction = managerAction(z.object({ typeId: id, active: z.enum(["true", "false"]) }), async ({ typeId, active }, me) => {
  const changed = await setAppointmentTypeActive(getDb(), { storeId: me.storeId, typeId, active: active === "true" });
  if (!changed) return { message: "That appointment type was not found." };
  refresh();
  return { ok: true, message: active === "true" ? "Customers can book it again." : "No longer offered. Appointments already booked stay." };
});
