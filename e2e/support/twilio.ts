import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, incomingSmsParams, readFakeTwilioLog, statusCallbackParams, twilioSid } from "../../lib/testing/fake-twilio";
import { twilioSignature } from "../../lib/providers/twilio-signature";

/** The Twilio settings the e2e server runs with: a fake Twilio on this machine (scripts/e2e-server.ts). */
export function twilioEnv(port: number) {
  return {
    TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
    TWILIO_BASE_URL: `http://127.0.0.1:${port}`,
    E2E_TWILIO_PORT: String(port),
    E2E_TWILIO_LOG: process.env.E2E_TWILIO_LOG ?? twilioLogFile(port),
  } as const;
}

/** Where the e2e server's fake Twilio writes what it was sent. */
export const twilioLogFile = (port: number) => path.resolve("data", "e2e-twilio", `${port}.jsonl`);

/** The texts the app created through the fake Twilio, oldest first (playwright.config.ts names the log in E2E_TWILIO_LOG). */
export const textsSent = () => readFakeTwilioLog(process.env.E2E_TWILIO_LOG!).filter((r) => r.sid);

/** Posts Twilio's status callback for a text, signed for the StatusCallback the app gave. */
export async function reportTextStatus(request: APIRequestContext, callbackUrl: string, text: { sid: string; from: string; to: string }, status: "sent" | "delivered" | "undelivered" | "failed", errorCode?: string) {
  const params = statusCallbackParams({ accountSid: FAKE_TWILIO_ACCOUNT_SID, sid: text.sid, from: text.from, to: text.to, status, errorCode });
  return request.post(callbackUrl, {
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(callbackUrl, params, FAKE_TWILIO_AUTH_TOKEN) },
    data: new URLSearchParams(params).toString(),
  });
}

/** Posts a text to the app's incoming-SMS webhook as Twilio does: a form, signed for the exact URL (PUBLIC_URL is the base URL here). */
export async function textTheStore(request: APIRequestContext, baseUrl: string, text: { from: string; to: string; body: string; sid?: string }, { signed = true } = {}): Promise<APIResponse> {
  const url = `${baseUrl}/api/webhooks/twilio/sms`;
  const params = incomingSmsParams({ accountSid: FAKE_TWILIO_ACCOUNT_SID, sid: text.sid ?? twilioSid("SM"), ...text });
  return request.post(url, {
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signed ? { "x-twilio-signature": twilioSignature(url, params, FAKE_TWILIO_AUTH_TOKEN) } : {}) },
    data: new URLSearchParams(params).toString(),
  });
}
