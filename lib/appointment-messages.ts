import "server-only";
import { createHmac, hkdfSync, randomUUID } from "node:crypto";
import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { appointmentMessages, appointmentTypes, appointments, outbox, staff, stores, type AppointmentMessageKind } from "@/db/schema";
import { appointmentIcs } from "./appointment-ics";
import { transportOn, type ChannelTransports } from "./booking-codes";
import { deliverOutboxMessage, LINK_PLACEHOLDER } from "./customer-links";
import { resolveAuthSecret } from "./env";
import { hashLinkToken } from "./link-tokens";
import { formatStoreDateTime } from "./store-hours";
import type { MessageAttachment } from "./transports";

const HOUR = 3_600_000;

/** Where a customer cancels or moves an appointment: `${baseUrl}${MANAGE_PATH}${token}`. */
export const MANAGE_PATH = "/a/";

/**
 * The token in an appointment's manage link: an HMAC of its id under a key
 * derived from AUTH_SECRET, so every message about it (the confirmation, the
 * reminders, a move) can carry the same link without the link being kept
 * anywhere. The database has only its SHA-256 (appointments.manage_token_hash),
 * which a stolen copy cannot turn back into a link. 43 URL-safe characters,
 * the shape of every private link (lib/link-tokens.ts).
 */
export function manageToken(appointmentId: string): string {
  const key = Buffer.from(hkdfSync("sha256", resolveAuthSecret(process.env), "shopkeeper", "appointment manage link v1", 32));
  return createHmac("sha256", key).update(appointmentId).digest("base64url");
}

export function manageTokenHash(appointmentId: string): string {
  return hashLinkToken(manageToken(appointmentId));
}

/** The reminders and how long before the start each is due. Each is due until the next one is, so a late run still sends it once. */
export const REMINDERS: ReadonlyArray<{ kind: Extract<AppointmentMessageKind, "reminder_24h" | "reminder_2h">; beforeMs: number }> = [
  { kind: "reminder_24h", beforeMs: 24 * HOUR },
  { kind: "reminder_2h", beforeMs: 2 * HOUR },
];

/** An appointment with what its messages and invite say: its type, its associate, its store. */
async function describe(tx: Pick<Db, "select">, appointmentId: string) {
  const [row] = await tx
    .select({
      id: appointments.id,
      storeId: appointments.storeId,
      staffId: appointments.staffId,
      customerId: appointments.customerId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      sequence: appointments.sequence,
      contactName: appointments.contactName,
      contactEmail: appointments.contactEmail,
      contactPhone: appointments.contactPhone,
      channel: appointments.channel,
      typeName: appointmentTypes.name,
      staffName: staff.name,
      store: { name: stores.name, address: stores.address, phone: stores.phone, timezone: stores.timezone },
    })
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(staff, eq(staff.id, appointments.staffId))
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .where(eq(appointments.id, appointmentId))
    .limit(1);
  return row;
}

type Described = NonNullable<Awaited<ReturnType<typeof describe>>>;

function words(a: Described, kind: AppointmentMessageKind): { subject: string; body: string } {
  const when = formatStoreDateTime(a.startsAt, a.store.timezone);
  const first = a.contactName.split(" ")[0] || a.contactName;
  const what = `your ${a.typeName.toLowerCase()} with ${a.staffName.split(" ")[0]} at ${a.store.name}`;
  const manage = `To cancel or move it: ${LINK_PLACEHOLDER}`;
  const where = `${a.store.address}. Questions? Call ${a.store.phone}.`;
  switch (kind) {
    case "confirmation":
      return { subject: `Booked: ${a.typeName} on ${when}`, body: `Hello ${first}, ${what} is booked for ${when}. ${where}\n\n${manage}` };
    case "reminder_24h":
    case "reminder_2h":
      return { subject: `Reminder: ${a.typeName} on ${when}`, body: `Hello ${first}, a reminder: ${what} is on ${when}. ${where}\n\n${manage}` };
    case "moved":
      return { subject: `Moved: ${a.typeName} now on ${when}`, body: `Hello ${first}, ${what} has moved to ${when}. ${where}\n\n${manage}` };
    case "cancelled":
      return { subject: `Cancelled: ${a.typeName} on ${when}`, body: `Hello ${first}, ${what} on ${when} is cancelled. ${where}` };
  }
}

/**
 * Writes one message about an appointment to the outbox, in the customer's
 * chosen channel, with the manage link left out (it goes in as the message
 * leaves). A reminder is written at most once per start time: the unique
 * index on appointment_messages refuses the second, and then nothing is
 * written and null comes back.
 */
