import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appointmentTypes, appointments, customers, staff, stores } from "@/db/schema";
import { availableSlots, bookingAssociates } from "./appointments";
import { listAppointmentTypes } from "./appointment-setup";
import { activeLink } from "./customer-links";
import { formatIsoDate, localDate } from "./dates";
import { hashLinkToken, isWellFormedToken } from "./link-tokens";
import { RateLimiter } from "./rate-limit";
import { formatStoreTime } from "./store-hours";

// What the booking pages read: a store by its readable name in the address,
// who is booking (a store's public page, or a customer's private link), what
// and whom she can book, free times grouped by the store's days, and the
// appointment a manage link opens.

/** How far ahead the booking pages offer times. */
export const BOOKING_DAYS = 14;

/** Page opens, time look-ups, bookings and manage-link opens from one address, per 10 minutes: enough for a person, too few to guess links. */
export const bookingPageLimiter = new RateLimiter("booking-page", 120, 10 * 60_000);
/** Codes one address may ask for, per hour, on top of the per-contact limit in lib/booking-codes.ts. */
export const bookingCodeLimiter = new RateLimiter("booking-code", 10, 60 * 60_000);

/** "Fifth Avenue" → "fifth-avenue"; "Café Zürich" → "cafe-zurich". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "store";
}

/**
 * Every store with the readable name its booking page has: its name made
 * into a slug, with "-2", "-3", … for later stores of the same name (oldest
 * first, so a store's address does not change when another opens).
 */
export async function listBookingStores(db: Db) {
  const rows = await db
    .select({ id: stores.id, name: stores.name, city: stores.city, address: stores.address, createdAt: stores.createdAt })
    .from(stores)
    .orderBy(asc(stores.createdAt), asc(stores.id));
  const taken = new Set<string>();
  return rows.map((s) => {
    const base = slugify(s.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return { id: s.id, name: s.name, city: s.city, address: s.address, slug };
  });
}

export async function findStoreBySlug(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return null;
  return (await listBookingStores(db)).find((s) => s.slug === slug) ?? null;
}

/** Who is booking: from a store's public page, or from a customer's private link (then she is that customer). */
export type BookingSource = { store: string } | { link: string };

export interface BookingContext {
  storeId: string;
  customerId: string | null;
  store: { name: string; address: string; phone: string; timezone: string };
  /** What the form starts with, for a customer who came from her link. */
  prefill: { name: string; email: string; phone: string } | null;
}

/** The store and customer a booking is for, or null for an unknown store or a link that is not active. */
export async function bookingContext(db: Db, source: BookingSource, now: Date): Promise<BookingContext | null> {
  let storeId: string;
  let customerId: string | null = null;
  if ("store" in source) {
    const found = await findStoreBySlug(db, source.store);
    if (!found) return null;
    storeId = found.id;
  } else {
    const link = await activeLink(db, source.link, now);
    if (!link) return null;
    storeId = link.storeId;
    customerId = link.customerId;
  }
  const [store] = await db.select({ name: stores.name, address: stores.address, phone: stores.phone, timezone: stores.timezone }).from(stores).where(eq(stores.id, storeId)).limit(1);
  if (!store) return null;
  const [customer] = customerId
    ? await db.select({ firstName: customers.firstName, lastName: customers.lastName, email: customers.email, phone: customers.phone }).from(customers).where(eq(customers.id, customerId)).limit(1)
    : [];
  return {
    storeId,
    customerId,
    store,
    prefill: customer ? { name: `${customer.firstName} ${customer.lastName}`.trim(), email: customer.email ?? "", phone: customer.phone ?? "" } : null,
  };
}

/** What she can book at a store and with whom, her own associate first choice. */
export async function bookingChoices(db: Db, { storeId, customerId }: { storeId: string; customerId: string | null }) {
  const [types, people] = await Promise.all([listAppointmentTypes(db, { storeId }), bookingAssociates(db, { storeId, customerId })]);
  return {
    types: types.map((t) => ({ id: t.id, name: t.name, durationMinutes: t.durationMinutes })),
    associates: people.associates,
    defaultStaffId: people.defaultStaffId,
  };
}

export interface TimeChoice {
  /** The start as an ISO instant. */
  startsAt: string;
  staffId: string;
  /** "6:00 PM" on the store's clock. */
  label: string;
}

export interface DayChoice {
  day: string;
  /** "Tue, Dec 1" */
  label: string;
  times: TimeChoice[];
}

/**
 * The free times of the next BOOKING_DAYS days, grouped by the store's
 * calendar day. With no associate chosen ("anyone available"), each time once,
 * with the first associate free then.
 */
export async function bookingTimes(db: Db, { storeId, typeId, staffId, timeZone, now }: { storeId: string; typeId: string; staffId: string | null; timeZone: string; now: Date }): Promise<DayChoice[] | null> {
  const found = await availableSlots(db, { storeId, typeId, staffId: staffId ?? undefined, from: now, to: new Date(now.getTime() + BOOKING_DAYS * 86_400_000), now });
  if (!found.ok) return null;
  const days = new Map<string, DayChoice>();
  const seen = new Set<number>();
  for (const slot of found.slots) {
    const start = slot.startsAt.getTime();
    if (seen.has(start)) continue;
    seen.add(start);
    const day = localDate(slot.startsAt, timeZone);
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { day, label: formatIsoDate(day), times: [] }));
    entry.times.push({ startsAt: slot.startsAt.toISOString(), staffId: slot.staffId, label: formatStoreTime(slot.startsAt, timeZone) });
  }
  return [...days.values()];
}

/** The appointment a manage link opens, with what its page, its invite and a move need; null for a token that opens nothing. */
export async function manageView(db: Db, { token, now }: { token: string; now: Date }) {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select({
      id: appointments.id,
      storeId: appointments.storeId,
      staffId: appointments.staffId,
      typeId: appointments.typeId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      sequence: appointments.sequence,
      contactName: appointments.contactName,
      typeName: appointmentTypes.name,
      staffName: staff.name,
      store: { name: stores.name, address: stores.address, phone: stores.phone, timezone: stores.timezone },
    })
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(staff, eq(staff.id, appointments.staffId))
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .where(eq(appointments.manageTokenHash, hashLinkToken(token)))
    .limit(1);
  if (!row) return null;
  const state = row.status === "cancelled" ? "cancelled" : row.status !== "booked" || row.startsAt <= now ? "past" : "upcoming";
  return { ...row, staffFirstName: row.staffName.split(" ")[0] ?? row.staffName, state: state as "cancelled" | "past" | "upcoming" };
}
