import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { appointments, bookingCodes, outbox } from "@/db/schema";
import { bookAppointment, requestBookingCode, verifyBookingCode } from "./appointments";
import { CODE_TTL_MS, MAX_CODE_ATTEMPTS } from "./booking-codes";
import { retryMessage } from "./outbox-retry";
import { appointmentWorld, BASE_URL, capturingTransport, ny } from "./testing/appointments";
import { createTestDb } from "./testing/db";

const now = new Date("2026-11-16T12:00:00Z");
const MINUTE = 60_000;

describe("booking codes", () => {
  let db: Db;
  let w: Awaited<ReturnType<typeof appointmentWorld>>;
  let email: ReturnType<typeof capturingTransport>;
  let sms: ReturnType<typeof capturingTransport>;
  beforeEach(async () => {
    db = await createTestDb();
    w = await appointmentWorld(db);
    email = capturingTransport("smtp");
    sms = capturingTransport("twilio");
  });
  const request = (contact: { email: string } | { phone: string }, at = now) => requestBookingCode(db, { storeId: w.storeId, staffId: w.maya, contact, now: at, transports: { email, sms } });
  const lastCode = (t = email) => /\b(\d{6})\b/.exec(t.sent.at(-1)!.body)![1]!;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

  it("sends a six-digit code on the contact's channel and keeps neither the code nor a readable hash of it", async () => {
    expect(await request({ email: "  Alicia@Example.com " })).toMatchObject({ ok: true, channel: "email", status: "sent" });
    expect(email.sent[0]).toMatchObject({ recipient: "alicia@example.com", subject: "Your code to book at Fifth Avenue" });
    const code = lastCode();
    const [row] = await db.select().from(bookingCodes);
    expect(row!.codeHash).not.toContain(code);
    const [message] = await db.select().from(outbox);
    expect(message).toMatchObject({ channel: "email", recipient: "alicia@example.com", transport: "smtp", status: "sent", staffId: w.maya });
    expect(message!.body).not.toContain(code);
    expect(message!.body).toContain("[code]");

    expect(await request({ phone: "(212) 555-0143" })).toMatchObject({ ok: true, channel: "sms" });
    expect(sms.sent[0]!.recipient).toBe("+12125550143");
    expect(sms.sent[0]!.sender).toBe(w.store.phone);
  });

  it("confirms the right code once, and the token it gives books an appointment", async () => {
    await request({ email: "alicia@example.com" });
    const verified = await verifyBookingCode(db, { storeId: w.storeId, contact: { email: "alicia@example.com" }, code: lastCode(), now: new Date(now.getTime() + MINUTE) });
    expect(verified).toMatchObject({ ok: true, channel: "email", contact: "alicia@example.com" });
    expect(await verifyBookingCode(db, { storeId: w.storeId, contact: { email: "alicia@example.com" }, code: lastCode(), now })).toMatchObject({ ok: false, reason: "no_code" });
    const booked = await bookAppointment(db, {
      storeId: w.storeId,
      staffId: w.maya,
      typeId: w.styling,
      startsAt: ny("2026-11-23", "10:00"),
      contact: { name: "Alicia Fernández", email: "alicia@example.com" },
      channel: "email",
      verification: { token: verified.ok ? verified.token : "" },
      now,
      baseUrl: BASE_URL,
      transports: { email },
    });
    expect(booked.ok).toBe(true);
  });

  it("refuses a wrong code, counting tries, and stops the code after too many (even the right one)", async () => {
    await request({ email: "alicia@example.com" });
    const code = lastCode();
    const verify = (c: string) => verifyBookingCode(db, { storeId: w.storeId, contact: { email: "alicia@example.com" }, code: c, now });
    expect(await verify(wrong(code))).toMatchObject({ ok: false, reason: "wrong_code", attemptsLeft: MAX_CODE_ATTEMPTS - 1 });
    for (let i = 2; i < MAX_CODE_ATTEMPTS; i++) expect(await verify(wrong(code))).toMatchObject({ ok: false, reason: "wrong_code", attemptsLeft: MAX_CODE_ATTEMPTS - i });
    expect(await verify(wrong(code))).toMatchObject({ ok: false, reason: "too_many_attempts" });
    expect(await verify(code)).toMatchObject({ ok: false, reason: "too_many_attempts" });
    const [row] = await db.select().from(bookingCodes);
    expect(row).toMatchObject({ attempts: MAX_CODE_ATTEMPTS, verifiedAt: null, tokenHash: null });
    expect(await verify("12ab56")).toMatchObject({ ok: false, reason: "invalid", message: "The code is six digits." });
  });

  it("refuses an expired code, and a code sent to another contact or for another store", async () => {
    await request({ email: "alicia@example.com" });
    const code = lastCode();
    expect(await verifyBookingCode(db, { storeId: w.storeId, contact: { email: "alicia@example.com" }, code, now: new Date(now.getTime() + CODE_TTL_MS) })).toMatchObject({ ok: false, reason: "expired" });
    expect(await verifyBookingCode(db, { storeId: w.storeId, contact: { email: "bob@example.com" }, code, now })).toMatchObject({ ok: false, reason: "no_code" });
    expect(await verifyBookingCode(db, { storeId: "another-store", contact: { email: "alicia@example.com" }, code, now })).toMatchObject({ ok: false, reason: "no_code" });
  });

  it("books with the code itself, and a wrong code books nothing", async () => {
    await request({ email: "alicia@example.com" });
    const input = {
      storeId: w.storeId,
      staffId: w.maya,
      typeId: w.styling,
      startsAt: ny("2026-11-23", "10:00"),
      contact: { name: "Alicia Fernández", email: "alicia@example.com" },
      channel: "email" as const,
      now,
      baseUrl: BASE_URL,
      transports: { email },
    };
    const code = lastCode();
    expect(await bookAppointment(db, { ...input, verification: { code: wrong(code) } })).toMatchObject({ ok: false, reason: "unverified" });
    expect(await db.select().from(appointments)).toHaveLength(0);
    expect(await bookAppointment(db, { ...input, verification: { code } })).toMatchObject({ ok: true });
  });

  it("sends nothing, and writes nothing, on a channel the server cannot send on, for a bad contact, or past the limit", async () => {
    const unset = await requestBookingCode(db, { storeId: w.storeId, staffId: w.maya, contact: { email: "alicia@example.com" }, now, transports: { email: { name: "record", send: async () => {} } } });
    expect(unset).toMatchObject({ ok: false, reason: "not_set_up" });
    expect(await request({ email: "not an address" })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await requestBookingCode(db, { storeId: w.storeId, staffId: "someone", contact: { email: "alicia@example.com" }, now, transports: { email } })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await db.select().from(outbox)).toHaveLength(0);
    for (let i = 0; i < 5; i++) expect(await request({ email: "alicia@example.com" }, new Date(now.getTime() + i * MINUTE))).toMatchObject({ ok: true });
    expect(await request({ email: "alicia@example.com" }, new Date(now.getTime() + 6 * MINUTE))).toMatchObject({ ok: false, reason: "too_many_codes" });
    expect(await db.select().from(outbox)).toHaveLength(5);
    // A newer code replaces the older ones: the latest is the one checked.
    expect(await verifyBookingCode(db, { storeId: w.storeId, contact: { email: "alicia@example.com" }, code: lastCode(), now: new Date(now.getTime() + 6 * MINUTE) })).toMatchObject({ ok: true });
  });

  it("says a code that could not be sent was not sent, and it is never sent again without its code", async () => {
    const failing = { name: "smtp" as const, send: async () => Promise.reject(new Error("550 Mailbox unavailable")) };
    const result = await requestBookingCode(db, { storeId: w.storeId, staffId: w.maya, contact: { email: "alicia@example.com" }, now, transports: { email: failing } });
    expect(result).toMatchObject({ ok: false, reason: "not_sent" });
    const [message] = await db.select().from(outbox);
    expect(message).toMatchObject({ status: "failed", error: "550 Mailbox unavailable" });
    const retried = await retryMessage(db, { outboxId: message!.id, staffId: w.maya, storeId: w.storeId, now, transport: email });
    expect(retried).toMatchObject({ ok: false, reason: "refused" });
    expect(email.sent).toEqual([]);
  });
});
