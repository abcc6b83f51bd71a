import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { auditLog, customers, inboundMessages, stores } from "@/db/schema";
import { recordChanges } from "./change-feed";
import { normaliseEmail } from "./contact-normalise";
import { sameSecret } from "./webhook-signature";
import { inboundEmailDomain, readReplyToken, replyTokenKey, tokenInAddress } from "./email-reply-address";

// Customers' emails reach us through Postmark's inbound processing: Postmark
// receives the mail for INBOUND_EMAIL_DOMAIN and POSTs it to
// /api/webhooks/email as its inbound webhook JSON
// (https://postmarkapp.com/developer/webhooks/inbound-webhook). Only the
// fields read here are checked; Postmark sends more (MessageStream, Tag, …).

/** Postmark takes inbound mail up to 35 MB with its attachments; its JSON (base64) is somewhat larger. */
export const MAX_INBOUND_EMAIL_BYTES = 50 * 1024 * 1024;

/**
 * Whether a request's HTTP Basic credentials (Postmark sends those written
 * into its webhook URL) are these: compared in constant time, both halves
 * always compared.
 */
export function basicAuthMatches(header: string | null, user: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const userOk = sameSecret(decoded.slice(0, colon), user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), password);
  return userOk && passwordOk;
}

/** Longer bodies are cut: a thread shows what she wrote, not a forwarded newsletter. */
export const MAX_EMAIL_BODY = 10_000;

const text = (max: number) => z.string().max(max).nullish().transform((v) => v ?? "");
const address = z.object({ Email: z.string().max(320, "An address is over 320 characters."), Name: text(500), MailboxHash: text(320) });

/** Postmark's inbound webhook JSON, the parts Shopkeeper reads. */
export const postmarkInboundSchema = z.object({
  From: z.string().min(1, "From is required.").max(1000),
  FromFull: z.object({ Email: z.string().min(1, "FromFull.Email is required.").max(320), Name: text(500) }, { message: "FromFull must be an object with Email and Name." }),
  To: text(10_000),
  ToFull: z.array(address, { message: "ToFull must be a list of addresses." }).max(200).nullish().transform((v) => v ?? []),
  CcFull: z.array(address, { message: "CcFull must be a list of addresses." }).max(200).nullish().transform((v) => v ?? []),
  BccFull: z.array(address, { message: "BccFull must be a list of addresses." }).max(200).nullish().transform((v) => v ?? []),
  OriginalRecipient: text(320),
  MailboxHash: text(320),
  Subject: text(2000),
  MessageID: z.string({ message: "MessageID is required." }).trim().min(1, "MessageID is required.").max(200, "MessageID is over 200 characters."),
  Date: text(200),
  TextBody: text(5_000_000),
  HtmlBody: text(20_000_000),
  StrippedTextReply: text(5_000_000),
  Headers: z
    .array(z.object({ Name: z.string().max(200), Value: z.string().max(20_000) }), { message: "Headers must be a list of Name and Value." })
    .max(1000)
    .nullish()
    .transform((v) => v ?? []),
  Attachments: z
    .array(z.object({ Name: text(1000), ContentType: text(200), ContentLength: z.number().nullish() }).loose(), { message: "Attachments must be a list." })
    .max(1000)
    .nullish()
    .transform((v) => v ?? []),
});
export type PostmarkInbound = z.output<typeof postmarkInboundSchema>;

// Lines that start what her mail app quoted below her answer.
const QUOTE_STARTS = [
  /^On .{1,300}wrote:\s*$/i,
  /^Le .{1,300}a écrit\s*:\s*$/i,
  /^Am .{1,300}schrieb .{1,200}:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From:\s.+$/i,
];

/**
 * What she wrote, without the history her mail app quoted under it: cut at
 * the first "On … wrote:" (or "-----Original Message-----", or an Outlook
 * "From:" block), trailing "> " lines dropped, HTML reduced to text when
 * there is no plain part.
 */
export function emailReplyText(mail: Pick<PostmarkInbound, "StrippedTextReply" | "TextBody" | "HtmlBody">): string {
  const source = mail.StrippedTextReply.trim() || mail.TextBody.trim() || htmlToText(mail.HtmlBody);
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    // Gmail wraps a long "On …, Alicia <…> wrote:" onto two lines.
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (kept.length > 0 && (QUOTE_STARTS.some((start) => start.test(line)) || (/^On\s/i.test(line) && /wrote:\s*$/i.test(joined)))) break;
    kept.push(lines[i]!.trimEnd());
  }
  while (kept.length && (kept.at(-1)!.trim() === "" || kept.at(-1)!.trimStart().startsWith(">"))) kept.pop();
  const body = kept.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  return body.length > MAX_EMAIL_BODY ? `${body.slice(0, MAX_EMAIL_BODY - 1)}…` : body;
}

function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<blockquote[\s\S]*$/i, "")
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

/** Her email's own Message-ID header (what her mail app threads on), else Postmark's id in its form. */
function messageIdHeader(mail: PostmarkInbound): string {
  const header = mail.Headers.find((h) => h.Name.toLowerCase() === "message-id")?.Value.trim();
  const id = header && /^<[^<>\s]{1,500}>$/.test(header) ? header : null;
  return id ?? `<${mail.MessageID.replace(/[<>\s]/g, "")}>`;
}

