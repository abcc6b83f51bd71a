import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte } from "drizzle-orm";
import type { Db } from "@/db";
import { appointmentMessages, auditLog, customers, inboundMessages, outbox, socialMentions } from "@/db/schema";
import { CODE_PLACEHOLDER } from "./booking-codes";
import { recordChanges } from "./change-feed";
import { deliverOutboxMessage } from "./customer-links";
import { isRetryable } from "./outbox-status";
import { withinDailySendLimit } from "./send-limits";
import { REPLY_WINDOW_MS, stoppedSince } from "./sms";
import { deliverSocialReply } from "./social-replies";
import { isSocialAccountNetwork } from "./social-accounts";
import { channelSetUp, transportFor, type MessageTransport } from "./transports";

export type RetryResult = { ok: true; status: "queued" | "sent" | "delivered" | "failed" } | { ok: false; reason: "not_found" | "not_failed" | "refused" | "failed"; message: string };

const refuse = (reason: Extract<RetryResult, { ok: false }>["reason"], message: string): RetryResult => ({ ok: false, reason, message });

/**
 * Sends a failed message again, the same words through the same channel, as
 * a new attempt on the same outbox row (so the thread shows one message, with
 * its latest state): an SMS through Twilio, an email through the mail server,
 * a reply through the store's account on X or Instagram. Only a failed
 * message of the caller's store; the rules of a first send apply again
 * (consent for a text, the daily limit for texts and emails, a post not yet
 * answered for a reply). Audited as message.retried.
 */
export async function retryMessage(db: Db, { outboxId, staffId, storeId, now = new Date(), transport }: { outboxId: string; staffId: string; storeId: string; now?: Date; transport?: MessageTransport }): Promise<RetryResult> {
  const scope = and(eq(outbox.id, outboxId), eq(outbox.storeId, storeId));
  const [message] = await db
    .select({
      status: outbox.status,
      channel: outbox.channel,
      transport: outbox.transport,
      linkId: outbox.linkId,
      customerId: outbox.customerId,
      mentionId: outbox.mentionId,
      createdAt: outbox.createdAt,
      appointmentMessageId: appointmentMessages.id,
      body: outbox.body,
    })
    .from(outbox)
    .leftJoin(appointmentMessages, eq(appointmentMessages.outboxId, outbox.id))
    .where(scope)
    .limit(1);
  if (!message) return refuse("not_found", "That message was not found at your store.");
  if (message.status !== "failed") return refuse("not_failed", "Only a message that failed can be sent again; this one did not fail.");
  // Their code or manage link was put in only as they left and is not kept: sent again, they would arrive without it.
  if (message.body.includes(CODE_PLACEHOLDER)) return refuse("refused", "A booking code is not sent again: the customer asks for a new one on the booking page.");
  if (message.appointmentMessageId) return refuse("refused", "A message about an appointment carries its private link, which is not kept, so it is not sent again from here.");
  if (!isRetryable(message)) {
    return refuse("refused", message.linkId ? "This email carried a private link, which was turned off when it failed. Send a new link instead." : "This message cannot be sent again.");
  }

  let chosen: MessageTransport | null = null;
  if (message.channel === "sms" || message.channel === "email") {
    const setUp = channelSetUp(message.channel);
    chosen = transport ?? (setUp.ok ? transportFor(message.channel) : null);
    if (!chosen || chosen.name === "record") return refuse("refused", `Nothing was sent: ${message.channel === "sms" ? "text messages are" : "email is"} not set up on this server.`);
  }

  const claimed = await db.transaction(async (tx): Promise<RetryResult | null> => {
    if (message.channel === "sms") {
      const refusal = await smsRefusal(tx, message.customerId, now);
      if (refusal) return refuse("refused", refusal);
    }
    if (message.channel === "sms" || message.channel === "email") {
      if (!(await withinDailySendLimit(tx, { storeId, now })).ok) return refuse("refused", "Nothing was sent: your store has sent as many emails and texts today as it may (a limit against mistakes and misuse).");
    }
    if (isSocialAccountNetwork(message.channel)) {
      const [mention] = message.mentionId ? await tx.select({ status: socialMentions.status }).from(socialMentions).where(eq(socialMentions.id, message.mentionId)).limit(1) : [];
      if (!mention) return refuse("refused", "The post this reply answered is gone, so the reply cannot be sent again.");
      if (mention.status !== "new") return refuse("refused", "This post has been answered or dismissed since, so the reply is not sent again.");
    }
    // Only the first of two taps sends: the row moves from failed to queued once.
    const moved = await tx
      .update(outbox)
      .set({ status: "queued", statusAt: now, error: null, providerId: null, staffId, ...(chosen ? { transport: chosen.name } : {}) })
      .where(and(scope, eq(outbox.status, "failed")))
      .returning({ id: outbox.id });
    if (!moved.length) return refuse("not_failed", "A colleague is already sending it again.");
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "message.retried", targetType: "message", targetId: outboxId, customerId: message.customerId, detail: { channel: message.channel } });
    await recordChanges(tx, [{ kind: message.mentionId ? "mention" : "response", customerId: message.customerId, storeId }], now);
    return null;
  });
  if (claimed) return claimed;

  if (chosen) {
    const delivered = await deliverOutboxMessage(db, { outboxId, transport: chosen, now });
    if (!delivered.ok) return refuse("failed", `Not sent again: ${delivered.error}`);
    return { ok: true, status: delivered.status };
  }
  const sent = await deliverSocialReply(db, { outboxId, staffId, storeId, now });
  return sent.ok ? { ok: true, status: "sent" } : refuse("failed", sent.message);
}

/**
 * The consent rule of a first text (lib/sms.ts), for sending one again: the
 * customer agreed to texts, or texted us within the last 24 hours; and never
 * after a STOP.
 */
async function smsRefusal(tx: Pick<Db, "select">, customerId: string | null, now: Date): Promise<string | null> {
  if (!customerId) return "That customer was not found.";
  const [customer] = await tx.select({ consentSms: customers.consentSms, phone: customers.phone }).from(customers).where(eq(customers.id, customerId)).limit(1);
  if (!customer) return "That customer was not found.";
  if (customer.consentSms) return null;
  const [latest] = await tx
    .select({ receivedAt: inboundMessages.receivedAt })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.customerId, customerId), eq(inboundMessages.channel, "sms"), gte(inboundMessages.receivedAt, new Date(now.getTime() - REPLY_WINDOW_MS))))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(1);
  if (!latest) return "Nothing was sent: the customer has not agreed to text messages.";
  if (await stoppedSince(tx, customerId, latest.receivedAt)) return "Nothing was sent: the customer texted STOP.";
  return null;
}
