import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { appointmentTypes, staff, staffAvailability, staffTimeOff, stores, APPOINTMENT_KINDS } from "@/db/schema";
import { isGridTime, SLOT_MINUTES } from "./appointment-slots";
import { parseWeeklyHours, serializeWeeklyHours, WEEKDAYS, type WeeklyHours } from "./store-hours";

// What a store offers and when: its appointment types and hours, and each
// associate's weekly availability and time off. Callers check who may do it.

const id = z.string().min(1).max(100);
const gridTime = z.string().refine(isGridTime, `Times are on the ${SLOT_MINUTES}-minute grid, e.g. 10:00 or 10:15.`);

export type SetupResult<T = object> = ({ ok: true } & T) | { ok: false; message: string };

const failure = (error: z.ZodError): { ok: false; message: string } => ({ ok: false, message: error.issues[0]?.message ?? "Check the form and try again." });

const typeSchema = z.object({
  storeId: id,
  name: z.string().trim().min(1, "Name the appointment type.").max(60),
  kind: z.enum(APPOINTMENT_KINDS),
  durationMinutes: z
    .number()
    .int()
    .min(SLOT_MINUTES, `At least ${SLOT_MINUTES} minutes.`)
    .max(8 * 60, "At most 8 hours.")
    .refine((m) => m % SLOT_MINUTES === 0, `A multiple of ${SLOT_MINUTES} minutes.`),
});

export async function createAppointmentType(db: Db, input: z.input<typeof typeSchema>): Promise<SetupResult<{ id: string }>> {
  const parsed = typeSchema.safeParse(input);
  if (!parsed.success) return failure(parsed.error);
  const typeId = randomUUID();
  await db.insert(appointmentTypes).values({ id: typeId, ...parsed.data, active: true });
  return { ok: true, id: typeId };
}

/** Stops (or resumes) offering a type; booked appointments of it stay. */
export async function setAppointmentTypeActive(db: Db, { storeId, typeId, active }: { storeId: string; typeId: string; active: boolean }): Promise<boolean> {
  const changed = await db
    .update(appointmentTypes)
    .set({ active })
    .where(and(eq(appointmentTypes.id, typeId), eq(appointmentTypes.storeId, storeId)))
    .returning({ id: appointmentTypes.id });
  return changed.length > 0;
}

export async function listAppointmentTypes(db: Db, { storeId, activeOnly = true }: { storeId: string; activeOnly?: boolean }) {
  return db
    .select({ id: appointmentTypes.id, name: appointmentTypes.name, kind: appointmentTypes.kind, durationMinutes: appointmentTypes.durationMinutes, active: appointmentTypes.active })
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.storeId, storeId), activeOnly ? eq(appointmentTypes.active, true) : undefined))
    .orderBy(asc(appointmentTypes.name));
}

/** The store's appointment hours (null: its opening hours), in the opening hours' form. */
export async function setAppointmentHours(db: Db, { storeId, hours }: { storeId: string; hours: WeeklyHours | null }): Promise<void> {
  await db
    .update(stores)
    .set({ appointmentHours: hours ? serializeWeeklyHours(hours) : null })
    .where(eq(stores.id, storeId));
}

const windowsSchema = z.object({
  storeId: id,
  staffId: id,
  windows: z
    .array(z.object({ weekday: z.enum(WEEKDAYS), starts: gridTime, ends: gridTime }).refine((w) => w.starts < w.ends, "Each window must end after it starts."))
    .max(50),
});

/** Replaces an associate's weekly availability with `windows`; the associate must work at the store. */
export async function setStaffAvailability(db: Db, input: z.input<typeof windowsSchema>): Promise<SetupResult> {
  const parsed = windowsSchema.safeParse(input);
  if (!parsed.success) return failure(parsed.error);
  const { storeId, staffId, windows } = parsed.data;
  return db.transaction(async (tx): Promise<SetupResult> => {
    const [member] = await tx.select({ id: staff.id }).from(staff).where(and(eq(staff.id, staffId), eq(staff.storeId, storeId))).limit(1);
    if (!member) return { ok: false, message: "That associate does not work at this store." };
    await tx.delete(staffAvailability).where(and(eq(staffAvailability.staffId, staffId), eq(staffAvailability.storeId, storeId)));
    if (windows.length) await tx.insert(staffAvailability).values(windows.map((w) => ({ id: randomUUID(), staffId, storeId, ...w })));
    return { ok: true };
  });
}

