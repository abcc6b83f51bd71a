import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customerLinkHolds, customerLinks, customers, holds, linkOpens, linkResponses, outbox, productVariants, products, staff, stores } from "@/db/schema";
import type { MessageAttachment, MessageTransport, TransportName } from "./transports";
import { generateLinkToken, hashLinkToken, isWellFormedToken, linkExpiry, linkState } from "./link-tokens";
import { recordContact } from "./contacts";
import { recordChanges } from "./change-feed";
import { withinDailySendLimit } from "./send-limits";
import { replyAddress } from "./email-reply-address";

export type LinkChannel = "email" | "sms" | "in_store";

export type SendLinkResult =
  | { ok: true; linkId: string; token: string; outboxId: string; url: string }
  | { ok: false; reason: "not_found" | "no_consent" | "no_address" | "no_holds" | "over_daily_limit" };

/** Where a message's private link goes; the link itself is put in only as the message leaves. */
export const LINK_PLACEHOLDER = "[private link]";

/**
 * Creates a private link to the customer's active holds at this store and
 * records the message in the outbox. Email and SMS go out only on a channel
 * the customer consented to; "in_store" is a QR code shown on the tablet.
 * The token is returned once (for the transport and the QR code) and kept
 * nowhere: the link's row has its hash, the outbox a placeholder.
 */
export async function sendLinkToCustomer(
  db: Db,
  input: { customerId: string; holdIds: string[]; channel: LinkChannel; message: string; staffId: string; storeId: string; baseUrl: string; transport?: TransportName; now?: Date },
): Promise<SendLinkResult> {
  const { holdIds, ...rest } = input;
  return db.transaction((tx) => writeLinkMessage(tx, { ...rest, purpose: { kind: "holds", holdIds } }));
}

/** What a link is sent for: holds already set aside, or a selection of items to answer (lib/selections.ts). */
export type LinkPurpose = { kind: "holds"; holdIds: string[] } | { kind: "selection"; selectionId: string; items: number; expiresAt: Date };

/**
 * The link and its message, inside the caller's transaction: the checks
 * (consent, address, the store's daily limit), the link's row (its token's
 * hash only), the outbox message with a placeholder for the link, the audit
 * entry and the contact. sendLinkToCustomer and sendSelection share it, so a
 * selection reaches her exactly as a link to her holds does.
 */
