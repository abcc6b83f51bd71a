import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { inboundMessages, outbox } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { postmarkInboundEmail } from "@/lib/testing/postmark";
import { startSmtpCapture, type SmtpCapture } from "@/lib/testing/smtp-capture";
import { postmarkInboundSchema, receiveEmail } from "@/lib/email-inbound";
import { replyAddress } from "@/lib/email-reply-address";

// Answering a customer's email from her profile, for real: session,
// validation, database and an SMTP server on 127.0.0.1.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.local:3000" }) }));

const { answerEmailAction } = await import("./link-actions");

let db: Db;
let smtp: SmtpCapture;
let ids: { maya: string; ben: string; alicia: string; inbound: string };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

beforeEach(async () => {
  smtp = await startSmtpCapture();
  vi.stubEnv("AUTH_SECRET", "test-secret-for-reply-tokens-0123456789abcdef");
  vi.stubEnv("INBOUND_EMAIL_DOMAIN", "reply.shop.example");
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(smtp.port));
  db = await createTestDb();
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const oak = (await createStore(db, { name: "Oak Street", phone: "+13125550100" })).id;
  const maya = (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id;
  const ben = (await createStaff(db, { storeId: oak, name: "Ben Ode" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F", email: "alicia@example.com", homeStoreId: fifth });
  const received = await receiveEmail(db, postmarkInboundSchema.parse(postmarkInboundEmail({ from: "alicia@example.com", to: replyAddress({ customerId: alicia, storeId: fifth })!, text: "Is it still there?" })));
  if (!received.stored) throw new Error("setup");
  ids = { maya, ben, alicia, inbound: received.inboundId };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  testSession.current = null;
  await smtp.close();
});

describe("answerEmailAction", () => {
  it("refuses without a session, with bad input, and for another store's staff; nothing is sent", async () => {
    const fields = { customerId: ids.alicia, inReplyTo: ids.inbound, body: "Yes, it is." };
    expect(await answerEmailAction({}, form(fields))).toEqual({ message: expect.stringMatching(/session has ended/) });
    testSession.current = { user: { id: ids.maya } };
    expect((await answerEmailAction({}, form({ ...fields, body: "  " }))).fieldErrors?.body).toEqual(["Write the answer first."]);
    testSession.current = { user: { id: ids.ben } };
    expect(await answerEmailAction({}, form(fields))).toEqual({ message: "That email was not sent to your store, or it no longer exists." });
    expect(smtp.messages).toEqual([]);
    expect(await db.select().from(outbox)).toEqual([]);
  });

  it("sends her the answer and says so", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect(await answerEmailAction({}, form({ customerId: ids.alicia, inReplyTo: ids.inbound, body: "Yes, it is." }))).toEqual({ ok: true, message: "Email sent. Her answer comes back to this conversation." });
    expect(smtp.messages.map((m) => m.subject)).toEqual(["Re: Alicia, we have set something aside for you"]);
    expect(await db.select({ status: inboundMessages.status }).from(inboundMessages)).toEqual([{ status: "answered" }]);
  });
});
