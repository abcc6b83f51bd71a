import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, inboundMessages, outbox, staff, stores } from "@/db/schema";
import { recordContact } from "./contacts";
import { recordChanges } from "./change-feed";
import { deliverOutboxMessage } from "./customer-links";
import { channelSetUp, transportFor, type MessageTransport } from "./transports";
import { withinDailySendLimit } from "./send-limits";

/** Longer answers are refused: an answer in a thread, not a newsletter. */
export const MAX_EMAIL_ANSWER_LENGTH = 5000;

export type AnswerEmailResult =
  | { ok: true; outboxId: string }
  | { ok: false; reason: "not_set_up" | "not_found" | "failed" | "over_daily_limit"; message: string; outboxId?: string };

type Refusal = Extract<AnswerEmailResult, { ok: false }>;
const refuse = (reason: Refusal["reason"], message: string, outboxId?: string): Refusal => ({ ok: false, reason, message, ...(outboxId ? { outboxId } : {}) });

/** "Re: Your coat", once: a subject that already starts with Re: keeps it. */
export function answerSubject(subject: string | null, storeName: string): string {
  const given = subject?.trim();
  if (!given) return `Re: your email to ${storeName}`;
  return /^re:/i.test(given) ? given : `Re: ${given}`;
}

/**
 * Answers an email the customer sent the store, through the store's SMTP
 * server, to the address she wrote from: subject "Re: …", In-Reply-To and
 * References naming her email (so her mail app threads it), and her
 * conversation's Reply-To (added to every email, lib/customer-links.ts). It
 * is kept in the outbox (queued, then sent or failed with the reason) and
 * marks her email answered only once it is sent.
 *
 * Consent rule: answering an email she sent us needs no email consent (she
 * wrote to us, asking for an answer); starting a new email does, as sending
 * a link checks (lib/customer-links.ts). Only the store she wrote to (the
 * store her reply address or home store names) may answer, and the store's
 * daily sending limit applies.
 */
export async function answerEmail(
  db: Db,
  input: { inboundId: string; customerId: string; storeId: string; staffId: string; body: string; now?: Date },
  transport?: MessageTransport,
): Promise<AnswerEmailResult> {
  const now = input.now ?? new Date();
  const setUp = channelSetUp("email");
  const chosen = transport ?? (setUp.ok ? transportFor("email") : null);
  if (!chosen || chosen.name === "record") return refuse("not_set_up", "Email is not set up on this server, so nothing was sent.");
  const written = input.body.trim();
  if (!written) return refuse("failed", "Write the answer first: an empty email is not sent.");
  if (written.length > MAX_EMAIL_ANSWER_LENGTH) return refuse("failed", `Keep the answer under ${MAX_EMAIL_ANSWER_LENGTH.toLocaleString("en-US")} characters.`);

  const prepared = await db.transaction(async (tx): Promise<Refusal | { ok: true; outboxId: string; messageId: string | null; inboundId: string; customerId: string }> => {
    const [inbound] = await tx
      .select({ id: inboundMessages.id, customerId: inboundMessages.customerId, sender: inboundMessages.sender, subject: inboundMessages.subject, messageId: inboundMessages.emailMessageId })
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.id, input.inboundId),
          eq(inboundMessages.customerId, input.customerId),
          eq(inboundMessages.storeId, input.storeId),
          eq(inboundMessages.channel, "email"),
          isNotNull(inboundMessages.customerId),
        ),
      )
      .limit(1);
    if (!inbound?.customerId) return refuse("not_found", "That email was not sent to your store, or it no longer exists.");
    if (!(await withinDailySendLimit(tx, { storeId: input.storeId, now })).ok) {
      return refuse("over_daily_limit", "Nothing was sent: your store has sent as many emails and texts today as it may (a limit against mistakes and misuse).");
    }
    const [sender] = await tx.select({ name: staff.name, storeName: stores.name }).from(staff).innerJoin(stores, eq(stores.id, input.storeId)).where(eq(staff.id, input.staffId)).limit(1);
    const storeName = sender?.storeName ?? "the store";
    const outboxId = randomUUID();
    await tx.insert(outbox).values({
      id: outboxId,
      customerId: inbound.customerId,
      linkId: null,
      storeId: input.storeId,
      staffId: input.staffId,
      channel: "email",
      recipient: inbound.sender,
      subject: answerSubject(inbound.subject, storeName),
      body: `${written}\n\n${sender?.name.split(" ")[0] ?? "Your associate"}, ${storeName}`,
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
      customerId: inbound.customerId,
      detail: { channel: "email", inReplyTo: inbound.id },
    });
    await recordContact(tx, { customerId: inbound.customerId, staffId: input.staffId, storeId: input.storeId, kind: "message", summary: written.length > 80 ? `${written.slice(0, 79)}…` : written, at: now });
    await recordChanges(tx, [{ kind: "response", customerId: inbound.customerId, storeId: input.storeId }], now);
    return { ok: true, outboxId, messageId: inbound.messageId, inboundId: inbound.id, customerId: inbound.customerId };
  });
  if (!prepared.ok) return prepared;

  const delivered = await deliverOutboxMessage(db, { outboxId: prepared.outboxId, transport: chosen, inReplyTo: prepared.messageId, now });
  if (!delivered.ok) return refuse("failed", `The email could not be sent: ${delivered.error}`, prepared.outboxId);
  // Answered only once it left: a failed answer leaves her email waiting.
  await db.transaction(async (tx) => {
    await tx
      .update(inboundMessages)
      .set({ status: "answered", answeredByStaffId: input.staffId, answeredAt: now })
      .where(and(eq(inboundMessages.id, prepared.inboundId), eq(inboundMessages.status, "waiting")));
    await recordChanges(tx, [{ kind: "response", customerId: prepared.customerId, storeId: input.storeId }], now);
  });
  return { ok: true, outboxId: prepared.outboxId };
}