export async function writeLinkMessage(
  tx: Db,
  input: { customerId: string; purpose: LinkPurpose; channel: LinkChannel; message: string; staffId: string; storeId: string; baseUrl: string; transport?: TransportName; now?: Date },
): Promise<SendLinkResult> {
  const now = input.now ?? new Date();
  const { purpose } = input;
  const [customer] = await tx
    .select({ firstName: customers.firstName, email: customers.email, phone: customers.phone, consentEmail: customers.consentEmail, consentSms: customers.consentSms })
    .from(customers)
    .where(eq(customers.id, input.customerId))
    .limit(1);
  if (!customer) return { ok: false as const, reason: "not_found" as const };
  const recipient = input.channel === "email" ? customer.email : input.channel === "sms" ? customer.phone : "shown on the store tablet";
  if (input.channel === "email" && !customer.consentEmail) return { ok: false as const, reason: "no_consent" as const };
  if (input.channel === "sms" && !customer.consentSms) return { ok: false as const, reason: "no_consent" as const };
  if (!recipient) return { ok: false as const, reason: "no_address" as const };
  if (input.channel !== "in_store" && (input.transport ?? "record") !== "record") {
    const allowed = await withinDailySendLimit(tx, { storeId: input.storeId, now });
    if (!allowed.ok) return { ok: false as const, reason: "over_daily_limit" as const };
  }

  // Only this customer's active holds at the sender's store can be shared.
  const chosen =
    purpose.kind === "holds"
      ? await tx
          .select({ id: holds.id, expiresAt: holds.expiresAt })
          .from(holds)
          .where(and(inArray(holds.id, purpose.holdIds), eq(holds.customerId, input.customerId), eq(holds.storeId, input.storeId), eq(holds.status, "active"), gt(holds.expiresAt, now)))
          .orderBy(asc(holds.expiresAt), asc(holds.id))
      : [];
  if (purpose.kind === "holds" && (chosen.length === 0 || chosen.length !== new Set(purpose.holdIds).size)) return { ok: false as const, reason: "no_holds" as const };

  const [sender] = await tx.select({ name: staff.name, storeName: stores.name }).from(staff).innerJoin(stores, eq(stores.id, staff.storeId)).where(eq(staff.id, input.staffId)).limit(1);
  const token = generateLinkToken();
  const linkId = randomUUID();
  await tx.insert(customerLinks).values({
    id: linkId,
    customerId: input.customerId,
    storeId: input.storeId,
    staffId: input.staffId,
    tokenHash: hashLinkToken(token),
    channel: input.channel,
    message: input.message,
    createdAt: now,
    expiresAt: purpose.kind === "holds" ? linkExpiry(chosen.map((h) => h.expiresAt), now) : purpose.expiresAt,
  });
  if (chosen.length) await tx.insert(customerLinkHolds).values(chosen.map((h) => ({ linkId, holdId: h.id })));

  const url = `${input.baseUrl.replace(/\/$/, "")}/c/${token}`;
  const signature = `${sender?.name.split(" ")[0] ?? "Your associate"}, ${sender?.storeName ?? "the store"}`;
  const outboxId = randomUUID();
  const transport = input.transport ?? "record";
  const selection = purpose.kind === "selection";
  await tx.insert(outbox).values({
    id: outboxId,
    customerId: input.customerId,
    linkId,
    storeId: input.storeId,
    staffId: input.staffId,
    channel: input.channel,
    recipient,
    subject: input.channel !== "email" ? null : selection ? `${customer.firstName}, I picked a few things for you` : `${customer.firstName}, we have set something aside for you`,
    // The associate's message as they wrote it (their form starts it with a greeting they can change): nothing is added in front.
    body: `${input.message ? `${input.message}\n\n` : ""}${selection ? "See what I picked for you" : "See what is waiting for you"}: ${LINK_PLACEHOLDER}\n\n${signature}`,
    // Recorded messages are done; others wait for deliverOutboxMessage.
    transport,
    status: transport === "record" ? "sent" : "queued",
    createdAt: now,
    sentAt: transport === "record" ? now : null,
  });
  const count = selection ? purpose.items : chosen.length;
  const items = count === 1 ? "1 item" : `${count} items`;
  await tx.insert(auditLog).values(
    selection
      ? { id: randomUUID(), at: now, staffId: input.staffId, storeId: input.storeId, action: "selection.sent", targetType: "selection", targetId: purpose.selectionId, customerId: input.customerId, detail: { channel: input.channel, items: count, linkId } }
      : { id: randomUUID(), at: now, staffId: input.staffId, storeId: input.storeId, action: "link.sent", targetType: "link", targetId: linkId, customerId: input.customerId, detail: { channel: input.channel, holds: count } },
  );
  await recordContact(tx, { customerId: input.customerId, staffId: input.staffId, storeId: input.storeId, kind: "link_sent", summary: selection ? `A selection of ${items} sent` : `${items} set aside`, at: now });
  return { ok: true as const, linkId, token, outboxId, url };
}

/** Revokes a link of this store; the customer then sees the "no longer active" page. */
export async function revokeLink(db: Db, { linkId, staffId, storeId, now = new Date() }: { linkId: string; staffId: string; storeId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select({ customerId: customerLinks.customerId })
      .from(customerLinks)
      .where(and(eq(customerLinks.id, linkId), eq(customerLinks.storeId, storeId)))
      .limit(1);
    if (!link) return { ok: false as const, reason: "not_found" as const };
    // Only the first revocation counts: a second one at the same moment changes and records nothing.
    const revoked = await tx
      .update(customerLinks)
      .set({ revokedAt: now, revokedByStaffId: staffId })
      .where(and(eq(customerLinks.id, linkId), isNull(customerLinks.revokedAt)))
      .returning({ id: customerLinks.id });
    if (revoked.length) {
      await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "link.revoked", targetType: "link", targetId: linkId, customerId: link.customerId });
    }
    return { ok: true as const };
  });
}

/** "iPhone Safari": enough to tell devices apart, too little to fingerprint anyone. */
export function coarseDevice(userAgent: string | null): string {
  const ua = userAgent ?? "";
  const device = /iPhone/.test(ua) ? "iPhone" : /iPad/.test(ua) ? "iPad" : /Android/.test(ua) ? "Android" : /Mac OS X/.test(ua) ? "Mac" : /Windows/.test(ua) ? "Windows" : "Other device";
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : "browser";
  return `${device} ${browser}`;
}

/**
 * What the customer's page shows, or just the store's phone for an unknown,
 * expired or revoked link (all three look the same from outside). Every open
 * of an active link is recorded.
 */