const timeOffSchema = z
  .object({ storeId: id, staffId: id, startsAt: z.date(), endsAt: z.date(), reason: z.string().trim().max(200).nullable().optional() })
  .refine((v) => v.endsAt > v.startsAt, "Time off must end after it starts.");

/** Time off for an associate: no new booking overlaps it (appointments already booked stay, for the store to move). */
export async function addTimeOff(db: Db, input: z.input<typeof timeOffSchema>): Promise<SetupResult<{ id: string }>> {
  const parsed = timeOffSchema.safeParse(input);
  if (!parsed.success) return failure(parsed.error);
  const { storeId, staffId, startsAt, endsAt, reason } = parsed.data;
  const [member] = await db.select({ id: staff.id }).from(staff).where(and(eq(staff.id, staffId), eq(staff.storeId, storeId))).limit(1);
  if (!member) return { ok: false, message: "That associate does not work at this store." };
  const timeOffId = randomUUID();
  await db.insert(staffTimeOff).values({ id: timeOffId, staffId, storeId, startsAt, endsAt, reason: reason ?? null });
  return { ok: true, id: timeOffId };
}

/** An associate's weekly availability at her store, Monday first, each day's windows by start. */
export async function listStaffAvailability(db: Db, { storeId, staffId }: { storeId: string; staffId?: string }) {
  const rows = await db
    .select({ staffId: staffAvailability.staffId, weekday: staffAvailability.weekday, starts: staffAvailability.starts, ends: staffAvailability.ends })
    .from(staffAvailability)
    .where(and(eq(staffAvailability.storeId, storeId), staffId ? eq(staffAvailability.staffId, staffId) : undefined))
    .orderBy(asc(staffAvailability.starts));
  const order = (weekday: string) => WEEKDAYS.indexOf(weekday as (typeof WEEKDAYS)[number]);
  return rows.sort((a, b) => order(a.weekday) - order(b.weekday) || a.starts.localeCompare(b.starts));
}

/** An associate's time off that has not ended yet, soonest first. */
export async function listTimeOff(db: Db, { storeId, staffId, now }: { storeId: string; staffId: string; now: Date }) {
  return db
    .select({ id: staffTimeOff.id, startsAt: staffTimeOff.startsAt, endsAt: staffTimeOff.endsAt, reason: staffTimeOff.reason })
    .from(staffTimeOff)
    .where(and(eq(staffTimeOff.storeId, storeId), eq(staffTimeOff.staffId, staffId), gt(staffTimeOff.endsAt, now)))
    .orderBy(asc(staffTimeOff.startsAt));
}

/** Removes one of an associate's own times off; false when it is not hers (or is gone). */
export async function removeTimeOff(db: Db, { storeId, staffId, timeOffId }: { storeId: string; staffId: string; timeOffId: string }): Promise<boolean> {
  const removed = await db
    .delete(staffTimeOff)
    .where(and(eq(staffTimeOff.id, timeOffId), eq(staffTimeOff.storeId, storeId), eq(staffTimeOff.staffId, staffId)))
    .returning({ id: staffTimeOff.id });
  return removed.length > 0;
}

/** A store's appointment hours, and whether it set its own or follows its opening hours. */
export async function storeAppointmentHours(db: Db, { storeId }: { storeId: string }): Promise<{ hours: WeeklyHours; own: boolean } | null> {
  const [store] = await db.select({ openingHours: stores.openingHours, appointmentHours: stores.appointmentHours }).from(stores).where(eq(stores.id, storeId)).limit(1);
  if (!store) return null;
  return store.appointmentHours ? { hours: parseWeeklyHours(store.appointmentHours), own: true } : { hours: parseWeeklyHours(store.openingHours), own: false };
}
