import type { APIRequestContext, APIResponse } from "@playwright/test";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, incomingSmsParams, twilioSid } from "../../lib/testing/fake-twilio";
import { twilioSignature } from "../../lib/providers/twilio-signature";

/** The Twilio settings the e2e server runs with: a fake Twilio on this machine (scripts/e2e-server.ts). */
export function twilioEnv(port: number) {
  return {
    TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
    TWILIO_BASE_URL: `http://127.0.0.1:${port}`,
    E2E_TWILIO_PORT: String(port),
  } as const;
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
