import "server-only";
import nodemailer from "nodemailer";
import { sendTwilioSms, twilioFromEnv, TWILIO_STATUS_PATH, type TwilioSettings } from "./providers/twilio";

export interface OutgoingMessage {
  recipient: string;
  subject: string | null;
  body: string;
  /** Who it is from, where the channel needs one: an SMS goes out from the store's own number (E.164). */
  sender?: string | null;
  /** Email: where her answer goes (reply+TOKEN@INBOUND_EMAIL_DOMAIN), so it comes back to her conversation. */
  replyTo?: string | null;
  /** Email: the Message-ID of her email this answers, for In-Reply-To and References (her mail app threads on them). */
  inReplyTo?: string | null;
  /** Email: files sent with it (a calendar invite). Other channels carry none. */
  attachments?: MessageAttachment[];
}

export interface MessageAttachment {
  filename: string;
  /** e.g. "text/calendar; charset=utf-8; method=PUBLISH" */
  contentType: string;
  content: string;
}

export type TransportName = "record" | "smtp" | "twilio";

/** What a provider said when it took the message: its id (for status callbacks) and whether it is queued or already sent. */
export interface SendReceipt {
  providerId?: string;
  status?: "queued" | "sent";
}

/** How a message leaves. "record" keeps it in the outbox only, for staff to see. */
export interface MessageTransport {
  name: TransportName;
  send(message: OutgoingMessage): Promise<SendReceipt | void>;
}

const record: MessageTransport = { name: "record", send: async () => {} };

/**
 * Whether a channel can reach a customer from this server. A channel that is
 * not set up says so, and nothing is "sent" on it: email needs SMTP_HOST, and
 * SMS has no provider yet. A QR code is shown on the tablet and needs nothing.
 */
export function channelSetUp(channel: "email" | "sms" | "in_store", env: Record<string, string | undefined> = process.env): { ok: true } | { ok: false; why: string } {
  if (channel === "in_store") return { ok: true };
  if (channel === "email") return env.SMTP_HOST ? { ok: true } : { ok: false, why: "no mail server set up" };
  return twilioFromEnv(env) ? { ok: true } : { ok: false, why: "no SMS provider set up" };
}

/**
 * Email goes through SMTP when SMTP_HOST is set (SMTP_PORT, SMTP_USER,
 * SMTP_PASSWORD, SMTP_FROM optional), SMS through Twilio when
 * TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set; otherwise messages are
 * only recorded. Twilio reports delivery to PUBLIC_URL (or `baseUrl`, the
 * link base of the request) + /api/webhooks/twilio/status; with neither it
 * is not asked to.
 */
export function transportFor(channel: "email" | "sms" | "in_store", env: Record<string, string | undefined> = process.env, { baseUrl }: { baseUrl?: string } = {}): MessageTransport {
  if (channel === "sms") {
    const twilio = twilioFromEnv(env);
    const base = (env.PUBLIC_URL?.trim() || baseUrl)?.replace(/\/+$/, "");
    return twilio ? twilioTransport(twilio, base ? `${base}${TWILIO_STATUS_PATH}` : null) : record;
  }
  if (channel !== "email" || !env.SMTP_HOST) return record;
  const port = Number(env.SMTP_PORT ?? 587);
  const mailer = nodemailer.createTransport({
    host: env.SMTP_HOST,
    port,
    secure: port === 465,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
  });
  return smtpTransport(mailer, env.SMTP_FROM ?? "Shopkeeper <no-reply@localhost>");
}

export function smtpTransport(mailer: nodemailer.Transporter, from: string): MessageTransport {
  return {
    name: "smtp",
    async send(message) {
      await mailer.sendMail({
        from,
        to: message.recipient,
        subject: message.subject ?? undefined,
        text: message.body,
        replyTo: message.replyTo ?? undefined,
        inReplyTo: message.inReplyTo ?? undefined,
        references: message.inReplyTo ?? undefined,
        attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
    },
  };
}

/** SMS through Twilio's Messages resource, from the store's number; the receipt carries Twilio's SID. */
export function twilioTransport(settings: TwilioSettings, statusCallback: string | null): MessageTransport {
  return {
    name: "twilio",
    async send(message) {
      if (!message.sender) throw new Error("The store has no phone number to send texts from.");
      return sendTwilioSms(settings, { from: message.sender, to: message.recipient, body: message.body, statusCallback });
    },
  };
}