export async function openCustomerLink(db: Db, { token, userAgent, now = new Date() }: { token: string; userAgent: string | null; now?: Date }) {
  if (!isWellFormedToken(token)) return { state: "unknown" as const, storePhone: null };
  const [link] = await db
    .select({
      id: customerLinks.id,
      customerId: customerLinks.customerId,
      storeId: customerLinks.storeId,
      message: customerLinks.message,
      expiresAt: customerLinks.expiresAt,
      revokedAt: customerLinks.revokedAt,
      store: { name: stores.name, address: stores.address, phone: stores.phone, openingHours: stores.openingHours, timezone: stores.timezone },
      staffName: staff.name,
      firstName: customers.firstName,
    })
    .from(customerLinks)
    .innerJoin(stores, eq(stores.id, customerLinks.storeId))
    .innerJoin(staff, eq(staff.id, customerLinks.staffId))
    .innerJoin(customers, eq(customers.id, customerLinks.customerId))
    .where(eq(customerLinks.tokenHash, hashLinkToken(token)))
    .limit(1);
  if (!link) return { state: "unknown" as const, storePhone: null };
  const state = linkState(link, now);
  if (state !== "active") return { state, storePhone: link.store.phone };

  await db.insert(linkOpens).values({ id: randomUUID(), linkId: link.id, at: now, device: coarseDevice(userAgent) });
  const items = await db
    .select({
      holdId: holds.id,
      status: holds.status,
      expiresAt: holds.expiresAt,
      name: products.name,
      size: productVariants.size,
      colour: productVariants.colour,
      priceCents: productVariants.priceCents,
      imageUrl: productVariants.imageUrl,
    })
    .from(customerLinkHolds)
    .innerJoin(holds, eq(holds.id, customerLinkHolds.holdId))
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(customerLinkHolds.linkId, link.id))
    .orderBy(asc(holds.expiresAt), asc(holds.id));
  return {
    state,
    storePhone: link.store.phone,
    link: { ...link, associateFirstName: link.staffName.split(" ")[0] ?? link.staffName },
    items: items.map((i) => ({ ...i, waiting: i.status === "active" && i.expiresAt > now })),
  };
}

/** How staff screens name what a customer said from their page. */
export const RESPONSE_LABELS = { coming: "Will come", released: "No longer wants", question: "Asked" } as const;

export type ResponseResult = { ok: true } | { ok: false; reason: "inactive" | "not_found" };

/** The active link behind a token, or null: the same answer for unknown, expired and revoked. */
export async function activeLink(tx: Pick<Db, "select">, token: string, now: Date) {
  if (!isWellFormedToken(token)) return null;
  const [link] = await tx
    .select({ id: customerLinks.id, customerId: customerLinks.customerId, storeId: customerLinks.storeId, expiresAt: customerLinks.expiresAt, revokedAt: customerLinks.revokedAt })
    .from(customerLinks)
    .where(eq(customerLinks.tokenHash, hashLinkToken(token)))
    .limit(1);
  return link && linkState(link, now) === "active" ? link : null;
}

/**
 * Records what the customer said on their page. Releasing an item frees its
 * unit at once (the hold becomes "released"); it must be one of this link's
 * active holds.
 */
export async function respondFromLink(
  db: Db,
  input: { token: string; kind: "coming" | "question"; detail: string; now?: Date } | { token: string; kind: "released"; holdId: string; now?: Date },
): Promise<ResponseResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<ResponseResult> => {
    const link = await activeLink(tx, input.token, now);
    if (!link) return { ok: false, reason: "inactive" };
    let detail = input.kind === "released" ? "" : input.detail;
    let holdId: string | null = null;
    if (input.kind === "released") {
      const [hold] = await tx
        .select({ id: holds.id, name: products.name })
        .from(customerLinkHolds)
        .innerJoin(holds, eq(holds.id, customerLinkHolds.holdId))
        .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
        .innerJoin(products, eq(products.id, productVariants.productId))
        .where(and(eq(customerLinkHolds.linkId, link.id), eq(holds.id, input.holdId), eq(holds.status, "active")))
        .limit(1);
      if (!hold) return { ok: false, reason: "not_found" };
      // Only while still active: staff may have picked it up or released it a moment ago.
      const released = await tx
        .update(holds)
        .set({ status: "released", resolvedAt: now })
        .where(and(eq(holds.id, hold.id), eq(holds.status, "active")))
        .returning({ id: holds.id });
      if (!released.length) return { ok: false, reason: "not_found" };
      detail = hold.name;
      holdId = hold.id;
    }
    await tx.insert(linkResponses).values({ id: randomUUID(), linkId: link.id, customerId: link.customerId, storeId: link.storeId, kind: input.kind, detail, holdId, createdAt: now });
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId: null, storeId: link.storeId, action: `customer.${input.kind}`, targetType: "link", targetId: link.id, customerId: link.customerId, detail: { holdId } });
    await recordChanges(tx, [{ kind: "response", customerId: link.customerId, storeId: link.storeId }], now);
    return { ok: true };
  });
}

