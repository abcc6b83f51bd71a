import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, contacts, customers, inboundMessages, outbox } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, startFakeTwilio, type FakeTwilio } from "./testing/fake-twilio";
import { sendSmsToCustomer, smsKeyword } from "./sms";
import { receiveSms } from "./sms-inbound";

let db: Db;
let fake: FakeTwilio;
let ids: { store: string; staff: string; alicia: string };
const NOW = new Date("2026-03-02T15:00:00Z");
const HOUR = 3_600_000;

beforeEach(async () => {
  db = await createTestDb();
  fake = await startFakeTwilio();
  vi.stubEnv("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID);
  vi.stubEnv("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN);
  vi.stubEnv("TWILIO_BASE_URL", fake.url);
  vi.stubEnv("PUBLIC_URL", "https://clienteling.example.com");
  const store = (await createStore(db, { name: "Fifth Avenue", phone: "+12125550100" })).id;
  const staff = (await createStaff(db, { storeId: store, name: "Maya Chen" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", phone: "+12125550143", homeStoreId: store });
  ids = { store, staff, alicia };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const consent = (consentSms: boolean) => db.update(customers).set({ consentSms }).where(eq(customers.id, ids.alicia));
const send = (extra: { body?: string; inReplyToInboundId?: string; now?: Date } = {}) =>
  sendSmsToCustomer(db, { customerId: ids.alicia, storeId: ids.store, staffId: ids.staff, body: extra.body ?? "Your coat is in, Alicia. Maya", inReplyToInboundId: extra.inReplyToInboundId, now: extra.now ?? NOW });
const incoming = async (body: string, at: Date) => {
  const received = await receiveSms(db, { MessageSid: `SM${String(at.getTime()).padStart(32, "0")}`, From: "+1 (212) 555-0143", To: "+12125550100", Body: body }, at);
  if (!received.stored) throw new Error("not stored");
  return received.inboundId;
};

describe("sendSmsToCustomer", () => {
  it("texts a consenting customer from the store's number through Twilio, and keeps, audits and logs it", async () => {
    await consent(true);
    const result = await send();
    expect(result).toEqual({ ok: true, outboxId: expect.any(String), status: "queued" });
    expect(fake.requests).toEqual([
      {
        method: "POST",
        path: `/2010-04-01/Accounts/${FAKE_TWILIO_ACCOUNT_SID}/Messages.json`,
        authorization: `Basic ${Buffer.from(`${FAKE_TWILIO_ACCOUNT_SID}:${FAKE_TWILIO_AUTH_TOKEN}`).toString("base64")}`,
        contentType: "application/x-www-form-urlencoded",
        form: { To: "+12125550143", From: "+12125550100", Body: "Your coat is in, Alicia. Maya", StatusCallback: "https://clienteling.example.com/api/webhooks/twilio/status" },
      },
    ]);
    const [row] = await db.select().from(outbox);
    expect(row).toMatchObject({ channel: "sms", recipient: "+12125550143", transport: "twilio", status: "queued", providerId: fake.messages[0]!.sid, statusAt: NOW, sentAt: NOW, error: null });
    expect(await db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog)).toEqual([{ action: "message.sent", targetId: row!.id }]);
    expect(await db.select({ kind: contacts.kind, summary: contacts.summary }).from(contacts)).toEqual([{ kind: "message", summary: "Your coat is in, Alicia. Maya" }]);
  });

  it("keeps a text Twilio refused as failed, with Twilio's reason", async () => {
    await consent(true);
    fake.failNext();
    const result = await send();
    expect(result).toEqual({ ok: false, reason: "failed", message: "The text could not be sent: Twilio error 20500: An internal server error has occurred" });
    expect(await db.select({ status: outbox.status, error: outbox.error, providerId: outbox.providerId }).from(outbox)).toEqual([
      { status: "failed", error: "Twilio error 20500: An internal server error has occurred", providerId: null },
    ]);
  });

  it("refuses without SMS consent, without a number, or when SMS is not set up; nothing goes out", async () => {
    expect(await send()).toMatchObject({ ok: false, reason: "no_consent" });
    await consent(true);
    expect(await send({ body: "x".repeat(1601) })).toMatchObject({ ok: false, reason: "failed", message: "Keep the text under 1600 characters: Twilio sends nothing longer." });
    await db.update(customers).set({ phone: null }).where(eq(customers.id, ids.alicia));
    expect(await send()).toMatchObject({ ok: false, reason: "no_number" });
    await db.update(customers).set({ phone: "+12125550143" }).where(eq(customers.id, ids.alicia));
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    expect(await send()).toEqual({ ok: false, reason: "not_set_up", message: "Nothing was sent: text messages are not set up on this server (no SMS provider set up)." });
    expect(await sendSmsToCustomer(db, { customerId: "nobody", storeId: ids.store, staffId: ids.staff, body: "Hi" }, undefined)).toMatchObject({ ok: false });
    expect(fake.requests).toEqual([]);
    expect(await db.select().from(outbox)).toEqual([]);
    expect(await db.select().from(auditLog)).toEqual([]);
  });

  it("answers without consent within 24 hours of the customer's own text, and marks it answered", async () => {
    const question = await incoming("Is the coat still there?", new Date(NOW.getTime() - 23 * HOUR));
    const result = await send({ body: "Yes, until Friday.", inReplyToInboundId: question });
    expect(result).toMatchObject({ ok: true });
    expect(fake.messages.map((m) => m.body)).toEqual(["Yes, until Friday."]);
    expect(await db.select({ status: inboundMessages.status, by: inboundMessages.answeredByStaffId, at: inboundMessages.answeredAt }).from(inboundMessages)).toEqual([
      { status: "answered", by: ids.staff, at: NOW },
    ]);
  });

  it("refuses to answer a text more than 24 hours old, or another customer's, without consent", async () => {
    const old = await incoming("Is the coat still there?", new Date(NOW.getTime() - 25 * HOUR));
    expect(await send({ inReplyToInboundId: old })).toMatchObject({ ok: false, reason: "no_consent" });
    const other = await createCustomer(db, { firstName: "Ben", lastName: "Ode", phone: "+12125550199" });
    const bens = await receiveSms(db, { MessageSid: `SM${"b".repeat(32)}`, From: "+12125550199", To: "+12125550100", Body: "Hello" }, NOW);
    expect(bens).toMatchObject({ stored: true, customerId: other });
    expect(await send({ inReplyToInboundId: bens.stored ? bens.inboundId : "" })).toMatchObject({ ok: false, reason: "not_found" });
    expect(fake.requests).toEqual([]);
  });

  it("refuses once the customer texted STOP, even to answer their text", async () => {
    await consent(true);
    const question = await incoming("Is the coat still there?", new Date(NOW.getTime() - 2 * HOUR));
    await incoming("stop", new Date(NOW.getTime() - HOUR));
    expect((await db.select({ c: customers.consentSms }).from(customers))[0]?.c).toBe(false);
    expect(await send({ inReplyToInboundId: question })).toMatchObject({ ok: false, reason: "no_consent", message: "Nothing was sent: the customer texted STOP." });
    // START gives consent back.
    await incoming("START", new Date(NOW.getTime() - HOUR / 2));
    expect(await send()).toMatchObject({ ok: true });
  });
});

describe("smsKeyword", () => {
  it("reads the whole body, in any case", () => {
    expect(["STOP", " stop ", "Unsubscribe", "quit", "END", "cancel", "StopAll"].map(smsKeyword)).toEqual(Array(7).fill("stop"));
    expect(["start", "UNSTOP", "yes"].map(smsKeyword)).toEqual(["start", "start", "start"]);
    expect(["help", "INFO"].map(smsKeyword)).toEqual(["help", "help"]);
    expect(["please stop", "stop it", "yes please", ""].map(smsKeyword)).toEqual([null, null, null, null]);
  });
});
