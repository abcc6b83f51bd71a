import "server-only";
import { and, eq, gt, inArray, lt, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { appointmentSlots, appointmentTypes, appointments, staff, staffAvailability, staffTimeOff, stores } from "@/db/schema";
import { computeSlots, SLOT_MS, type AvailabilityWindow, type Busy, type Slot } from "./appointment-slots";
import { parseWeeklyHours, WEEKDAYS, type Weekday } from "./store-hours";
import { getStoreSchedule } from "./store-schedule";

type Reader = Pick<Db, "select">;

/** An active appointment type of this store, or undefined. */
export async function findActiveType(db: Reader, { storeId, typeId }: { storeId: string; typeId: string }) {
  const [type] = await db
    .select({ id: appointmentTypes.id, name: appointmentTypes.name, kind: appointmentTypes.kind, durationMinutes: appointmentTypes.durationMinutes })
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.id, typeId), eq(appointmentTypes.storeId, storeId), eq(appointmentTypes.active, true)))
    .limit(1);
  return type;
}

/**
 * The store's schedule for appointments: its appointment hours when it has
 * set them, its opening hours otherwise, and its closures either way.
 */
async function appointmentSchedule(db: Reader, storeId: string, now: Date) {
  const schedule = await getStoreSchedule(db, { storeId, now });
  if (!schedule) return null;
  const [store] = await db.select({ appointmentHours: stores.appointmentHours }).from(stores).where(eq(stores.id, storeId)).limit(1);
  return store?.appointmentHours ? { ...schedule, hours: parseWeeklyHours(store.appointmentHours) } : schedule;
}

/**
 * Free starts for an appointment type at a store, for one associate or every
 * active one there, within [from, to). `bookings: false` leaves other
 * bookings out (to tell "taken" from "not offered"); `ignoreAppointmentId`
 * leaves out one appointment's own time (when moving it).
 */
export async function findSlots(
  db: Reader,
  input: { storeId: string; staffId?: string; durationMinutes: number; from: Date; to: Date; now: Date; bookings?: boolean; ignoreAppointmentId?: string },
): Promise<Slot[]> {
  const schedule = await appointmentSchedule(db, input.storeId, input.now);
  if (!schedule) return [];
  const people = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.storeId, input.storeId), eq(staff.active, true), input.staffId ? eq(staff.id, input.staffId) : undefined));
  const staffIds = people.map((p) => p.id);
  if (!staffIds.length) return [];
  const windows = await db
    .select({ staffId: staffAvailability.staffId, weekday: staffAvailability.weekday, starts: staffAvailability.starts, ends: staffAvailability.ends })
    .from(staffAvailability)
    .where(and(eq(staffAvailability.storeId, input.storeId), inArray(staffAvailability.staffId, staffIds)));
  // Anything that could overlap a slot starting in [from, to).
  const reach = new Date(input.to.getTime() + input.durationMinutes * 60_000);
  const away = await db
    .select({ staffId: staffTimeOff.staffId, startsAt: staffTimeOff.startsAt, endsAt: staffTimeOff.endsAt })
    .from(staffTimeOff)
    .where(and(inArray(staffTimeOff.staffId, staffIds), lt(staffTimeOff.startsAt, reach), gt(staffTimeOff.endsAt, input.from)));
  const busy: Busy[] = [...away];
  if (input.bookings ?? true) {
    const claimed = await db
      .select({ staffId: appointmentSlots.staffId, slotStart: appointmentSlots.slotStart })
      .from(appointmentSlots)
      .where(
        and(
          inArray(appointmentSlots.staffId, staffIds),
          gt(appointmentSlots.slotStart, new Date(input.from.getTime() - SLOT_MS)),
          lt(appointmentSlots.slotStart, reach),
          input.ignoreAppointmentId ? ne(appointmentSlots.appointmentId, input.ignoreAppointmentId) : undefined,
        ),
      );
    busy.push(...claimed.map((c) => ({ staffId: c.staffId, startsAt: c.slotStart, endsAt: new Date(c.slotStart.getTime() + SLOT_MS) })));
  }
  const valid = windows.filter((w): w is AvailabilityWindow => (WEEKDAYS as readonly string[]).includes(w.weekday)).map((w) => ({ ...w, weekday: w.weekday as Weekday }));
  return computeSlots(schedule, { windows: valid, busy, durationMinutes: input.durationMinutes, from: input.from, to: input.to, now: input.now });
}

/** Booked appointments (other than `ignoreAppointmentId`) holding any of an associate's slots from `startsAt` to `endsAt`. */
export async function slotTaken(db: Reader, { staffId, startsAt, endsAt, ignoreAppointmentId }: { staffId: string; startsAt: Date; endsAt: Date; ignoreAppointmentId?: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: appointmentSlots.appointmentId })
    .from(appointmentSlots)
    .innerJoin(appointments, eq(appointments.id, appointmentSlots.appointmentId))
    .where(
      and(
        eq(appointmentSlots.staffId, staffId),
        gt(appointmentSlots.slotStart, new Date(startsAt.getTime() - SLOT_MS)),
        lt(appointmentSlots.slotStart, endsAt),
        ignoreAppointmentId ? ne(appointmentSlots.appointmentId, ignoreAppointmentId) : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}
