import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, changeFeed, customers, inboundMessages, outbox } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, incomingSmsParams, signedTwilioRequest, startFakeTwilio, statusCallbackParams, twilioSid, type FakeTwilio } from "@/lib/testing/fake-twilio";
import { sendSmsToCustomer } from "@/lib/sms";

// The route handlers run for real against a test database; only getDb is pointed at it.
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const statusRoute = await import("./status/route");
const smsRoute = await import("./sms/route");

const BASE = "https://clienteling.example.com";
const STATUS_URL = `${BASE}/api/webhooks/twilio/status`;
const SMS_URL = `${BASE}/api/webhooks/twilio/sms`;

let db: Db;
let fake: FakeTwilio;
let ids: { fifth: string; oak: string; staff: string; alicia: string };

beforeEach(async () => {
  fake = await startFakeTwilio();
  vi.stubEnv("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID);
  vi.stubEnv("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN);
  vi.stubEnv("TWILIO_BASE_URL", fake.url);
  vi.stubEnv("PUBLIC_URL", BASE);
  db = await createTestDb();
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue", phone: "+12125550100" })).id;
  const oak = (await createStore(db, { name: "Oak Street", phone: "+13125550100" })).id;
  const staff = (await createStaff(db, { storeId: fifth })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", phone: "+12125550143", homeStoreId: fifth });
  await db.update(customers).set({ consentSms: true }).where(eq(customers.id, alicia));
  ids = { fifth, oak, staff, alicia };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

/** Sends Alicia a text through the fake Twilio; returns its SID. */
async function sentText() {
  const sent = await sendSmsToCustomer(db, { customerId: ids.alicia, storeId: ids.fifth, staffId: ids.staff, body: "Your coat is in." });
  if (!sent.ok) throw new Error(sent.message);
  return fake.messages[0]!.sid;
}
const postStatus = (params: Record<string, string>, signature?: string) => statusRoute.POST(signedTwilioRequest(STATUS_URL, params, FAKE_TWILIO_AUTH_TOKEN, signature));
const status = (sid: string, messageStatus: string, errorCode?: string) =>
  statusCallbackParams({ accountSid: FAKE_TWILIO_ACCOUNT_SID, sid, from: "+12125550100", to: "+12125550143", status: messageStatus, errorCode });
const outboxRow = async () => (await db.select({ status: outbox.status, error: outbox.error }).from(outbox))[0];
const postSms = (params: Record<string, string>, signature?: string) => smsRoute.POST(signedTwilioRequest(SMS_URL, params, FAKE_TWILIO_AUTH_TOKEN, signature));
const text = (body: string, from = "+12125550143", to = "+12125550100", sid?: string) => incomingSmsParams({ accountSid: FAKE_TWILIO_ACCOUNT_SID, from, to, body, sid });

describe("POST /api/webhooks/twilio/status", () => {
  it("marks the message delivered, and tells open pages", async () => {
    const sid = await sentText();
    expect(fake.messages[0]!.statusCallback).toBe(STATUS_URL);
    const feedBefore = (await db.select().from(changeFeed)).length;
    const response = await postStatus(status(sid, "delivered"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ updated: true });
    expect(await outboxRow()).toEqual({ status: "delivered", error: null });
    expect((await db.select().from(changeFeed)).length).toBe(feedBefore + 1);
    // A late "sent" does not move it back.
    await postStatus(status(sid, "sent"));
    expect(await outboxRow()).toEqual({ status: "delivered", error: null });
  });

  it("marks it failed with Twilio's code and a plain reason", async () => {
    const sid = await sentText();
    expect((await postStatus(status(sid, "undelivered", "30003"))).status).toBe(200);
    expect(await outboxRow()).toEqual({ status: "failed", error: "Twilio error 30003 (the phone is off or out of reach)" });
  });

  it("answers 200 for a SID it never sent, changing nothing", async () => {
    await sentText();
    const response = await postStatus(status(twilioSid("SM"), "delivered"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ updated: false });
    expect(await outboxRow()).toEqual({ status: "queued", error: null });
  });

  it("refuses a bad or missing signature with 403, and bad input with 400; nothing changes", async () => {
    const sid = await sentText();
    expect((await postStatus(status(sid, "delivered"), "bm90IGEgc2lnbmF0dXJl")).status).toBe(403);
    const unsigned = signedTwilioRequest(STATUS_URL, status(sid, "delivered"), FAKE_TWILIO_AUTH_TOKEN);
    unsigned.headers.delete("x-twilio-signature");
    expect((await statusRoute.POST(unsigned)).status).toBe(403);
    // Signed for another URL: Twilio signs the exact address it posts to.
    const elsewhere = signedTwilioRequest(`${BASE}/api/webhooks/twilio/sms`, status(sid, "delivered"), FAKE_TWILIO_AUTH_TOKEN);
    expect((await statusRoute.POST(new Request(STATUS_URL, { method: "POST", headers: elsewhere.headers, body: await elsewhere.text() }))).status).toBe(403);
    const bad = await postStatus({ ...status(sid, "delivered"), MessageStatus: "exploded" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "MessageStatus must be one of Twilio's message statuses." });
    expect(await outboxRow()).toEqual({ status: "queued", error: null });
  });

  it("accepts nothing when SMS is not set up", async () => {
    const sid = await sentText();
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    expect((await postStatus(status(sid, "delivered"))).status).toBe(503);
    expect(await outboxRow()).toEqual({ status: "queued", error: null });
  });
});

describe("POST /api/webhooks/twilio/sms", () => {
  it("keeps a customer's text once, waiting for staff, and answers with an empty TwiML response", async () => {
    const params = text("Is the coat still there?");
    const first = await postSms(params);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await first.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await postSms(params)).status).toBe(200);
    expect(await db.select({ customerId: inboundMessages.customerId, storeId: inboundMessages.storeId, sender: inboundMessages.sender, body: inboundMessages.body, status: inboundMessages.status, providerId: inboundMessages.providerId }).from(inboundMessages)).toEqual([
      { customerId: ids.alicia, storeId: ids.fifth, sender: "+12125550143", body: "Is the coat still there?", status: "waiting", providerId: params.MessageSid },
    ]);
    expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: "message.received" }]);
    expect(await db.select({ customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed)).toContainEqual({ customerId: ids.alicia, storeId: ids.fifth });
  });

  it("keeps a text from an unknown number without a customer; one to a number that is no store's is not kept", async () => {
    expect((await postSms(text("Hi, is this the store?", "+16465550111"))).status).toBe(200);
    expect(await db.select({ customerId: inboundMessages.customerId, sender: inboundMessages.sender }).from(inboundMessages)).toEqual([{ customerId: null, sender: "+16465550111" }]);
    const elsewhere = await postSms(text("Hello?", "+12125550143", "+14155550100"));
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await db.select().from(inboundMessages)).length).toBe(1);
  });

  it("finds, among customers sharing a number, the one whose home store was texted", async () => {
    const oakAlicia = await createCustomer(db, { firstName: "Alicia", lastName: "Oak", phone: "+12125550143", homeStoreId: ids.oak });
    await postSms(text("Hello Oak Street", "+12125550143", "+13125550100"));
    expect((await db.select({ c: inboundMessages.customerId }).from(inboundMessages))[0]?.c).toBe(oakAlicia);
  });

  it("STOP withdraws SMS consent and confirms; START gives it back; HELP names the store", async () => {
    const stop = await postSms(text("  Stop "));
    expect(await stop.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>You will get no more texts from Fifth Avenue. Reply START to opt back in.</Message></Response>');
    expect((await db.select({ c: customers.consentSms }).from(customers).where(eq(customers.id, ids.alicia)))[0]?.c).toBe(false);
    const withdrawn = await db.select({ detail: auditLog.detail }).from(auditLog).where(eq(auditLog.action, "customer.consent_withdrawn"));
    expect(withdrawn).toEqual([{ detail: { channel: "sms", by: "sms" } }]);
    expect((await db.select({ s: inboundMessages.status }).from(inboundMessages))[0]?.s).toBe("answered");
    expect(await sendSmsToCustomer(db, { customerId: ids.alicia, storeId: ids.fifth, staffId: ids.staff, body: "Hi" })).toMatchObject({ ok: false, reason: "no_consent" });

    const start = await postSms(text("start"));
    expect(await start.text()).toContain("<Message>You will get texts from Fifth Avenue again. Reply STOP to opt out.</Message>");
    expect((await db.select({ c: customers.consentSms }).from(customers).where(eq(customers.id, ids.alicia)))[0]?.c).toBe(true);

    const help = await postSms(text("HELP"));
    expect(await help.text()).toContain("<Message>Fifth Avenue: call us on +12125550100. Reply STOP to opt out.</Message>");
    expect((await db.select({ c: customers.consentSms }).from(customers).where(eq(customers.id, ids.alicia)))[0]?.c).toBe(true);
    expect((await db.select().from(inboundMessages)).map((m) => m.status)).toEqual(["answered", "answered", "answered"]);
  });

  it("refuses a bad signature with 403 and keeps nothing", async () => {
    const response = await postSms(text("STOP"), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    expect(response.status).toBe(403);
    expect(await db.select().from(inboundMessages)).toEqual([]);
    expect((await db.select({ c: customers.consentSms }).from(customers))[0]?.c).toBe(true);
    const missing = await postSms({ ...text("Hi"), MessageSid: "" });
    expect(missing.status).toBe(400);
    expect(await db.select().from(inboundMessages)).toEqual([]);
  });
});
