import "server-only";
import { readRawBody } from "@/lib/webhook-signature";
import { twilioFromEnv, verifyTwilioSignature } from "./twilio";

/** Twilio's form posts are a few kilobytes; anything far bigger is not one. */
export const MAX_TWILIO_WEBHOOK_BYTES = 64 * 1024;

export type TwilioWebhook = { ok: true; params: Record<string, string>; accountSid: string } | { ok: false; status: 400 | 403 | 413 | 503; error: string };

/**
 * The URL Twilio signed: the one it was given, so PUBLIC_URL's origin with
 * this request's path and query when PUBLIC_URL is set (behind a proxy the
 * request's own URL is the proxy's), else the request's URL.
 */
export function signedUrl(request: Request, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const configured = env.PUBLIC_URL?.trim().replace(/\/+$/, "");
  if (!configured) return request.url;
  const { pathname, search } = new URL(request.url);
  return `${configured}${pathname}${search}`;
}

/**
 * The checks every Twilio webhook passes before its form is read: SMS set up
 * (503 otherwise: without the token nothing can be checked, so nothing is
 * accepted), a body within the limit, and an X-Twilio-Signature that matches
 * the URL and the form's parameters (403, as Twilio's own helpers answer).
 */
export async function readTwilioWebhook(request: Request, env: Readonly<Record<string, string | undefined>> = process.env): Promise<TwilioWebhook> {
  const twilio = twilioFromEnv(env);
  if (!twilio) return { ok: false, status: 503, error: "SMS is not set up on this server (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN), so Twilio's posts cannot be checked and none is accepted." };
  const body = await readRawBody(request, MAX_TWILIO_WEBHOOK_BYTES);
  if (!body.ok) {
    return body.reason === "too_large"
      ? { ok: false, status: 413, error: `The body is over ${MAX_TWILIO_WEBHOOK_BYTES / 1024} KB.` }
      : { ok: false, status: 400, error: "The body could not be read to its end; send it again." };
  }
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return { ok: false, status: 403, error: "The X-Twilio-Signature header is missing." };
  // Any other body parses to parameters that the signature does not match.
  const params = new URLSearchParams(body.bytes.toString("utf8"));
  if (!verifyTwilioSignature({ url: signedUrl(request, env), params, signature, authToken: twilio.authToken })) {
    return { ok: false, status: 403, error: "The X-Twilio-Signature does not match this URL and form." };
  }
  return { ok: true, params: Object.fromEntries(params), accountSid: twilio.accountSid };
}
