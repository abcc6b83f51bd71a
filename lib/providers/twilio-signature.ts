import { createHmac, timingSafeEqual } from "node:crypto";

// Kept apart from lib/providers/twilio.ts (which is server-only) so that the
// fake Twilio server in tests and scripts signs exactly as the app checks.

export type TwilioParams = URLSearchParams | Record<string, string> | ReadonlyArray<readonly [string, string]>;

function pairs(params: TwilioParams): Array<[string, string]> {
  if (params instanceof URLSearchParams) return [...params.entries()];
  if (Array.isArray(params)) return params.map(([name, value]) => [name, value]);
  return Object.entries(params as Record<string, string>);
}

/**
 * X-Twilio-Signature as Twilio computes it: the full URL it posted to, then
 * each POST parameter's name and value, sorted by name (a repeated name by
 * value), all joined without separators; HMAC-SHA1 keyed with the auth
 * token, base64.
 */
export function twilioSignature(url: string, params: TwilioParams, authToken: string): string {
  const sorted = pairs(params).sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const data = sorted.reduce((text, [name, value]) => text + name + value, url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/** True when `signature` is the one Twilio would send for this URL and these parameters; compared in constant time. */
export function verifyTwilioSignature({ url, params, signature, authToken }: { url: string; params: TwilioParams; signature: string | null | undefined; authToken: string }): boolean {
  if (!signature || !authToken) return false;
  const given = Buffer.from(signature.trim(), "utf8");
  const expected = Buffer.from(twilioSignature(url, params, authToken), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
