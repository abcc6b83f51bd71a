import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gte } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, inboundMessages, outbox, stores } from "@/db/schema";
import { recordContact } from "./contacts";
import { recordChanges } from "./change-feed";
import { deliverOutboxMessage } from "./customer-links";
import { channelSetUp, transportFor, type MessageTransport } from "./transports";
import { withinDailySendLimit } from "./send-limits";

/** Twilio refuses longer bodies (error 21617). */
export const MAX_SMS_LENGTH = 1600;

/** How long after a customer texts us staff may answer without SMS consent. */
export const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Texts that withdraw or give back SMS consent, or ask for help (whole body, any case), as carriers and Twilio treat them. */
export const STOP_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"] as const;
export const START_WORDS = ["START", "UNSTOP", "YES"] as const;
export const HELP_WORDS = ["HELP", "INFO"] as const;

export type SmsKeyword = "stop" | "start" | "help";

/** The keyword a text is, or null: the whole body, trimmed, in any case ("stop" is, "please stop" is not). */
export function smsKeyword(body: string): SmsKeyword | null {
  const word = body.trim().toUpperCase();
  if ((STOP_WORDS as readonly string[]).includes(word)) return "stop";
  if ((START_WORDS as readonly string[]).includes(word)) return "start";
  if ((HELP_WORDS as readonly string[]).includes(word)) return "help";
  return null;
}

export type SendSmsResult =
  | { ok: true; outboxId: string; status: "queued" | "sent" | "delivered" | "failed" }
  | { ok: false; reason: "not_set_up" | "no_consent" | "no_number" | "not_found" | "failed" | "over_daily_limit"; message: string };

export interface SendSmsInput {
  customerId: string;
  storeId: string;
  staffId: string;
  body: string;
  /** The customer's text this answers (an inbound_messages id): it is marked answered. */
  inReplyToInboundId?: string;
  /** The link base of the request, for Twilio's status callbacks when PUBLIC_URL is not set. */
  baseUrl?: string;
  now?: Date;
}

type Refusal = Extract<SendSmsResult, { ok: false }>;
const refuse = (reason: Refusal["reason"], message: string): Refusal => ({ ok: false, reason, message });

/**
 * Texts a customer from the store's own number, through Twilio, and keeps
 * the message in the outbox (a failed one too, with Twilio's reason).
 *
 * Consent rule: a text needs the customer's SMS consent (consent_sms). The
 * one exception is answering, within 24 hours, a text the customer sent us
 * (`inReplyToInboundId` naming one of their inbound messages): writing to us
 * is asking for an answer. A STOP (or STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT)
 * they texted at or after that message always refuses: it withdrew consent.
 * (Email's rule is alongside its sender, lib/email-answer.ts: answering an
 * email she sent needs no consent; starting one does.)
 */
export async function sendSmsToCustomer(db: Db, input: SendSmsInput, transport?: MessageTransport): Promise<SendSmsResult> {
  const now = input.now ?? new Date();
  const setUp = channelSetUp("sms");
  const chosen = transport ?? (setUp.ok ? transportFor("sms", process.env, { baseUrl: input.baseUrl }) : null);
  if (!chosen || chosen.name === "record") return refuse("not_set_up", `Nothing was sent: text messages are not set up on this server (${setUp.ok ? "no SMS provider set up" : setUp.why}).`);
  const body = input.body.trim();
  if (!body) return refuse("failed", "Write the message first: an empty text is not sent.");
  if (body.length > MAX_SMS_LENGTH) return refuse("failed", `Keep the text under ${MAX_SMS_LENGTH} characters: Twilio sends nothing longer.`);

  const prepared = await db.transaction(async (tx): Promise<Refusal | { ok: true; outboxId: string }> => {
    const [customer] = await tx.select({ phone: customers.phone, consentSms: customers.consentSms }).from(customers).where(eq(customers.id, input.customerId)).limit(1);
    const [store] = await tx.select({ phone: stores.phone }).from(stores).where(eq(stores.id, input.storeId)).limit(1);
    if (!customer || !store) return refuse("not_found", "That customer was not found.");
    if (!customer.phone) return refuse("no_number", "Nothing was sent: there is no phone number on the customer's record.");
    if (!store.phone) return refuse("not_set_up", "Nothing was sent: the store has no phone number to text from.");

    let inbound: { id: string; receivedAt: Date } | undefined;
    if (input.inReplyToInboundId) {
      [inbound] = await tx
        .select({ id: inboundMessages.id, receivedAt: inboundMessages.receivedAt })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.id, input.inReplyToInboundId), eq(inboundMessages.customerId, input.customerId), eq(inboundMessages.channel, "sms")))
        .limit(1);
      if (!inbound) return refuse("not_found", "The text you are answering is not this customer's.");
    }
    if (!customer.consentSms) {
      if (!inbound) return refuse("no_consent", "Nothing was sent: the customer has not agreed to text messages.");
      if (now.getTime() - inbound.receivedAt.getTime() > REPLY_WINDOW_MS) {
        return refuse("no_consent", "Nothing was sent: the customer has not agreed to text messages, and their text is more than 24 hours old.");
      }
      if (await stoppedSince(tx, input.customerId, inbound.receivedAt)) return refuse("no_consent", "Nothing was sent: the customer texted STOP.");
    }
    if (!(await withinDailySendLimit(tx, { storeId: input.storeId, now })).ok) {
      return refuse("over_daily_limit", "Nothing was sent: your store has sent as many emails and texts today as it may (a limit against mistakes and misuse).");
    }

    const outboxId = randomUUID();
    await tx.insert(outbox).values({
      id: outboxId,
      customerId: input.customerId,
      linkId: null,
      storeId: input.storeId,
      staffId: input.staffId,
      channel: "sms",
      recipient: customer.phone,
      subject: null,
      body,
      transport: chosen.name,
      status: "queued",
      createdAt: now,
      statusAt: now,
      sentAt: null,
    });
    await tx.insert(auditLog).values({
      id: randomUUID(),
      at: now,
      staffId: input.staffId,
      storeId: input.storeId,
      action: "message.sent",
      targetType: "message",
      targetId: outboxId,
      customerId: input.customerId,
      detail: { channel: "sms", inReplyTo: inbound?.id ?? null },
    });
    await recordContact(tx, { customerId: input.customerId, staffId: input.staffId, storeId: input.storeId, kind: "message", summary: body.length > 80 ? `${body.slice(0, 79)}…` : body, at: now });
    if (inbound) {
      await tx
        .update(inboundMessages)
        .set({ status: "answered", answeredByStaffId: input.staffId, answeredAt: now })
        .where(and(eq(inboundMessages.id, inbound.id), eq(inboundMessages.status, "waiting")));
    }
    await recordChanges(tx, [{ kind: "response", customerId: input.customerId, storeId: input.storeId }], now);
    return { ok: true, outboxId };
  });
  if (!prepared.ok) return prepared;

  const delivered = await deliverOutboxMessage(db, { outboxId: prepared.outboxId, transport: chosen, now });
  if (!delivered.ok) return refuse("failed", `The text could not be sent: ${delivered.error}`);
  return { ok: true, outboxId: prepared.outboxId, status: delivered.status };
}

/** Whether the customer texted a STOP word at or after `since`. */
export async function stoppedSince(tx: Pick<Db, "select">, customerId: string, since: Date): Promise<boolean> {
  const texts = await tx
    .select({ body: inboundMessages.body })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.customerId, customerId), eq(inboundMessages.channel, "sms"), gte(inboundMessages.receivedAt, since)));
  return texts.some((t) => smsKeyword(t.body) === "stop");
}

