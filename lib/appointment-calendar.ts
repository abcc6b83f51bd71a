import "server-only";
import { and, asc, count, eq, exists, gte, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { appointmentTypes, appointments, purchases, staff, stores, type AppointmentStatus } from "@/db/schema";
import { addDays, isIsoDate, localDate, startOfLocalDay } from "./dates";

/** A purchase at the store this soon after a kept appointment counts as a sale after it. */
export const SALES_WINDOW_DAYS = 7;
const DAY = 86_400_000;

const id = z.string().min(1).max(100);
const isoDate = z.string().refine(isIsoDate, "A date is written YYYY-MM-DD.");

async function storeZone(db: Db, storeId: string): Promise<string | null> {
  const [store] = await db.select({ timezone: stores.timezone }).from(stores).where(eq(stores.id, storeId)).limit(1);
  return store?.timezone ?? null;
}

/** The appointments (not cancelled ones) starting in [from, to) at a store, for one associate or all, soonest first. */
async function appointmentsBetween(db: Db, { storeId, staffId, from, to }: { storeId: string; staffId?: string; from: Date; to: Date }) {
  return db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      staffId: appointments.staffId,
      staffName: staff.name,
      typeName: appointmentTypes.name,
      kind: appointmentTypes.kind,
      customerId: appointments.customerId,
      contactName: appointments.contactName,
      channel: appointments.channel,
    })
    .from(appointments)
    .innerJoin(staff, eq(staff.id, appointments.staffId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .where(
      and(
        eq(appointments.storeId, storeId),
        staffId ? eq(appointments.staffId, staffId) : undefined,
        ne(appointments.status, "cancelled"),
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(staff.name), asc(appointments.id));
}

export type CalendarAppointment = Awaited<ReturnType<typeof appointmentsBetween>>[number];

const daySchema = z.object({ storeId: id, staffId: id.optional(), day: isoDate });

/** Today's list: the day's appointments at the store (the store's calendar day), for one associate or everyone. */
export async function listDayAppointments(db: Db, input: z.input<typeof daySchema>): Promise<CalendarAppointment[]> {
  const { storeId, staffId, day } = daySchema.parse(input);
  const tz = await storeZone(db, storeId);
  if (!tz) return [];
  return appointmentsBetween(db, { storeId, staffId, from: startOfLocalDay(day, tz), to: startOfLocalDay(addDays(day, 1), tz) });
}

const weekSchema = z.object({ storeId: id, staffId: id.optional(), weekStart: isoDate });

/** Seven days from `weekStart`, each with its appointments: an associate's week, or the store's. */
export async function weekCalendar(db: Db, input: z.input<typeof weekSchema>): Promise<Array<{ day: string; appointments: CalendarAppointment[] }>> {
  const { storeId, staffId, weekStart } = weekSchema.parse(input);
  const tz = await storeZone(db, storeId);
  if (!tz) return [];
  const rows = await appointmentsBetween(db, { storeId, staffId, from: startOfLocalDay(weekStart, tz), to: startOfLocalDay(addDays(weekStart, 7), tz) });
  return Array.from({ length: 7 }, (_, i) => {
    const day = addDays(weekStart, i);
    return { day, appointments: rows.filter((r) => localDate(r.startsAt, tz) === day) };
  });
}

const figuresSchema = z.object({ storeId: id, from: z.date(), to: z.date() }).refine((v) => v.to > v.from, "The period must end after it starts.");

export interface AppointmentFigures {
  /** Appointments starting in the period that were not cancelled (booked, kept or no-show). */
  booked: number;
  cancelled: number;
  kept: number;
  noShows: number;
  /** Still booked (not yet marked). */
  open: number;
  /** Purchases at the store by a customer within SALES_WINDOW_DAYS of a kept appointment's start (each purchase once). */
  salesAfter: { purchases: number; totalCents: number };
  byStaff: Array<{ staffId: string; staffName: string; booked: number; kept: number; noShows: number; cancelled: number }>;
}

/** The manager's figures for appointments starting in [from, to). */
export async function appointmentFigures(db: Db, input: z.input<typeof figuresSchema>): Promise<AppointmentFigures> {
  const { storeId, from, to } = figuresSchema.parse(input);
  const inPeriod = and(eq(appointments.storeId, storeId), gte(appointments.startsAt, from), lt(appointments.startsAt, to));
  const counts = await db
    .select({ staffId: appointments.staffId, staffName: staff.name, status: appointments.status, n: count() })
    .from(appointments)
    .innerJoin(staff, eq(staff.id, appointments.staffId))
    .where(inPeriod)
    .groupBy(appointments.staffId, staff.name, appointments.status);
  const total = (status: AppointmentStatus) => counts.filter((c) => c.status === status).reduce((sum, c) => sum + Number(c.n), 0);
  const people = new Map<string, AppointmentFigures["byStaff"][number]>();
  for (const c of counts) {
    const person = people.get(c.staffId) ?? { staffId: c.staffId, staffName: c.staffName, booked: 0, kept: 0, noShows: 0, cancelled: 0 };
    const n = Number(c.n);
    if (c.status === "cancelled") person.cancelled += n;
    else person.booked += n;
    if (c.status === "kept") person.kept += n;
    if (c.status === "no_show") person.noShows += n;
    people.set(c.staffId, person);
  }
  const [sales] = await db
    .select({ n: count(), cents: sql<number>`coalesce(sum(${purchases.totalCents}), 0)` })
    .from(purchases)
    .where(
      and(
        eq(purchases.storeId, storeId),
        exists(
          db
            .select({ one: sql`1` })
            .from(appointments)
            .where(
              and(
                inPeriod,
                eq(appointments.status, "kept"),
                eq(appointments.customerId, purchases.customerId),
                gte(purchases.purchasedAt, appointments.startsAt),
                lt(purchases.purchasedAt, sql`${appointments.startsAt} + ${SALES_WINDOW_DAYS * DAY}`),
              ),
            ),
        ),
      ),
    );
  return {
    booked: total("booked") + total("kept") + total("no_show"),
    cancelled: total("cancelled"),
    kept: total("kept"),
    noShows: total("no_show"),
    open: total("booked"),
    salesAfter: { purchases: Number(sales?.n ?? 0), totalCents: Number(sales?.cents ?? 0) },
    byStaff: [...people.values()].sort((a, b) => a.staffName.localeCompare(b.staffName)),
  };
}
