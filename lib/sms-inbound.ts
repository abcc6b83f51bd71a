import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { auditLog, customers, inboundMessages, outbox, stores, type OutboxStatus } from "@/db/schema";
import { recordChanges } from "./change-feed";
import { normalisePhone } from "./contact-normalise";
import { describeTwilioError } from "./providers/twilio";
import { smsKeyword } from "./sms";

const messageSid = z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid must be a Twilio message SID (SM or MM and 32 hex digits).");

/** A status callback's form, as Twilio posts it (only what is read here). */
export const statusCallbackSchema = z.object({
  MessageSid: messageSid,
  MessageStatus: z.enum(["accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read", "canceled", "receiving", "received", "partially_delivered"], {
    message: "MessageStatus must be one of Twilio's message statuses.",
  }),
  ErrorCode: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^\d{1,6}$/, "ErrorCode must be a Twilio error code.").optional()),
});
export type StatusCallback = z.output<typeof statusCallbackSchema>;

/** An incoming SMS's form (only what is read here). */
export const incomingSmsSchema = z.object({
  MessageSid: messageSid,
  From: z.string().min(1, "From is required.").max(64),
  To: z.string().min(1, "To is required.").max(64),
  Body: z.string().max(10_000, "Body is over 10,000 characters.").default(""),
});
export type IncomingSms = z.output<typeof incomingSmsSchema>;

// Where each Twilio status leaves an outbox row, and which rows it may move:
// callbacks can arrive out of order, and a message never goes back.
const MOVES: Partial<Record<StatusCallback["MessageStatus"], { to: OutboxStatus; from: OutboxStatus[] }>> = {
  sent: { to: "sent", from: ["queued"] },
  delivered: { to: "delivered", from: ["queued", "sent"] },
  read: { to: "delivered", from: ["queued", "sent"] },
  partially_delivered: { to: "delivered", from: ["queued", "sent"] },
  undelivered: { to: "failed", from: ["queued", "sent"] },
  failed: { to: "failed", from: ["queued", "sent"] },
  canceled: { to: "failed", from: ["queued", "sent"] },
};

/**
 * Moves the outbox row Twilio names (by its SID) to what Twilio reports: sent,
 * delivered, or failed with "Twilio error <code>" and a plain reason. An
 * unknown SID, or a status that would move a message back, changes nothing.
 */
export async function recordSmsStatus(db: Db, callback: StatusCallback, now = new Date()): Promise<{ updated: boolean }> {
  const move = MOVES[callback.MessageStatus];
  if (!move) return { updated: false };
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(outbox)
      .set({ status: move.to, statusAt: now, error: move.to === "failed" ? describeTwilioError(callback.ErrorCode) : null })
      .where(and(eq(outbox.transport, "twilio"), eq(outbox.providerId, callback.MessageSid), inArray(outbox.status, move.from)))
      .returning({ customerId: outbox.customerId, storeId: outbox.storeId });
    if (!changed.length) return { updated: false };
    await recordChanges(tx, changed.map((row) => ({ kind: "response" as const, customerId: row.customerId, storeId: row.storeId })), now);
    return { updated: true };
  });
}

export type ReceivedSms = { stored: false; reply: null } | { stored: true; duplicate: boolean; inboundId: string; customerId: string | null; reply: string | null };

/**
 * Keeps a text a customer sent to a store's number. The store is the one
 * whose phone is `To` (another number: nothing is kept); the customer is the
 * one with the `From` number (several: the one whose home store this is,
 * else the newest), or none. A repeated MessageSid is kept once.
 *
 * STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT withdraw SMS consent,
 * START, UNSTOP and YES give it back, HELP and INFO ask who we are; those are
 * answered here (the reply is returned for TwiML) and need nothing from staff.
 */
export async function receiveSms(db: Db, sms: IncomingSms, now = new Date()): Promise<ReceivedSms> {
  const to = normalisePhone(sms.To);
  const from = normalisePhone(sms.From) ?? sms.From.trim();
  if (!to) return { stored: false, reply: null };
  const allStores = await db.select({ id: stores.id, name: stores.name, phone: stores.phone }).from(stores);
  const store = allStores.find((s) => normalisePhone(s.phone) === to);
  if (!store) return { stored: false, reply: null };
  const keyword = smsKeyword(sms.Body);
  const reply =
    keyword === "stop"
      ? `You will get no more texts from ${store.name}. Reply START to opt back in.`
      : keyword === "start"
        ? `You will get texts from ${store.name} again. Reply STOP to opt out.`
        : keyword === "help"
          ? `${store.name}: call us on ${store.phone}. Reply STOP to opt out.`
          : null;

  return db.transaction(async (tx): Promise<ReceivedSms> => {
    const matches = await tx
      .select({ id: customers.id, homeStoreId: customers.homeStoreId, consentSms: customers.consentSms })
      .from(customers)
      .where(eq(customers.phone, from))
      .orderBy(desc(customers.createdAt), desc(customers.id))
      .limit(20);
    const customer = matches.find((c) => c.homeStoreId === store.id) ?? matches[0] ?? null;
    const inboundId = randomUUID();
    const inserted = await tx
      .insert(inboundMessages)
      .values({
        id: inboundId,
        customerId: customer?.id ?? null,
        storeId: store.id,
        channel: "sms",
        sender: from,
        body: sms.Body,
        providerId: sms.MessageSid,
        status: keyword ? "answered" : "waiting",
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: inboundMessages.id });
    if (!inserted.length) {
      const [kept] = await tx
        .select({ id: inboundMessages.id, customerId: inboundMessages.customerId })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channel, "sms"), eq(inboundMessages.providerId, sms.MessageSid)))
        .limit(1);
      return { stored: true, duplicate: true, inboundId: kept?.id ?? inboundId, customerId: kept?.customerId ?? null, reply };
    }
    const audit = { at: now, staffId: null, storeId: store.id, customerId: customer?.id ?? null };
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), ...audit, action: "message.received", targetType: "message", targetId: inboundId, detail: { channel: "sms", keyword } });
    if (customer && (keyword === "stop" || keyword === "start")) {
      const consentSms = keyword === "start";
      if (customer.consentSms !== consentSms) {
        await tx.update(customers).set({ consentSms }).where(eq(customers.id, customer.id));
        await tx.insert(auditLog).values({
          id: randomUUID(),
          ...audit,
          action: consentSms ? "customer.consent_given" : "customer.consent_withdrawn",
          targetType: "customer",
          targetId: customer.id,
          detail: { channel: "sms", by: "sms" },
        });
      }
    }
    await recordChanges(tx, [{ kind: "response", customerId: customer?.id ?? null, storeId: store.id }], now);
    return { stored: true, duplicate: false, inboundId, customerId: customer?.id ?? null, reply };
  });
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** TwiML that answers with one text, or an empty <Response/> (nothing sent back). */
export function twiml(reply: string | null): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  return reply ? `${head}<Response><Message>${reply.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)}</Message></Response>` : `${head}<Response/>`;
}
