import ICAL from "ical.js";
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { appointmentMessages, appointments, bookingCodes, outbox } from "@/db/schema";
import { appointmentUid } from "./appointment-ics";
import { dueReminder, MANAGE_PATH } from "./appointment-messages";
import { appointmentIcs, bookAppointment, cancelAppointment, moveAppointment, queueDueReminders, type BookInput } from "./appointments";
import { generateLinkToken, hashLinkToken } from "./link-tokens";
import { appointmentWorld, BASE_URL, capturingTransport, ny, verifiedToken } from "./testing/appointments";
import { createTestDb } from "./testing/db";
import { startSmtpCapture, type SmtpCapture } from "./testing/smtp-capture";
import { retryMessage } from "./outbox-retry";
import { smtpTransport } from "./transports";

const HOUR = 3_600_000;
const MONDAY = "2026-11-23";

/** The one event of an invite, read back by a parser that knows nothing of how it was written. */
function readInvite(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.uid,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    summary: event.summary,
    location: event.location,
    description: event.description,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
  };
}

describe("appointmentIcs", () => {
  const appointment = { id: "a1b2c3", startsAt: ny(MONDAY, "10:00"), endsAt: ny(MONDAY, "11:00"), status: "booked" as const, sequence: 0, typeName: "Styling session", staffName: "Maya Chen" };
  const store = { name: "Fifth Avenue", address: "712 Fifth Avenue, New York, NY 10019", phone: "+12125550100" };

  it("is read back by an iCalendar parser with its times, words, place and a UID of its own", () => {
    const invite = readInvite(appointmentIcs(appointment, store, { manageUrl: "https://shop.example/a/TOKEN" }));
    expect(invite).toMatchObject({
      method: "PUBLISH",
      uid: appointmentUid("a1b2c3"),
      summary: "Styling session at Fifth Avenue",
      location: "Fifth Avenue, 712 Fifth Avenue, New York, NY 10019",
      sequence: 0,
      status: "CONFIRMED",
    });
    expect(invite.start.toISOString()).toBe("2026-11-23T15:00:00.000Z");
    expect(invite.end.toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(invite.description).toContain("https://shop.example/a/TOKEN");
  });

  it("keeps the UID when moved or cancelled, raising SEQUENCE and saying CANCELLED", () => {
    const moved = readInvite(appointmentIcs({ ...appointment, startsAt: ny(MONDAY, "14:00"), endsAt: ny(MONDAY, "15:00"), sequence: 1 }, store));
    expect(moved).toMatchObject({ uid: appointmentUid("a1b2c3"), sequence: 1, status: "CONFIRMED" });
    const cancelled = readInvite(appointmentIcs({ ...appointment, status: "cancelled", sequence: 2 }, store, { manageUrl: "https://shop.example/a/TOKEN" }));
    expect(cancelled).toMatchObject({ uid: appointmentUid("a1b2c3"), sequence: 2, status: "CANCELLED" });
    expect(cancelled.description).not.toContain("TOKEN");
  });
});

describe("appointment messages", () => {
  let db: Db;
  let w: Awaited<ReturnType<typeof appointmentWorld>>;
  let smtp: SmtpCapture;
  beforeEach(async () => {
    db = await createTestDb();
    w = await appointmentWorld(db);
    smtp = await startSmtpCapture();
  });
  afterEach(async () => {
    await smtp.close();
  });
  const realEmail = () => smtpTransport(nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true }), "Fifth Avenue <store@shop.example>");
  const book = async (input: Partial<BookInput> & { now: Date }, email = "alicia@example.com") =>
    bookAppointment(db, {
      storeId: w.storeId,
      staffId: w.maya,
      typeId: w.styling,
      startsAt: ny(MONDAY, "10:00"),
      contact: { name: "Alicia Fernández", email },
      channel: "email",
      verification: { token: await verifiedToken(db, { storeId: w.storeId, email, now: input.now }) },
      baseUrl: BASE_URL,
      transports: { email: realEmail() },
      ...input,
    });

  it("emails a confirmation through SMTP with the manage link and a calendar invite that parses", async () => {
    const now = new Date("2026-11-16T12:00:00Z");
    const booked = await book({ now });
    if (!booked.ok) throw new Error(booked.message);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.subject).toBe("Booked: Styling session on Mon, Nov 23, 10:00 AM");
    expect(mail.text).toContain(`${BASE_URL}${MANAGE_PATH}${booked.manageToken}`);
    const calendar = mail.attachments.find((a) => a.contentType === "text/calendar");
    expect(calendar).toBeDefined();
    const invite = readInvite(calendar!.content.toString("utf8"));
    expect(invite).toMatchObject({ uid: appointmentUid(booked.appointment.id), summary: "Styling session at Fifth Avenue", sequence: 0, status: "CONFIRMED" });
    expect(invite.start.toISOString()).toBe("2026-11-23T15:00:00.000Z");
    expect(invite.end.toISOString()).toBe("2026-11-23T16:00:00.000Z");
    // The outbox keeps the message, never the link.
    const [kept] = await db.select().from(outbox);
    expect(kept).toMatchObject({ status: "sent", transport: "smtp", recipient: "alicia@example.com" });
    expect(kept!.body).not.toContain(booked.manageToken);
  });

  it("records the confirmation without sending when email is not set up, and says so in the outbox", async () => {
    const booked = await book({ now: new Date("2026-11-16T12:00:00Z"), transports: { email: { name: "record", send: async () => {} } } });
    expect(booked.ok).toBe(true);
    expect(smtp.messages).toHaveLength(0);
    expect(await db.select({ transport: outbox.transport, status: outbox.status }).from(outbox)).toEqual([{ transport: "record", status: "sent" }]);
  });

  describe("reminders, with the clock injected", () => {
    const T = ny(MONDAY, "15:00");
    const at = (hoursBefore: number, base = T) => new Date(base.getTime() - hoursBefore * HOUR);
    const remind = (now: Date) => queueDueReminders(db, { now, baseUrl: BASE_URL, transports: { email: realEmail() } });
    /** Reminders written, 24-hour ones first, then by start. */
    const reminders = async () =>
      db
        .select({ kind: appointmentMessages.kind, startsAt: appointmentMessages.startsAt, body: outbox.body })
        .from(appointmentMessages)
        .innerJoin(outbox, eq(outbox.id, appointmentMessages.outboxId))
        .where(inArray(appointmentMessages.kind, ["reminder_24h", "reminder_2h"]))
        .orderBy(asc(appointmentMessages.kind), asc(appointmentMessages.startsAt));

    it("puts nothing in the outbox at T−25h, the 24-hour reminder at T−24h (once, however often it runs), the 2-hour one at T−2h", async () => {
      const booked = await book({ startsAt: T, now: at(72) });
      if (!booked.ok) throw new Error(booked.message);
      const sentBefore = smtp.messages.length;
      expect(await remind(at(25))).toEqual([]);
      expect(await reminders()).toEqual([]);
      expect(await remind(at(24))).toHaveLength(1);
      expect(await remind(at(24))).toEqual([]);
      expect(await Promise.all([remind(at(23)), remind(at(23))])).toEqual([[], []]);
      expect(await remind(at(3))).toEqual([]);
      expect(await remind(at(2))).toHaveLength(1);
      expect(await remind(at(1))).toEqual([]);
      expect(await remind(at(-1))).toEqual([]);
      expect((await reminders()).map((r) => r.kind)).toEqual(["reminder_24h", "reminder_2h"]);
      // Sent, with her manage link put in on the way out.
      expect(smtp.messages.slice(sentBefore).map((m) => m.subject)).toEqual(["Reminder: Styling session on Mon, Nov 23, 3:00 PM", "Reminder: Styling session on Mon, Nov 23, 3:00 PM"]);
      expect(smtp.messages.at(-1)!.text).toContain(`${BASE_URL}${MANAGE_PATH}${booked.manageToken}`);
    });

    it("sends a late reminder once, and none after a cancellation", async () => {
      const booked = await book({ startsAt: T, now: at(72) });
      if (!booked.ok) throw new Error(booked.message);
      // The job did not run for a day: the 24-hour reminder still goes, once.
      expect(await remind(at(10))).toHaveLength(1);
      expect(await remind(at(9))).toEqual([]);
      expect(await cancelAppointment(db, { actor: { token: booked.manageToken }, now: at(5), baseUrl: BASE_URL, transports: { email: realEmail() } })).toMatchObject({ ok: true });
      expect(await remind(at(2))).toEqual([]);
      expect((await reminders()).map((r) => r.kind)).toEqual(["reminder_24h"]);
    });

    it("reminds a moved appointment again for its new time, and never for the old one", async () => {
      const booked = await book({ startsAt: T, now: at(72) });
      if (!booked.ok) throw new Error(booked.message);
      expect(await remind(at(24))).toHaveLength(1);
      const later = ny("2026-11-25", "15:00");
      expect(await moveAppointment(db, { actor: { token: booked.manageToken }, startsAt: later, now: at(23), baseUrl: BASE_URL, transports: { email: realEmail() } })).toMatchObject({ ok: true });
      expect(await remind(at(2))).toEqual([]);
      expect(await remind(at(24, later))).toHaveLength(1);
      expect(await remind(at(2, later))).toHaveLength(1);
      expect((await reminders()).map((r) => [r.kind, r.startsAt.toISOString()])).toEqual([
        ["reminder_24h", T.toISOString()],
        ["reminder_24h", later.toISOString()],
        ["reminder_2h", later.toISOString()],
      ]);
      // The move was announced with the invite's SEQUENCE raised and the same UID.
      const movedMail = smtp.messages.find((m) => m.subject?.startsWith("Moved:"))!;
      const invite = readInvite(movedMail.attachments.find((a) => a.contentType === "text/calendar")!.content.toString("utf8"));
      expect(invite).toMatchObject({ uid: appointmentUid(booked.appointment.id), sequence: 1 });
      expect(invite.start.toISOString()).toBe(later.toISOString());
    });

    it("does not remind an appointment booked after a reminder's time (the confirmation just said it)", async () => {
      const booked = await book({ startsAt: T, now: at(5) });
      expect(booked.ok).toBe(true);
      expect(await remind(at(4))).toEqual([]);
      expect(await remind(at(2))).toHaveLength(1);
      expect(dueReminder({ startsAt: T, createdAt: at(1), movedAt: null }, at(0.5))).toBeNull();
    });
  });

  it("sends the cancellation with a cancelled invite, and the time can be booked again", async () => {
    const now = new Date("2026-11-16T12:00:00Z");
    const booked = await book({ now });
    if (!booked.ok) throw new Error(booked.message);
    expect(await cancelAppointment(db, { actor: { token: booked.manageToken }, now, baseUrl: BASE_URL, transports: { email: realEmail() } })).toMatchObject({ ok: true });
    const mail = smtp.messages.at(-1)!;
    expect(mail.subject).toBe("Cancelled: Styling session on Mon, Nov 23, 10:00 AM");
    const invite = readInvite(mail.attachments.find((a) => a.contentType === "text/calendar")!.content.toString("utf8"));
    expect(invite).toMatchObject({ uid: appointmentUid(booked.appointment.id), status: "CANCELLED", sequence: 1 });
    const [row] = await db.select({ status: appointments.status, cancelledAt: appointments.cancelledAt }).from(appointments);
    expect(row).toEqual({ status: "cancelled", cancelledAt: now });
    expect(await book({ now }, "bob@example.com")).toMatchObject({ ok: true });
  });

  it("keeps a confirmation that failed as failed, and does not send it again without its link", async () => {
    const failing = { name: "smtp" as const, send: async () => Promise.reject(new Error("550 Mailbox unavailable")) };
    const booked = await book({ now: new Date("2026-11-16T12:00:00Z"), transports: { email: failing } });
    expect(booked.ok).toBe(true);
    const [message] = await db.select().from(outbox);
    expect(message).toMatchObject({ status: "failed" });
    expect(await retryMessage(db, { outboxId: message!.id, staffId: w.maya, storeId: w.storeId, now: new Date(), transport: realEmail() })).toMatchObject({ ok: false, reason: "refused" });
    expect(smtp.messages).toHaveLength(0);
  });

  it("texts her on the channel she chose: the confirmation and reminders by SMS, with the link and without an invite", async () => {
    const sms = capturingTransport("twilio");
    const now = new Date("2026-11-16T12:00:00Z");
    const token = generateLinkToken();
    await db.insert(bookingCodes).values({ id: "code-1", storeId: w.storeId, channel: "sms", contact: "+12125550143", codeHash: "unused", expiresAt: now, verifiedAt: now, tokenHash: hashLinkToken(token), createdAt: now });
    const booked = await bookAppointment(db, {
      storeId: w.storeId,
      staffId: w.maya,
      typeId: w.styling,
      startsAt: ny(MONDAY, "10:00"),
      contact: { name: "Alicia Fernández", email: "alicia@example.com", phone: "212-555-0143" },
      channel: "sms",
      verification: { token },
      now,
      baseUrl: BASE_URL,
      transports: { sms, email: realEmail() },
    });
    if (!booked.ok) throw new Error(booked.message);
    expect(await queueDueReminders(db, { now: new Date(ny(MONDAY, "10:00").getTime() - 24 * HOUR), baseUrl: BASE_URL, transports: { sms, email: realEmail() } })).toHaveLength(1);
    expect(sms.sent.map((m) => [m.recipient, m.sender, m.attachments?.length ?? 0])).toEqual([
      ["+12125550143", w.store.phone, 0],
      ["+12125550143", w.store.phone, 0],
    ]);
    expect(sms.sent.every((m) => m.body.includes(`${BASE_URL}${MANAGE_PATH}${booked.manageToken}`))).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });
});