/** A staff member of the store has seen the customer's replies: they are no longer new. */
export async function markResponsesSeen(db: Db, { customerId, storeId, now = new Date() }: { customerId: string; storeId: string; now?: Date }) {
  await db
    .update(linkResponses)
    .set({ seenAt: now })
    .where(and(eq(linkResponses.customerId, customerId), eq(linkResponses.storeId, storeId), isNull(linkResponses.seenAt)));
}

/** The message as it leaves: the link in place of the placeholder (the last one: the message before it is the associate's own text). */
function withLink(body: string, link: string, placeholder = LINK_PLACEHOLDER): string {
  const at = body.lastIndexOf(placeholder);
  return at < 0 ? body : `${body.slice(0, at)}${link}${body.slice(at + placeholder.length)}`;
}

/**
 * Hands a queued message to its transport, with its link put in, and records
 * the outcome. The link is not kept, so a message that could not be sent
 * cannot be retried: its link is turned off and staff send a new one. An SMS
 * goes out from the store's number; the provider's id is kept, for its
 * status callbacks, and its status (queued until Twilio says it is sent).
 */
export async function deliverOutboxMessage(
  db: Db,
  {
    outboxId,
    transport,
    link = "",
    placeholder = LINK_PLACEHOLDER,
    attachments,
    inReplyTo = null,
    now = new Date(),
  }: { outboxId: string; transport: MessageTransport; link?: string; placeholder?: string; attachments?: MessageAttachment[]; inReplyTo?: string | null; now?: Date },
) {
  const [message] = await db
    .select({ recipient: outbox.recipient, subject: outbox.subject, body: outbox.body, status: outbox.status, linkId: outbox.linkId, providerId: outbox.providerId, storePhone: stores.phone, channel: outbox.channel, customerId: outbox.customerId, storeId: outbox.storeId })
    .from(outbox)
    .innerJoin(stores, eq(stores.id, outbox.storeId))
    .where(eq(outbox.id, outboxId))
    .limit(1);
  // Once a provider has it (it has an id), sending again would reach the customer twice.
  if (!message || message.status === "sent" || message.status === "delivered" || message.providerId) return { ok: true as const, status: message?.status ?? ("sent" as const) };
  try {
    // Every email carries her conversation's reply address, when replies by email are connected.
    const replyTo = message.channel === "email" && message.customerId ? replyAddress({ customerId: message.customerId, storeId: message.storeId }) : null;
    const receipt = await transport.send({ recipient: message.recipient, subject: message.subject, body: withLink(message.body, link, placeholder), sender: message.storePhone, replyTo, inReplyTo, attachments });
    const status = receipt?.status ?? "sent";
    await db
      .update(outbox)
      .set({ status, sentAt: now, statusAt: now, error: null, providerId: receipt?.providerId ?? null })
      .where(eq(outbox.id, outboxId));
    return { ok: true as const, status };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.transaction(async (tx) => {
      await tx.update(outbox).set({ status: "failed", statusAt: now, error: reason.slice(0, 500) }).where(eq(outbox.id, outboxId));
      if (message.linkId) await tx.update(customerLinks).set({ revokedAt: now }).where(and(eq(customerLinks.id, message.linkId), isNull(customerLinks.revokedAt)));
    });
    return { ok: false as const, error: reason };
  }
}

/** Replies from customers' pages at a store: every unseen one, and the last two days' seen ones. */
export async function listStoreResponses(db: Db, { storeId, now = new Date() }: { storeId: string; now?: Date }) {
  const since = new Date(now.getTime() - 2 * 86_400_000);
  return db
    .select({
      id: linkResponses.id,
      kind: linkResponses.kind,
      detail: linkResponses.detail,
      createdAt: linkResponses.createdAt,
      seenAt: linkResponses.seenAt,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
    })
    .from(linkResponses)
    .innerJoin(customers, eq(customers.id, linkResponses.customerId))
    .where(and(eq(linkResponses.storeId, storeId), or(isNull(linkResponses.seenAt), gte(linkResponses.createdAt, since))))
    .orderBy(desc(linkResponses.createdAt))
    .limit(100);
}

