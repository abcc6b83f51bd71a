import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { forUpdate, isUniqueViolation } from "@/db/dialect";
import { appointmentSlots, appointments, customers } from "@/db/schema";
import { findActiveType, findSlots, slotTaken } from "./appointment-availability";
import { deliverAppointmentMessage, queueAppointmentMessage } from "./appointment-messages";
import { EARLY_ARRIVAL_MS, slotStarts } from "./appointment-slots";
import { recordAudit } from "./audit";
import { recordChanges } from "./change-feed";
import type { ChannelTransports } from "./booking-codes";
import { recordContact } from "./contacts";
import { hashLinkToken, isWellFormedToken } from "./link-tokens";

// Changing a booked appointment: by the customer through her manage link, or
// by staff of its store (callers check who they are). Every change frees or
// claims slots in the same transaction, under the key that makes a double
// booking impossible.

const id = z.string().min(1).max(100);
const refuse = <R extends string>(reason: R, message: string) => ({ ok: false as const, reason, message });

/** Who is changing an appointment: the customer, by her manage link's token, or staff of its store. */
export type Actor = { token: string } | { storeId: string; staffId: string; appointmentId: string };

const actorSchema = z.union([z.object({ token: z.string().max(100) }), z.object({ storeId: id, staffId: id, appointmentId: id })]);

/**
 * The booked appointment the actor may change, locked until the transaction
 * ends, or undefined. By token, only before it starts; a wrong token finds
 * nothing (the same answer as a used or old one).
 */