/** An out-of-office or other automatic answer (RFC 3834 Auto-Submitted, and the headers older autoresponders set). */
export function isAutomaticReply(mail: Pick<PostmarkInbound, "Headers">): boolean {
  return mail.Headers.some(({ Name, Value }) => {
    const name = Name.toLowerCase();
    if (name === "auto-submitted") return Value.trim().toLowerCase() !== "no";
    return name === "x-autoreply" || name === "x-autorespond" || (name === "precedence" && /^(auto_reply|bulk|junk)$/i.test(Value.trim()));
  });
}

/** Every address the mail was sent to, as Postmark lists them. */
function recipients(mail: PostmarkInbound): string[] {
  return [...mail.ToFull, ...mail.CcFull, ...mail.BccFull].map((a) => a.Email).concat(mail.OriginalRecipient ? [mail.OriginalRecipient] : []);
}

export type ReceivedEmail =
  | { stored: false; why: "no_conversation" }
  | { stored: true; duplicate: boolean; inboundId: string; customerId: string | null; matchedBy: "reply_address" | "sender" };

/**
 * Keeps an email a customer sent us. Her conversation is the one its
 * reply+TOKEN address names (checked: a token we did not make names none).
 * Without one (she wrote to another address, or the token was changed), it
 * is kept only when From is the email on a customer's record (emails are
 * unique) and she has a home store: that store's conversation. Otherwise nothing is kept: an
 * inbound message belongs to a store, and nothing says which. A repeated
 * MessageID (Postmark retrying) is kept once. An automatic answer (out of
 * office) is kept, but not as waiting for staff.
 */
export async function receiveEmail(db: Db, mail: PostmarkInbound, { now = new Date(), env = process.env }: { now?: Date; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<ReceivedEmail> {
  const from = normaliseEmail(mail.FromFull.Email) ?? mail.FromFull.Email.trim().toLowerCase();
  const domain = inboundEmailDomain(env);
  const allStores = await db.select({ id: stores.id }).from(stores);
  const storeIds = allStores.map((s) => s.id);

  let conversation: { customerId: string; storeId: string } | null = null;
  let matchedBy: "reply_address" | "sender" = "reply_address";
  if (domain) {
    const key = replyTokenKey(env);
    const tokens = recipients(mail)
      .map((a) => tokenInAddress(a, domain))
      // Sent to Postmark's own inbound address with +TOKEN, Postmark gives the token as MailboxHash.
      .concat([mail.MailboxHash, ...mail.ToFull.map((a) => a.MailboxHash)].filter(Boolean).map((h) => h.toLowerCase()));
    for (const token of tokens) {
      const named = token ? readReplyToken(token, key, storeIds) : null;
      if (!named) continue;
      const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, named.customerId)).limit(1);
      if (customer) {
        conversation = named;
        break;
      }
    }
  }
  if (!conversation) {
    matchedBy = "sender";
    const matches = await db
      .select({ id: customers.id, homeStoreId: customers.homeStoreId })
      .from(customers)
      .where(and(eq(customers.email, from), isNotNull(customers.homeStoreId)))
      .limit(1);
    if (matches[0]?.homeStoreId) conversation = { customerId: matches[0].id, storeId: matches[0].homeStoreId };
  }
  if (!conversation) return { stored: false, why: "no_conversation" };
  const { customerId, storeId } = conversation;

  const automatic = isAutomaticReply(mail);
  const attachments = mail.Attachments.length;
  const written = emailReplyText(mail);
  const note = attachments ? `(${attachments === 1 ? "1 attachment" : `${attachments} attachments`}, not shown here: see the store's mailbox.)` : "";
  const body = [written, note].filter(Boolean).join("\n\n") || "(An email with nothing written in it.)";

  return db.transaction(async (tx): Promise<ReceivedEmail> => {
    const inboundId = randomUUID();
    const inserted = await tx
      .insert(inboundMessages)
      .values({
        id: inboundId,
        customerId,
        storeId,
        channel: "email",
        sender: from,
        body,
        subject: mail.Subject.trim().slice(0, 500) || null,
        emailMessageId: messageIdHeader(mail),
        providerId: mail.MessageID.trim(),
        // An out-of-office answer is kept in the thread but asks nothing of staff.
        status: automatic ? "dismissed" : "waiting",
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: inboundMessages.id });
    if (!inserted.length) {
      const [kept] = await tx
        .select({ id: inboundMessages.id, customerId: inboundMessages.customerId })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channel, "email"), eq(inboundMessages.providerId, mail.MessageID.trim())))
        .limit(1);
      return { stored: true, duplicate: true, inboundId: kept?.id ?? inboundId, customerId: kept?.customerId ?? null, matchedBy };
    }
    await tx.insert(auditLog).values({
      id: randomUUID(),
      at: now,
      staffId: null,
      storeId,
      customerId,
      action: "message.received",
      targetType: "message",
      targetId: inboundId,
      detail: { channel: "email", matchedBy, attachments, automatic },
    });
    await recordChanges(tx, [{ kind: "response", customerId, storeId }], now);
    return { stored: true, duplicate: false, inboundId, customerId, matchedBy };
  });
}
