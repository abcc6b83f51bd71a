import "server-only";
import { z } from "zod";

export { twilioSignature, verifyTwilioSignature, type TwilioParams } from "./twilio-signature";

/** What Shopkeeper needs to send SMS through Twilio (lib/env.ts checks the values at start). */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  baseUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The Twilio settings, or null when SMS is not set up (the SID or the token is missing). */
export function twilioFromEnv(env: Env = process.env): TwilioSettings | null {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  if (!accountSid || !authToken) return null;
  const baseUrl = (env.TWILIO_BASE_URL?.trim() || "https://api.twilio.com").replace(/\/+$/, "");
  return { accountSid, authToken, baseUrl };
}

/** Where Twilio reports delivery: PUBLIC_URL (or the link base) + this path. */
export const TWILIO_STATUS_PATH = "/api/webhooks/twilio/status";
export const TWILIO_SMS_PATH = "/api/webhooks/twilio/sms";

// The Message resource as Twilio answers a create (only what is read here).
const messageResponse = z.object({ sid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/), status: z.string() });
const errorResponse = z.object({ code: z.number().optional(), message: z.string().optional() });

export class TwilioError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = "TwilioError";
  }
}

/** Twilio's own statuses, in the outbox's words: handed over is sent, anything before that is queued. */
export function outboxStatusFor(twilioStatus: string): "queued" | "sent" {
  return twilioStatus === "sent" || twilioStatus === "delivered" ? "sent" : "queued";
}

/**
 * Creates a Message (POST /2010-04-01/Accounts/{AccountSid}/Messages.json,
 * form-encoded, HTTP Basic with the SID and token). Throws a TwilioError with
 * Twilio's message and code when it refuses; the token is never in it.
 */
export async function sendTwilioSms(
  settings: TwilioSettings,
  { from, to, body, statusCallback }: { from: string; to: string; body: string; statusCallback?: string | null },
): Promise<{ providerId: string; status: "queued" | "sent" }> {
  const form = new URLSearchParams({ To: to, From: from, Body: body });
  if (statusCallback) form.set("StatusCallback", statusCallback);
  const url = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: form,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const why = error instanceof Error && error.name === "TimeoutError" ? "did not answer within 15 seconds" : "could not be reached";
    throw new TwilioError(`Twilio ${why}.`, null, null);
  }
  const text = await response.text();
  const json = safeJson(text);
  if (!response.ok) {
    const error = errorResponse.safeParse(json);
    const code = error.success ? (error.data.code ?? null) : null;
    const message = (error.success && error.data.message) || `Twilio answered HTTP ${response.status}.`;
    throw new TwilioError(code ? `Twilio error ${code}: ${message}` : message, code, response.status);
  }
  const message = messageResponse.safeParse(json);
  if (!message.success) throw new TwilioError(`Twilio answered HTTP ${response.status} without a message SID.`, null, response.status);
  return { providerId: message.data.sid, status: outboxStatusFor(message.data.status) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Plain words for the delivery errors a store is most likely to see (Twilio's error dictionary). */
const DELIVERY_ERRORS: Record<string, string> = {
  "21610": "the customer has replied STOP to this number",
  "21211": "the number is not a valid phone number",
  "21614": "the number cannot receive text messages",
  "30003": "the phone is off or out of reach",
  "30004": "the customer's carrier blocked the message",
  "30005": "the number is unknown or no longer in service",
  "30006": "the number is a landline or cannot receive texts",
  "30007": "the carrier filtered the message as spam",
  "30008": "the carrier gave no reason",
};

/** "Twilio error 30003 (the phone is off or out of reach)", kept on a failed outbox row. */
export function describeTwilioError(code: string | null | undefined): string {
  if (!code) return "Twilio could not deliver it";
  const plain = DELIVERY_ERRORS[code];
  return plain ? `Twilio error ${code} (${plain})` : `Twilio error ${code}`;
}
