import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { isUniqueViolation } from "@/db/dialect";
import { appointmentSlots, appointments, customers, staff, staffAvailability, APPOINTMENT_CHANNELS, type AppointmentChannel } from "@/db/schema";
import { findActiveType, findSlots, slotTaken } from "./appointment-availability";
import { deliverAppointmentMessage, manageToken, manageTokenHash, queueAppointmentMessage } from "./appointment-messages";
import { MAX_SEARCH_DAYS, slotStarts, type Slot } from "./appointment-slots";
import { recordAudit } from "./audit";
import { recordChanges } from "./change-feed";
import { consumeBookingToken, verifyBookingCode, type ChannelTransports } from "./booking-codes";
import { normaliseEmail, normalisePhone } from "./contact-normalise";

export { appointmentIcs } from "./appointment-ics";
export { queueDueReminders } from "./appointment-messages";
export { requestBookingCode, verifyBookingCode } from "./booking-codes";
export { listDayAppointments, weekCalendar, appointmentFigures } from "./appointment-calendar";
export { cancelAppointment, moveAppointment, markKept, markNoShow, type Actor, type ChangeResult, type MarkResult } from "./appointment-changes";

const DAY = 86_400_000;
const id = z.string().min(1).max(100);

const slotsSchema = z
  .object({ storeId: id, staffId: id.optional(), typeId: id, from: z.date(), to: z.date(), now: z.date() })
  .refine((v) => v.to > v.from, "The end of the search must be after its start.")
  .refine((v) => v.to.getTime() - v.from.getTime() <= MAX_SEARCH_DAYS * DAY, `Search at most ${MAX_SEARCH_DAYS} days at once.`);

/**
 * The times a customer can book an appointment type, with one associate or
 * any at the store: inside the store's appointment hours (its opening hours
 * unless it set others; never on a closed day) and the associate's weekly
 * availability, clear of their time off and of booked appointments, on the
 * 15-minute grid, and not in the past. An unknown or inactive type offers
 * nothing.
 */
export async function availableSlots(db: Db, input: z.input<typeof slotsSchema>): Promise<{ ok: true; slots: Slot[] } | { ok: false; message: string }> {
  const parsed = slotsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Choose a store, a type and dates." };
  const { storeId, staffId, typeId, from, to, now } = parsed.data;
  const type = await findActiveType(db, { storeId, typeId });
  if (!type) return { ok: true, slots: [] };
  return { ok: true, slots: await findSlots(db, { storeId, staffId, durationMinutes: type.durationMinutes, from, to, now }) };
}

const bookSchema = z.object({
  storeId: id,
  staffId: id,
  typeId: id,
  startsAt: z.date(),
  contact: z.object({
    name: z.string().trim().min(1, "Enter your name.").max(100, "That name is too long."),
    email: z.string().trim().max(254).optional(),
    phone: z.string().trim().max(40).optional(),
  }),
  channel: z.enum(APPOINTMENT_CHANNELS),
  /** The token verifyBookingCode gave, or the code itself (checked here first). */
  verification: z.union([z.object({ token: z.string().max(100) }), z.object({ code: z.string().max(20) })]),
  /** The customer whose page she booked from, when she did. */
  customerId: id.optional(),
  now: z.date(),
});

export type BookInput = z.input<typeof bookSchema> & { baseUrl: string; transports?: ChannelTransports };

export interface BookedAppointment {
  id: string;
  storeId: string;
  staffId: string;
  customerId: string | null;
  typeId: string;
  startsAt: Date;
  endsAt: Date;
}

export type BookResult =
  | { ok: true; appointment: BookedAppointment; manageToken: string; outboxId: string | null }
  | { ok: false; reason: "invalid" | "not_found" | "unavailable" | "taken" | "unverified"; message: string; token?: string };

const refuse = <R extends string>(reason: R, message: string) => ({ ok: false as const, reason, message });

/**
 * Books an appointment for a customer who confirmed her email address or
 * phone with a code. The time must be one availableSlots offers; it is taken
 * by writing one appointment_slots row per 15 minutes it covers, whose
 * primary key (staff_id, slot_start) refuses a second booking of any slot in
 * the database itself: of two bookings of the same time at the same moment,
 * on any number of app instances, exactly one is written and the other is
 * answered "taken" (with nothing written, her code's token still good). She
 * is matched to a customer by the contact she confirmed (never by one she
 * only typed). A confirmation with the calendar invite is written to the
 * outbox and sent on her chosen channel.
 */