async function findChangeable(tx: Db, actor: Actor, now: Date) {
  if ("token" in actor && !isWellFormedToken(actor.token)) return undefined;
  const where =
    "token" in actor
      ? eq(appointments.manageTokenHash, hashLinkToken(actor.token))
      : and(eq(appointments.id, actor.appointmentId), eq(appointments.storeId, actor.storeId));
  const [row] = await forUpdate(
    tx
      .select({ id: appointments.id, storeId: appointments.storeId, staffId: appointments.staffId, customerId: appointments.customerId, typeId: appointments.typeId, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
      .from(appointments)
      .where(and(where, eq(appointments.status, "booked")))
      .limit(1),
  );
  if (!row || ("token" in actor && row.startsAt <= now)) return undefined;
  return row;
}

export type ChangeResult = { ok: true; outboxId: string | null } | { ok: false; reason: "invalid" | "not_found" | "unavailable" | "taken"; message: string };

/** Cancels a booked appointment: its time is free again at once, and she gets word (with a cancelled invite by email). */
export async function cancelAppointment(db: Db, input: { actor: Actor; now: Date; baseUrl: string; transports?: ChannelTransports }): Promise<ChangeResult> {
  const actor = actorSchema.safeParse(input.actor);
  if (!actor.success) return refuse("invalid", "That appointment was not found.");
  const { now } = input;
  const result = await db.transaction(async (tx): Promise<ChangeResult> => {
    const found = await findChangeable(tx, actor.data, now);
    if (!found) return refuse("not_found", "That appointment was not found, or can no longer be changed.");
    const staffId = "staffId" in actor.data ? actor.data.staffId : null;
    await tx
      .update(appointments)
      .set({ status: "cancelled", cancelledAt: now, cancelledByStaffId: staffId, sequence: sql`${appointments.sequence} + 1` })
      .where(eq(appointments.id, found.id));
    await tx.delete(appointmentSlots).where(eq(appointmentSlots.appointmentId, found.id));
    const outboxId = await queueAppointmentMessage(tx, { appointmentId: found.id, kind: "cancelled", now, transports: input.transports });
    await recordChanges(tx, [{ kind: "appointment", customerId: found.customerId, storeId: found.storeId }], now);
    await recordAudit(tx, { staffId, storeId: found.storeId, action: "appointment.cancelled", targetType: "appointment", targetId: found.id, customerId: found.customerId, detail: { startsAt: found.startsAt.toISOString() } }, now);
    return { ok: true, outboxId };
  });
  if (result.ok && result.outboxId) await deliverAppointmentMessage(db, { outboxId: result.outboxId, baseUrl: input.baseUrl, now, transports: input.transports });
  return result;
}

const moveSchema = z.object({ startsAt: z.date(), staffId: id.optional() });

/**
 * Moves a booked appointment to another time (and, by staff, to another
 * associate of the store): the new time must be offered, ignoring the
 * appointment's own. Its slots are given up and the new ones claimed in one
 * transaction, under the same primary key as a booking, so a move can no more
 * double-book than a booking can. The invite's SEQUENCE goes up, and she gets
 * word with the new invite; reminders follow the new time.
 */
export async function moveAppointment(db: Db, input: { actor: Actor; startsAt: Date; staffId?: string; now: Date; baseUrl: string; transports?: ChannelTransports }): Promise<ChangeResult> {
  const actor = actorSchema.safeParse(input.actor);
  const move = moveSchema.safeParse({ startsAt: input.startsAt, staffId: input.staffId });
  if (!actor.success || !move.success) return refuse("invalid", "Choose a new time.");
  if ("token" in actor.data && move.data.staffId) return refuse("invalid", "Only the store can change the associate.");
  const { now } = input;
  const { startsAt } = move.data;
  let result: ChangeResult;
  try {
    result = await db.transaction(async (tx): Promise<ChangeResult> => {
      const found = await findChangeable(tx, actor.data, now);
      if (!found) return refuse("not_found", "That appointment was not found, or can no longer be changed.");
      const staffId = move.data.staffId ?? found.staffId;
      const type = await findActiveType(tx, { storeId: found.storeId, typeId: found.typeId });
      if (!type) return refuse("unavailable", "That appointment type is no longer offered: cancel it and book another.");
      const endsAt = new Date(startsAt.getTime() + type.durationMinutes * 60_000);
      const offered = await findSlots(tx, { storeId: found.storeId, staffId, durationMinutes: type.durationMinutes, from: startsAt, to: new Date(startsAt.getTime() + 1), now, bookings: false });
      if (!offered.some((s) => s.startsAt.getTime() === startsAt.getTime())) return refuse("unavailable", "That time is not offered: choose another.");
      if (await slotTaken(tx, { staffId, startsAt, endsAt, ignoreAppointmentId: found.id })) return refuse("taken", "Someone has just booked that time: choose another.");
      await tx.delete(appointmentSlots).where(eq(appointmentSlots.appointmentId, found.id));
      await tx.insert(appointmentSlots).values(slotStarts(startsAt, endsAt).map((slotStart) => ({ staffId, slotStart, appointmentId: found.id })));
      await tx.update(appointments).set({ startsAt, endsAt, staffId, movedAt: now, sequence: sql`${appointments.sequence} + 1` }).where(eq(appointments.id, found.id));
      const outboxId = await queueAppointmentMessage(tx, { appointmentId: found.id, kind: "moved", now, transports: input.transports });
      const by = "staffId" in actor.data ? actor.data.staffId : null;
      await recordChanges(tx, [{ kind: "appointment", customerId: found.customerId, storeId: found.storeId }], now);
      await recordAudit(
        tx,
        { staffId: by, storeId: found.storeId, action: "appointment.moved", targetType: "appointment", targetId: found.id, customerId: found.customerId, detail: { from: found.startsAt.toISOString(), to: startsAt.toISOString(), staffId } },
        now,
      );
      return { ok: true, outboxId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("taken", "Someone has just booked that time: choose another.");
    throw error;
  }
  if (result.ok && result.outboxId) await deliverAppointmentMessage(db, { outboxId: result.outboxId, baseUrl: input.baseUrl, now, transports: input.transports });
  return result;
}

export type MarkResult = { ok: true } | { ok: false; reason: "invalid" | "not_found" | "too_early"; message: string };

const markSchema = z.object({ storeId: id, staffId: id, appointmentId: id, now: z.date() });

async function mark(db: Db, input: z.input<typeof markSchema>, status: "kept" | "no_show"): Promise<MarkResult> {
  const parsed = markSchema.safeParse(input);
  if (!parsed.success) return refuse("invalid", "That appointment was not found.");
  const { storeId, staffId, appointmentId, now } = parsed.data;
  return db.transaction(async (tx): Promise<MarkResult> => {
    const found = await findChangeable(tx, { storeId, staffId, appointmentId }, now);
    if (!found) return refuse("not_found", "That appointment was not found, or was already marked or cancelled.");
    const opensAt = status === "kept" ? found.startsAt.getTime() - EARLY_ARRIVAL_MS : found.startsAt.getTime();
    if (now.getTime() < opensAt) return refuse("too_early", status === "kept" ? "It can be marked kept from 30 minutes before it starts." : "It can be marked a no-show once it has started.");
    await tx.update(appointments).set({ status, markedAt: now, markedByStaffId: staffId }).where(eq(appointments.id, found.id));
    if (status === "kept" && found.customerId) {
      await tx.update(customers).set({ lastVisitAt: now }).where(eq(customers.id, found.customerId));
      await recordContact(tx, { customerId: found.customerId, staffId, storeId, kind: "visit", summary: "Kept an appointment", at: now });
    }
    await recordChanges(tx, [{ kind: "appointment", customerId: found.customerId, storeId }], now);
    await recordAudit(tx, { staffId, storeId, action: `appointment.${status}`, targetType: "appointment", targetId: found.id, customerId: found.customerId }, now);
    return { ok: true };
  });
}

/** She came: the appointment counts as kept (and as a visit, for a known customer). */
export const markKept = (db: Db, input: z.input<typeof markSchema>) => mark(db, input, "kept");
/** She did not come. */
export const markNoShow = (db: Db, input: z.input<typeof markSchema>) => mark(db, input, "no_show");