export async function queueAppointmentMessage(
  tx: Db,
  { appointmentId, kind, now, transports }: { appointmentId: string; kind: AppointmentMessageKind; now: Date; transports?: ChannelTransports },
): Promise<string | null> {
  const a = await describe(tx, appointmentId);
  if (!a) return null;
  const messageId = randomUUID();
  const claimed = await tx
    .insert(appointmentMessages)
    .values({ id: messageId, appointmentId, kind, startsAt: a.startsAt, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: appointmentMessages.id });
  if (!claimed.length) return null;
  const transport = transportOn(a.channel, transports);
  const { subject, body } = words(a, kind);
  const outboxId = randomUUID();
  const recorded = transport.name === "record";
  await tx.insert(outbox).values({
    id: outboxId,
    customerId: a.customerId,
    storeId: a.storeId,
    staffId: a.staffId,
    channel: a.channel,
    recipient: (a.channel === "email" ? a.contactEmail : a.contactPhone) ?? "",
    subject: a.channel === "email" ? subject : null,
    body,
    transport: transport.name,
    // Recorded messages are done (the Outbox says "Not sent"); others wait for deliverAppointmentMessage.
    status: recorded ? "sent" : "queued",
    createdAt: now,
    sentAt: recorded ? now : null,
  });
  await tx.update(appointmentMessages).set({ outboxId }).where(eq(appointmentMessages.id, messageId));
  return outboxId;
}

/**
 * Sends a queued appointment message: the manage link put into its text
 * and, by email, the calendar invite as it stands now (its times, its
 * SEQUENCE, cancelled or not) as a text/calendar attachment.
 */
export async function deliverAppointmentMessage(db: Db, { outboxId, baseUrl, now, transports }: { outboxId: string; baseUrl: string; now: Date; transports?: ChannelTransports }) {
  const [message] = await db
    .select({ appointmentId: appointmentMessages.appointmentId, kind: appointmentMessages.kind })
    .from(appointmentMessages)
    .where(eq(appointmentMessages.outboxId, outboxId))
    .limit(1);
  const a = message && (await describe(db, message.appointmentId));
  if (!message || !a) return { ok: false as const, error: "not an appointment message" };
  const manageUrl = `${baseUrl.replace(/\/+$/, "")}${MANAGE_PATH}${manageToken(a.id)}`;
  const attachments: MessageAttachment[] =
    a.channel === "email" && message.kind !== "reminder_2h"
      ? [{ filename: "appointment.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: appointmentIcs(a, a.store, { manageUrl, now }) }]
      : [];
  return deliverOutboxMessage(db, { outboxId, transport: transportOn(a.channel, transports), link: manageUrl, attachments, now });
}

/**
 * The reminder job: for every booked appointment, writes each reminder that
 * is due and not yet written, and sends it. A reminder is due from its time
 * before the start until the next reminder's (the 24-hour one until 2 hours
 * before, the 2-hour one until the start), so a run that comes late still
 * sends it once, and one that comes very late sends only the later one.
 * Appointments booked or moved after a reminder's time do not get it (the
 * confirmation said the same moments ago). Cancelled appointments get none;
 * a moved one gets them again for its new time. Safe to run often and on
 * several instances at once: the unique index keeps each reminder to one.
 */
export async function queueDueReminders(db: Db, { now, baseUrl, transports }: { now: Date; baseUrl: string; transports?: ChannelTransports }): Promise<string[]> {
  const soon = await db
    .select({ id: appointments.id, startsAt: appointments.startsAt, createdAt: appointments.createdAt, movedAt: appointments.movedAt })
    .from(appointments)
    .where(and(eq(appointments.status, "booked"), gt(appointments.startsAt, now), lte(appointments.startsAt, new Date(now.getTime() + REMINDERS[0]!.beforeMs))));
  const queued: string[] = [];
  for (const candidate of soon) {
    const due = dueReminder(candidate, now);
    if (!due) continue;
    const outboxId = await db.transaction(async (tx) => {
      // Still booked at the same time, read under a lock: a cancellation or a move at this moment waits, or wins.
      const [current] = await forUpdate(
        tx.select({ startsAt: appointments.startsAt }).from(appointments).where(and(eq(appointments.id, candidate.id), eq(appointments.status, "booked"))),
      );
      if (!current || current.startsAt.getTime() !== candidate.startsAt.getTime()) return null;
      return queueAppointmentMessage(tx, { appointmentId: candidate.id, kind: due, now, transports });
    });
    if (outboxId) queued.push(outboxId);
  }
  for (const outboxId of queued) await deliverAppointmentMessage(db, { outboxId, baseUrl, now, transports });
  return queued;
}

/** The reminder due now for an appointment, if any. */
export function dueReminder(a: { startsAt: Date; createdAt: Date; movedAt: Date | null }, now: Date): (typeof REMINDERS)[number]["kind"] | null {
  const start = a.startsAt.getTime();
  const setAt = (a.movedAt ?? a.createdAt).getTime();
  for (let i = REMINDERS.length - 1; i >= 0; i--) {
    const reminder = REMINDERS[i]!;
    const dueAt = start - reminder.beforeMs;
    const until = i + 1 < REMINDERS.length ? start - REMINDERS[i + 1]!.beforeMs : start;
    if (now.getTime() >= dueAt && now.getTime() < until) return setAt < dueAt ? reminder.kind : null;
  }
  return null;
}
