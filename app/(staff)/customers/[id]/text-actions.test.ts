import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customers, inboundMessages, outbox } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, startFakeTwilio, type FakeTwilio } from "@/lib/testing/fake-twilio";

// Texting a customer from her profile, for real: session, validation,
// database and a Twilio on 127.0.0.1 that records what it was sent.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.local:3000" }) }));

const { sendTextAction } = await import("./link-actions");

let db: Db;
let fake: FakeTwilio;
let ids: { maya: string; alicia: string; store: string };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

beforeEach(async () => {
  fake = await startFakeTwilio();
  vi.stubEnv("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID);
  vi.stubEnv("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN);
  vi.stubEnv("TWILIO_BASE_URL", fake.url);
  vi.stubEnv("PUBLIC_URL", "https://clienteling.example.com");
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue", phone: "+12125550100" });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F", phone: "+12125550143" });
  ids = { maya, alicia, store: store.id };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  testSession.current = null;
  await fake.close();
});

describe("sendTextAction", () => {
  it("refuses a caller without a session and bad input, sending and writing nothing", async () => {
    expect(await sendTextAction({}, form({ customerId: ids.alicia, body: "Hello" }))).toEqual({ message: expect.stringMatching(/session has ended/) });
    testSession.current = { user: { id: ids.maya } };
    const empty = await sendTextAction({}, form({ customerId: ids.alicia, body: "   " }));
    expect(empty.fieldErrors?.body).toEqual(["Write the message first."]);
    expect(fake.messages).toEqual([]);
    expect(await db.select().from(outbox)).toEqual([]);
  });

  it("texts her from the store's number when she agreed to texts, and says plainly when she did not", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect(await sendTextAction({}, form({ customerId: ids.alicia, body: "The coat is in." }))).toEqual({ message: "Nothing was sent: the customer has not agreed to text messages." });
    expect(fake.messages).toEqual([]);

    await db.update(customers).set({ consentSms: true }).where(eq(customers.id, ids.alicia));
    expect(await sendTextAction({}, form({ customerId: ids.alicia, body: "The coat is in." }))).toEqual({ ok: true, message: "Text sent from the store's number." });
    expect(fake.messages).toEqual([expect.objectContaining({ to: "+12125550143", from: "+12125550100", body: "The coat is in." })]);
    expect(fake.requests[0]!.authorization).toBe(`Basic ${Buffer.from(`${FAKE_TWILIO_ACCOUNT_SID}:${FAKE_TWILIO_AUTH_TOKEN}`).toString("base64")}`);
  });

  it("answers her own text within a day without consent, and marks it answered", async () => {
    testSession.current = { user: { id: ids.maya } };
    await db.insert(inboundMessages).values({ id: "in1", customerId: ids.alicia, storeId: ids.store, channel: "sms", sender: "+12125550143", body: "Hold it until Friday?", providerId: "SM1", status: "waiting", receivedAt: new Date(Date.now() - 3_600_000) });
    expect(await sendTextAction({}, form({ customerId: ids.alicia, inReplyTo: "in1", body: "Held until Friday." }))).toMatchObject({ ok: true });
    expect(fake.messages.map((m) => m.body)).toEqual(["Held until Friday."]);
    const [answered] = await db.select({ status: inboundMessages.status, by: inboundMessages.answeredByStaffId }).from(inboundMessages);
    expect(answered).toEqual({ status: "answered", by: ids.maya });
  });
});
