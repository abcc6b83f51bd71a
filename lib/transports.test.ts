import { beforeEach, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import type { Db } from "@/db";
import { customerLinks, outbox } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { placeHold } from "./holds";
import { deliverOutboxMessage, sendLinkToCustomer } from "./customer-links";
import { channelSetUp, smtpTransport, transportFor, type MessageTransport } from "./transports";
import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";

let db: Db;
let outboxId: string;
let link: string;

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db);
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
  const hold = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: "k" });
  if (!hold.ok) throw new Error("setup");
  const sent = await sendLinkToCustomer(db, { customerId, holdIds: [hold.holdId], channel: "email", message: "it is ready.", staffId, storeId: store.id, baseUrl: "https://shop.example", transport: "smtp" });
  if (!sent.ok) throw new Error("setup");
  outboxId = sent.outboxId;
  link = sent.url;
});

describe("transports", () => {
  it("records only, unless SMTP is configured for email", () => {
    expect(transportFor("email", {}).name).toBe("record");
    expect(transportFor("sms", { SMTP_HOST: "mail.example" }).name).toBe("record");
    expect(transportFor("email", { SMTP_HOST: "mail.example" }).name).toBe("smtp");
  });

  it("sends SMS through Twilio only when both its SID and token are set, and says so otherwise", () => {
    const sid = `AC${"a".repeat(32)}`;
    expect(channelSetUp("sms", {})).toEqual({ ok: false, why: "no SMS provider set up" });
    expect(channelSetUp("sms", { TWILIO_ACCOUNT_SID: sid })).toEqual({ ok: false, why: "no SMS provider set up" });
    expect(channelSetUp("sms", { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t".repeat(32) })).toEqual({ ok: true });
    expect(transportFor("sms", { TWILIO_ACCOUNT_SID: sid }).name).toBe("record");
    expect(transportFor("sms", { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t".repeat(32) }).name).toBe("twilio");
    expect(transportFor("email", { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t".repeat(32) }).name).toBe("record");
  });

  it("hands a queued email to nodemailer and marks it sent", async () => {
    expect((await db.select({ s: outbox.status }).from(outbox))[0]?.s).toBe("queued");
    const mailer = nodemailer.createTransport({ jsonTransport: true });
    const sentMail: string[] = [];
    const wrapped: MessageTransport = { name: "smtp", send: async (m) => { const info = await mailer.sendMail({ from: "store@shop.example", to: m.recipient, subject: m.subject ?? undefined, text: m.body }); sentMail.push(String(info.message)); } };
    expect(await deliverOutboxMessage(db, { outboxId, transport: wrapped, link })).toEqual({ ok: true, status: "sent" });
    expect(JSON.parse(sentMail[0]!)).toMatchObject({ to: [{ address: "alicia@example.com" }], subject: "Alicia, we have set something aside for you", text: expect.stringContaining(`See what is waiting for you: ${link}\n\n`) });
    expect((await db.select({ s: outbox.status }).from(outbox))[0]?.s).toBe("sent");
  });

  it("keeps a failed email with its reason; its link, not kept, is turned off", async () => {
    const failing = smtpTransport(nodemailer.createTransport({ host: "127.0.0.1", port: 9, connectionTimeout: 500, greetingTimeout: 500 }), "store@shop.example");
    const result = await deliverOutboxMessage(db, { outboxId, transport: failing, link });
    expect(result.ok).toBe(false);
    expect((await db.select({ s: outbox.status, e: outbox.error }).from(outbox))[0]).toMatchObject({ s: "failed", e: expect.any(String) });
    expect((await db.select({ r: customerLinks.revokedAt }).from(customerLinks))[0]?.r).toBeInstanceOf(Date);
  });
});
