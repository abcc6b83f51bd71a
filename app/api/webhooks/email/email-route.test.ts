import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { auditLog, changeFeed, inboundMessages } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStore } from "@/lib/testing/factories";
import { postmarkInboundEmail } from "@/lib/testing/postmark";
import { replyAddress } from "@/lib/email-reply-address";
import { listConversation } from "@/lib/conversations";

// The route runs for real against a test database; only getDb is pointed at it.
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
const route = await import("./route");

const URL = "https://clienteling.example.com/api/webhooks/email";
const USER = "postmark";
const PASSWORD = "inbound-password-0123456789";
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const post = (body: unknown, authorization: string | null = basic(USER, PASSWORD)) =>
  route.POST(
    new Request(URL, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

let db: Db;
let ids: { fifth: string; alicia: string };

beforeEach(async () => {
  vi.stubEnv("AUTH_SECRET", "test-secret-for-reply-tokens-0123456789abcdef");
  vi.stubEnv("INBOUND_EMAIL_DOMAIN", "reply.shop.example");
  vi.stubEnv("INBOUND_EMAIL_WEBHOOK_USER", USER);
  vi.stubEnv("INBOUND_EMAIL_WEBHOOK_PASSWORD", PASSWORD);
  db = await createTestDb();
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: fifth });
  ids = { fifth, alicia };
});
afterEach(() => vi.unstubAllEnvs());

const hers = () => postmarkInboundEmail({ from: "alicia@example.com", to: replyAddress({ customerId: ids.alicia, storeId: ids.fifth })!, text: "I will come on Saturday." });
const nothingKept = async () => {
  expect(await db.select().from(inboundMessages)).toEqual([]);
  expect(await db.select().from(auditLog)).toEqual([]);
  expect(await db.select().from(changeFeed)).toEqual([]);
};

describe("POST /api/webhooks/email", () => {
  it("keeps Postmark's inbound email in her conversation, once however often it is sent", async () => {
    const mail = hers();
    const response = await post(mail);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: true, duplicate: false });
    const again = await post(mail);
    expect(await again.json()).toEqual({ stored: true, duplicate: true });
    expect(await db.select({ body: inboundMessages.body, providerId: inboundMessages.providerId, status: inboundMessages.status }).from(inboundMessages)).toEqual([
      { body: "I will come on Saturday.", providerId: mail.MessageID, status: "waiting" },
    ]);
    expect(await listConversation(db, { customerId: ids.alicia })).toEqual([expect.objectContaining({ channel: "email", direction: "in", waiting: true })]);
    expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: "message.received" }]);
  });

  it("answers 401 without the webhook's user and password, or with wrong ones, and keeps nothing", async () => {
    for (const authorization of [null, basic(USER, "wrong-password-0123456789"), basic("someone", PASSWORD), `Bearer ${PASSWORD}`, "Basic not base64!", basic(USER, "")]) {
      const response = await post(hers(), authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic /);
    }
    await nothingKept();
  });

  it("accepts nothing when the webhook is not set up", async () => {
    vi.stubEnv("INBOUND_EMAIL_WEBHOOK_USER", "");
    vi.stubEnv("INBOUND_EMAIL_WEBHOOK_PASSWORD", "");
    const response = await post(hers());
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatch(/not set up/);
    await nothingKept();
  });

  it("answers 400 with a plain reason for a body that is not Postmark's JSON, and keeps nothing", async () => {
    const notJson = await post("From=alicia@example.com&Subject=hello");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: "The body is not JSON: send Postmark's inbound webhook JSON." });
    const { MessageID: _dropped, ...withoutId } = hers();
    const missing = await post(withoutId);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/^This is not Postmark's inbound webhook JSON\. MessageID: MessageID is required\./);
    const wrongShape = await post({ ...hers(), ToFull: "alicia@example.com" });
    expect(wrongShape.status).toBe(400);
    expect((await wrongShape.json()).error).toMatch(/ToFull must be a list of addresses/);
    expect((await post([])).status).toBe(400);
    await nothingKept();
  });

  it("answers 200 for an email that belongs to no conversation, keeping nothing (Postmark would retry anything else)", async () => {
    const response = await post(postmarkInboundEmail({ from: "stranger@example.net", to: "hello@reply.shop.example", text: "Hi" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: false });
    await nothingKept();
  });
});
