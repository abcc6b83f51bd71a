import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, contacts, customers, inboundMessages, outbox } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { postmarkInboundEmail } from "./testing/postmark";
import { startSmtpCapture, type SmtpCapture } from "./testing/smtp-capture";
import { answerEmail, answerSubject } from "./email-answer";
import { postmarkInboundSchema, receiveEmail } from "./email-inbound";
import { replyAddress } from "./email-reply-address";
import { deliverOutboxMessage, sendLinkToCustomer } from "./customer-links";
import { placeHold } from "./holds";
import { transportFor } from "./transports";

let db: Db;
let smtp: SmtpCapture;
let ids: { fifth: string; oak: string; maya: string; ben: string; alicia: string; inbound: string; messageId: string };
const NOW = new Date("2026-03-02T15:05:00Z");

beforeEach(async () => {
  smtp = await startSmtpCapture();
  vi.stubEnv("AUTH_SECRET", "test-secret-for-reply-tokens-0123456789abcdef");
  vi.stubEnv("INBOUND_EMAIL_DOMAIN", "reply.shop.example");
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(smtp.port));
  vi.stubEnv("SMTP_FROM", "Fifth Avenue <stores@shop.example>");
  db = await createTestDb();
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const oak = (await createStore(db, { name: "Oak Street", phone: "+13125550100" })).id;
  const maya = (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id;
  const ben = (await createStaff(db, { storeId: oak, name: "Ben Ode" })).id;
  // She has not agreed to emails: answering hers needs no consent.
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: fifth });
  const mail = postmarkInboundEmail({ from: "alicia@example.com", to: replyAddress({ customerId: alicia, storeId: fifth })!, subject: "Your coat", text: "Could you keep it until Saturday?", headerMessageId: "<CAF=abc123@mail.gmail.com>" });
  const received = await receiveEmail(db, postmarkInboundSchema.parse(mail), { now: new Date(NOW.getTime() - 3_600_000) });
  if (!received.stored) throw new Error("setup");
  ids = { fifth, oak, maya, ben, alicia, inbound: received.inboundId, messageId: "<CAF=abc123@mail.gmail.com>" };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await smtp.close();
});

const answer = (extra: { storeId?: string; staffId?: string; body?: string } = {}) =>
  answerEmail(db, { inboundId: ids.inbound, customerId: ids.alicia, storeId: extra.storeId ?? ids.fifth, staffId: extra.staffId ?? ids.maya, body: extra.body ?? "Of course, it is yours until Saturday.", now: NOW });
const inboundRow = async () => (await db.select({ status: inboundMessages.status, by: inboundMessages.answeredByStaffId, at: inboundMessages.answeredAt }).from(inboundMessages))[0];

