import "server-only";
import nodemailer from "nodemailer";

export interface OutgoingMessage {
  recipient: string;
  subject: string | null;
  body: string;
}

/** How a message leaves. "record" keeps it in the outbox only, for staff to see. */
export interface MessageTransport {
  name: "record" | "smtp";
  send(message: OutgoingMessage): Promise<void>;
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
  return { ok: false, why: "no SMS provider set up" };
}

/**
 * Email goes through SMTP when SMTP_HOST is set (SMTP_PORT, SMTP_USER,
 * SMTP_PASSWORD, SMTP_FROM optional); otherwise messages are only recorded.
 * SMS has no provider yet and is always recorded.
 */
export function transportFor(channel: "email" | "sms" | "in_store", env: Record<string, string | undefined> = process.env): MessageTransport {
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
      await mailer.sendMail({ from, to: message.recipient, subject: message.subject ?? undefined, text: message.body });
    },
  };
}