export async function bookAppointment(db: Db, input: BookInput): Promise<BookResult> {
  const parsed = bookSchema.safeParse(input);
  if (!parsed.success) return refuse("invalid", parsed.error.issues[0]?.message ?? "Check the booking and try again.");
  const { storeId, staffId, typeId, startsAt, channel, now } = parsed.data;
  const email = parsed.data.contact.email ? normaliseEmail(parsed.data.contact.email) : null;
  const phone = parsed.data.contact.phone ? normalisePhone(parsed.data.contact.phone) : null;
  if (parsed.data.contact.email && !email) return refuse("invalid", "That email address does not look right.");
  if (parsed.data.contact.phone && !phone) return refuse("invalid", "That phone number does not look right.");
  const reachedAt = channel === "email" ? email : phone;
  if (!reachedAt) return refuse("invalid", channel === "email" ? "Enter the email address to send the confirmation to." : "Enter the phone number to text the confirmation to.");

  let token: string;
  if ("code" in parsed.data.verification) {
    const verified = await verifyBookingCode(db, { storeId, contact: channel === "email" ? { email: reachedAt } : { phone: reachedAt }, code: parsed.data.verification.code, now });
    if (!verified.ok) return refuse("unverified", verified.message);
    token = verified.token;
  } else {
    token = parsed.data.verification.token;
  }

  const appointmentId = randomUUID();
  let outcome: BookResult;
  try {
    outcome = await db.transaction(async (tx): Promise<BookResult> => {
      const type = await findActiveType(tx, { storeId, typeId });
      if (!type) return refuse("not_found", "That appointment type is not offered.");
      const endsAt = new Date(startsAt.getTime() + type.durationMinutes * 60_000);
      const offered = await findSlots(tx, { storeId, staffId, durationMinutes: type.durationMinutes, from: startsAt, to: new Date(startsAt.getTime() + 1), now, bookings: false });
      if (!offered.some((s) => s.staffId === staffId && s.startsAt.getTime() === startsAt.getTime())) return refuse("unavailable", "That time is not offered: choose another.");
      if (await slotTaken(tx, { staffId, startsAt, endsAt })) return refuse("taken", "Someone has just booked that time: choose another.");

      if (!(await consumeBookingToken(tx, { storeId, token, channel, contact: reachedAt, now }))) return refuse("unverified", "Confirm your contact with a new code, then book again.");

      const customerId = await matchCustomer(tx, { customerId: parsed.data.customerId, channel, contact: reachedAt });
      await tx.insert(appointments).values({
        id: appointmentId,
        storeId,
        staffId,
        customerId,
        typeId,
        startsAt,
        endsAt,
        status: "booked",
        contactName: parsed.data.contact.name,
        contactEmail: email,
        contactPhone: phone,
        channel,
        manageTokenHash: manageTokenHash(appointmentId),
        createdAt: now,
      });
      await tx.insert(appointmentSlots).values(slotStarts(startsAt, endsAt).map((slotStart) => ({ staffId, slotStart, appointmentId })));
      const outboxId = await queueAppointmentMessage(tx, { appointmentId, kind: "confirmation", now, transports: input.transports });
      await recordChanges(tx, [{ kind: "appointment", customerId, storeId }], now);
      await recordAudit(tx, { staffId: null, storeId, action: "appointment.booked", targetType: "appointment", targetId: appointmentId, customerId, detail: { staffId, typeId, startsAt: startsAt.toISOString() } }, now);
      return { ok: true, appointment: { id: appointmentId, storeId, staffId, customerId, typeId, startsAt, endsAt }, manageToken: manageToken(appointmentId), outboxId };
    });
  } catch (error) {
    // Another booking claimed one of these slots after our check, on another connection: the database refused ours.
    if (isUniqueViolation(error)) return refuse("taken", "Someone has just booked that time: choose another.");
    throw error;
  }
  if (!outcome.ok) {
    // Her code was used up to confirm her contact: the token it gave lets her choose another time without a new code.
    return "code" in parsed.data.verification && outcome.reason !== "unverified" ? { ...outcome, token } : outcome;
  }
  if (outcome.outboxId) await deliverAppointmentMessage(db, { outboxId: outcome.outboxId, baseUrl: input.baseUrl, now, transports: input.transports });
  return outcome;
}

/** The customer she is: the one whose page she booked from, or the one with the email or phone she confirmed (only when exactly one has it). */
async function matchCustomer(tx: Db, { customerId, channel, contact }: { customerId?: string; channel: AppointmentChannel; contact: string }): Promise<string | null> {
  if (customerId) {
    const [known] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1);
    if (known) return known.id;
  }
  const found = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(channel === "email" ? eq(customers.email, contact) : eq(customers.phone, contact))
    .limit(2);
  return found.length === 1 ? found[0]!.id : null;
}

/**
 * Who she can book with at a store: its active associates who take
 * appointments (have weekly availability there), by name, and the one to
 * choose for her: her own associate, when she has one among them.
 */
export async function bookingAssociates(db: Db, { storeId, customerId }: { storeId: string; customerId?: string | null }) {
  const people = await db
    .selectDistinct({ id: staff.id, name: staff.name })
    .from(staff)
    .innerJoin(staffAvailability, and(eq(staffAvailability.staffId, staff.id), eq(staffAvailability.storeId, storeId)))
    .where(and(eq(staff.storeId, storeId), eq(staff.active, true)))
    .orderBy(asc(staff.name), asc(staff.id));
  const [customer] = customerId ? await db.select({ assignedStaffId: customers.assignedStaffId }).from(customers).where(eq(customers.id, customerId)).limit(1) : [];
  const own = people.find((p) => p.id === customer?.assignedStaffId);
  return { associates: people.map((p) => ({ id: p.id, firstName: p.name.split(" ")[0] ?? p.name })), defaultStaffId: own?.id ?? null };
}