describe("answerEmail", () => {
  it("answers her email through SMTP, threaded under hers, with her conversation's Reply-To, and marks it answered", async () => {
    const result = await answer();
    expect(result).toEqual({ ok: true, outboxId: expect.any(String) });
    expect(smtp.messages).toHaveLength(1);
    const sent = smtp.messages[0]!;
    expect(sent.to).toMatchObject({ value: [{ address: "alicia@example.com" }] });
    expect(sent.from).toMatchObject({ value: [{ address: "stores@shop.example", name: "Fifth Avenue" }] });
    expect(sent.subject).toBe("Re: Your coat");
    expect(sent.inReplyTo).toBe(ids.messageId);
    expect(sent.references).toBe(ids.messageId);
    const replyTo = replyAddress({ customerId: ids.alicia, storeId: ids.fifth })!;
    expect(sent.replyTo).toMatchObject({ value: [{ address: replyTo }] });
    expect(sent.text?.trim()).toBe("Of course, it is yours until Saturday.\n\nMaya, Fifth Avenue");
    expect(await db.select({ id: outbox.id, channel: outbox.channel, recipient: outbox.recipient, subject: outbox.subject, status: outbox.status, transport: outbox.transport, error: outbox.error }).from(outbox)).toEqual([
      { id: result.ok ? result.outboxId : "", channel: "email", recipient: "alicia@example.com", subject: "Re: Your coat", status: "sent", transport: "smtp", error: null },
    ]);
    expect(await inboundRow()).toEqual({ status: "answered", by: ids.maya, at: NOW });
    expect(await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.action, "message.sent"))).toEqual([{ action: "message.sent", detail: { channel: "email", inReplyTo: ids.inbound } }]);
    expect(await db.select({ kind: contacts.kind }).from(contacts)).toEqual([{ kind: "message" }]);
  });

  it("keeps an email the mail server refused as failed with its reason; hers still waits", async () => {
    smtp.refuseNext("Mailbox unavailable");
    const result = await answer();
    expect(result).toMatchObject({ ok: false, reason: "failed", message: expect.stringMatching(/^The email could not be sent: .*Mailbox unavailable/) });
    expect(await db.select({ status: outbox.status, error: outbox.error }).from(outbox)).toEqual([{ status: "failed", error: expect.stringContaining("Mailbox unavailable") }]);
    expect(await inboundRow()).toEqual({ status: "waiting", by: null, at: null });
  });

  it("says plainly when email is not set up, and records nothing as sent", async () => {
    vi.stubEnv("SMTP_HOST", "");
    expect(await answer()).toEqual({ ok: false, reason: "not_set_up", message: "Email is not set up on this server, so nothing was sent." });
    expect(await db.select().from(outbox)).toEqual([]);
    expect(smtp.messages).toEqual([]);
    expect((await inboundRow())?.status).toBe("waiting");
  });

  it("lets only the store she wrote to answer, and keeps to the store's daily limit", async () => {
    expect(await answer({ storeId: ids.oak, staffId: ids.ben })).toMatchObject({ ok: false, reason: "not_found" });
    vi.stubEnv("STORE_DAILY_SEND_LIMIT", "1");
    expect(await answer()).toMatchObject({ ok: true });
    expect(await answer()).toMatchObject({ ok: false, reason: "over_daily_limit" });
    expect(smtp.messages).toHaveLength(1);
  });

  it("writes Re: once", () => {
    expect(answerSubject("Re: Your coat", "Fifth Avenue")).toBe("Re: Your coat");
    expect(answerSubject("", "Fifth Avenue")).toBe("Re: your email to Fifth Avenue");
  });
});

describe("every email to a customer", () => {
  it("carries her conversation's Reply-To, and none when replies by email are not connected", async () => {
    await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, ids.alicia));
    const { variantId } = await createVariantInStock(db, { storeId: ids.fifth, onHand: 2 });
    const sendLink = async () => {
      const hold = await placeHold(db, { customerId: ids.alicia, variantId, storeId: ids.fifth, staffId: ids.maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: crypto.randomUUID() });
      if (!hold.ok) throw new Error("setup");
      const sent = await sendLinkToCustomer(db, { customerId: ids.alicia, holdIds: [hold.holdId], channel: "email", message: "It is ready.", staffId: ids.maya, storeId: ids.fifth, baseUrl: "https://shop.example", transport: "smtp" });
      if (!sent.ok) throw new Error("setup");
      expect(await deliverOutboxMessage(db, { outboxId: sent.outboxId, transport: transportFor("email"), link: sent.url })).toEqual({ ok: true, status: "sent" });
    };
    await sendLink();
    expect(smtp.messages[0]!.replyTo).toMatchObject({ value: [{ address: replyAddress({ customerId: ids.alicia, storeId: ids.fifth })! }] });
    expect(smtp.messages[0]!.inReplyTo).toBeUndefined();
    vi.stubEnv("INBOUND_EMAIL_DOMAIN", "");
    await sendLink();
    expect(smtp.messages[1]!.replyTo).toBeUndefined();
    // No token or private link is in the raw mail but the reply address itself.
    expect(smtp.raw[1]).not.toMatch(/reply\+/);
  });
});