/** Every message the store sent, newest first, for the Outbox page. */
export async function listStoreOutbox(db: Db, { storeId, limit = 100 }: { storeId: string; limit?: number }) {
  return db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      recipient: outbox.recipient,
      subject: outbox.subject,
      body: outbox.body,
      status: outbox.status,
      error: outbox.error,
      transport: outbox.transport,
      createdAt: outbox.createdAt,
      staffName: staff.name,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
      linkId: outbox.linkId,
      linkExpiresAt: customerLinks.expiresAt,
      linkRevokedAt: customerLinks.revokedAt,
    })
    .from(outbox)
    .innerJoin(staff, eq(staff.id, outbox.staffId))
    // A reply to a post nobody has tied to a customer has none.
    .leftJoin(customers, eq(customers.id, outbox.customerId))
    .leftJoin(customerLinks, eq(customerLinks.id, outbox.linkId))
    .where(eq(outbox.storeId, storeId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}

export type AnswerResult = { ok: true; outboxId: string } | { ok: false; reason: "not_found" | "inactive" };

/**
 * The associate answers a question the customer asked from her page; the
 * answer shows on that page, under her question (listQuestions). It is kept
 * in the outbox (channel "page", delivered as soon as it is written: her page
 * reads it from there), audited, counted as a contact, and announced to open
 * pages. Only the store the question was asked of may answer, and only while
 * her link works: on an ended link she would never see it.
 */
export async function answerQuestion(db: Db, input: { responseId: string; storeId: string; staffId: string; text: string; now?: Date }): Promise<AnswerResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<AnswerResult> => {
    const [question] = await tx
      .select({ id: linkResponses.id, linkId: linkResponses.linkId, customerId: linkResponses.customerId, expiresAt: customerLinks.expiresAt, revokedAt: customerLinks.revokedAt })
      .from(linkResponses)
      .innerJoin(customerLinks, eq(customerLinks.id, linkResponses.linkId))
      .where(and(eq(linkResponses.id, input.responseId), eq(linkResponses.storeId, input.storeId), eq(linkResponses.kind, "question")))
      .limit(1);
    if (!question) return { ok: false, reason: "not_found" };
    if (linkState({ expiresAt: question.expiresAt, revokedAt: question.revokedAt }, now) !== "active") return { ok: false, reason: "inactive" };
    const outboxId = randomUUID();
    await tx.insert(outbox).values({
      id: outboxId,
      customerId: question.customerId,
      linkId: question.linkId,
      storeId: input.storeId,
      staffId: input.staffId,
      channel: "page",
      recipient: "Her page",
      subject: null,
      body: input.text,
      transport: "page",
      status: "delivered",
      statusAt: now,
      createdAt: now,
      sentAt: now,
    });
    // Answered, so no longer new to anyone.
    await tx.update(linkResponses).set({ seenAt: now }).where(and(eq(linkResponses.id, question.id), isNull(linkResponses.seenAt)));
    // Its first answer takes it out of the inbox's waiting list.
    await tx.update(linkResponses).set({ answeredAt: now, answeredByStaffId: input.staffId }).where(and(eq(linkResponses.id, question.id), isNull(linkResponses.answeredAt)));
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId: input.staffId, storeId: input.storeId, action: "question.answered", targetType: "link", targetId: question.linkId, customerId: question.customerId, detail: { responseId: question.id } });
    await recordContact(tx, { customerId: question.customerId, staffId: input.staffId, storeId: input.storeId, kind: "message", summary: "Answered a question on her page", at: now });
    await recordChanges(tx, [{ kind: "response", customerId: question.customerId, storeId: input.storeId }], now);
    return { ok: true, outboxId };
  });
}

/** Her questions on this link, oldest first, each with the store's answers written after it (and before the next question). */
export async function listQuestions(db: Db, { linkId }: { linkId: string }) {
  const [questions, answers] = await Promise.all([
    db
      .select({ id: linkResponses.id, text: linkResponses.detail, at: linkResponses.createdAt })
      .from(linkResponses)
      .where(and(eq(linkResponses.linkId, linkId), eq(linkResponses.kind, "question")))
      .orderBy(asc(linkResponses.createdAt)),
    db
      .select({ id: outbox.id, text: outbox.body, at: outbox.createdAt, staffName: staff.name })
      .from(outbox)
      .innerJoin(staff, eq(staff.id, outbox.staffId))
      .where(and(eq(outbox.linkId, linkId), eq(outbox.channel, "page")))
      .orderBy(asc(outbox.createdAt)),
  ]);
  return questions.map((q, i) => {
    const next = questions[i + 1]?.at.getTime() ?? Infinity;
    return { ...q, answers: answers.filter((a) => a.at >= q.at && a.at.getTime() < next).map((a) => ({ ...a, staffFirstName: a.staffName.split(" ")[0]! })) };
  });
}
