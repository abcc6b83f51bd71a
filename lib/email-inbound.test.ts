import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { auditLog, changeFeed, inboundMessages } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStore } from "./testing/factories";
import { postmarkInboundEmail } from "./testing/postmark";
import { emailReplyText, postmarkInboundSchema, receiveEmail } from "./email-inbound";
import { replyAddress } from "./email-reply-address";
import { listConversation } from "./conversations";

const ENV = { AUTH_SECRET: "test-secret-for-reply-tokens-0123456789abcdef", INBOUND_EMAIL_DOMAIN: "reply.shop.example" };
const NOW = new Date("2026-03-02T15:05:00Z");
let db: Db;
let ids: { fifth: string; oak: string; alicia: string };

beforeEach(async () => {
  db = await createTestDb();
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const oak = (await createStore(db, { name: "Oak Street", phone: "+13125550100" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: oak });
  ids = { fifth, oak, alicia };
});
afterEach(() => vi.unstubAllEnvs());

const receive = (mail: ReturnType<typeof postmarkInboundEmail>, env: Record<string, string> = ENV) => receiveEmail(db, postmarkInboundSchema.parse(mail), { now: NOW, env });

describe("receiveEmail", () => {
  it("keeps her answer in the conversation its reply address names, waiting, audited and announced", async () => {
    const to = replyAddress({ customerId: ids.alicia, storeId: ids.fifth }, ENV)!;
    const mail = postmarkInboundEmail({ from: "Alicia@Example.com", to, text: "Lovely, I will come on Saturday.", subject: "Re: Your coat" });
    expect(await receive(mail)).toEqual({ stored: true, duplicate: false, inboundId: expect.any(String), customerId: ids.alicia, matchedBy: "reply_address" });
    expect(await db.select().from(inboundMessages)).toEqual([
      expect.objectContaining({
        customerId: ids.alicia,
        storeId: ids.fifth,
        channel: "email",
        sender: "alicia@example.com",
        body: "Lovely, I will come on Saturday.",
        subject: "Re: Your coat",
        emailMessageId: `<${mail.MessageID}@mail.example.com>`,
        providerId: mail.MessageID,
        status: "waiting",
      }),
    ]);
    expect(await db.select({ action: auditLog.action, customerId: auditLog.customerId, storeId: auditLog.storeId, detail: auditLog.detail }).from(auditLog)).toEqual([
      { action: "message.received", customerId: ids.alicia, storeId: ids.fifth, detail: { channel: "email", matchedBy: "reply_address", attachments: 0, automatic: false } },
    ]);
    expect(await db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed)).toEqual([{ kind: "response", customerId: ids.alicia, storeId: ids.fifth }]);
    const thread = await listConversation(db, { customerId: ids.alicia });
    expect(thread).toEqual([expect.objectContaining({ direction: "in", channel: "email", body: "Lovely, I will come on Saturday.", waiting: true, source: { kind: "inbound", id: expect.any(String) } })]);
  });

  it("keeps a delivery Postmark sends twice once", async () => {
    const mail = postmarkInboundEmail({ from: "alicia@example.com", to: replyAddress({ customerId: ids.alicia, storeId: ids.fifth }, ENV)!, text: "See you then." });
    const first = await receive(mail);
    const second = await receive(mail);
    expect(second).toEqual({ stored: true, duplicate: true, inboundId: first.stored ? first.inboundId : "", customerId: ids.alicia, matchedBy: "reply_address" });
    expect(await db.select().from(inboundMessages)).toHaveLength(1);
    expect(await db.select().from(auditLog)).toHaveLength(1);
  });

  it("finds the reply address among Cc too, and in any case", async () => {
    const to = replyAddress({ customerId: ids.alicia, storeId: ids.fifth }, ENV)!;
    await receive(postmarkInboundEmail({ from: "alicia@example.com", to: "friend@example.org", cc: [to.toUpperCase()], text: "Copying you in." }));
    expect(await db.select({ storeId: inboundMessages.storeId, customerId: inboundMessages.customerId }).from(inboundMessages)).toEqual([{ storeId: ids.fifth, customerId: ids.alicia }]);
  });

  it("without a valid token, keeps it at her home store only when the sender is one customer's email", async () => {
    const to = replyAddress({ customerId: ids.alicia, storeId: ids.fifth }, ENV)!;
    const tampered = to.replace(/\+(.)/, (_m, c: string) => `+${c === "a" ? "b" : "a"}`);
    expect(await receive(postmarkInboundEmail({ from: "alicia@example.com", to: tampered, text: "Changed letter." }))).toMatchObject({ stored: true, matchedBy: "sender", customerId: ids.alicia });
    expect(await db.select({ storeId: inboundMessages.storeId }).from(inboundMessages)).toEqual([{ storeId: ids.oak }]);
    // A stranger writing to a forged address: nothing is kept.
    expect(await receive(postmarkInboundEmail({ from: "stranger@example.net", to: tampered, text: "Hello?" }))).toEqual({ stored: false, why: "no_conversation" });
    // Replies not connected (no domain): only the sender can place it.
    expect(await receive(postmarkInboundEmail({ from: "stranger@example.net", to, text: "Hello?" }), { AUTH_SECRET: ENV.AUTH_SECRET })).toEqual({ stored: false, why: "no_conversation" });
    // A customer with no home store: nothing says which store's conversation, so nothing is kept.
    await createCustomer(db, { firstName: "Walk", lastName: "In", email: "walk-in@example.com" });
    expect(await receive(postmarkInboundEmail({ from: "walk-in@example.com", to: "store@shop.example", text: "Which store am I?" }))).toEqual({ stored: false, why: "no_conversation" });
    expect(await db.select().from(inboundMessages)).toHaveLength(1);
  });
});

describe("automatic answers", () => {
  it("keeps an out-of-office answer in the thread without asking staff to answer it", async () => {
    const mail = postmarkInboundEmail({ from: "alicia@example.com", to: replyAddress({ customerId: ids.alicia, storeId: ids.fifth }, ENV)!, text: "I am away until Monday." });
    mail.Headers.push({ Name: "Auto-Submitted", Value: "auto-replied" });
    await receive(mail);
    expect(await db.select({ status: inboundMessages.status }).from(inboundMessages)).toEqual([{ status: "dismissed" }]);
    expect(await listConversation(db, { customerId: ids.alicia })).toEqual([expect.objectContaining({ body: "I am away until Monday.", waiting: false })]);
  });
});

describe("emailReplyText", () => {
  it("keeps what she wrote and drops the history her mail app quoted", () => {
    const mail = postmarkInboundEmail({ from: "a@example.com", to: "b@example.com", text: "Yes please.\nThe blue one.", strippedReply: false });
    expect(emailReplyText(postmarkInboundSchema.parse(mail))).toBe("Yes please.\nThe blue one.");
    expect(emailReplyText({ StrippedTextReply: "", TextBody: "Thanks!\n\n-----Original Message-----\nFrom: Store\nYour coat", HtmlBody: "" })).toBe("Thanks!");
    expect(emailReplyText({ StrippedTextReply: "", TextBody: "Thanks!\n\nOn Mon, Mar 2, 2026 at 10:00 AM Fifth Avenue\n<stores@shop.example> wrote:\n> Your coat", HtmlBody: "" })).toBe("Thanks!");
    expect(emailReplyText({ StrippedTextReply: "", TextBody: "", HtmlBody: "<p>Hello &amp; thanks</p><blockquote>old</blockquote>" })).toBe("Hello & thanks");
  });
});
