import { createHmac } from "node:crypto";

/** The webhook secrets the e2e server runs with (playwright.config.ts passes them to it). */
export const X_WEBHOOK_SECRET = "e2e-x-webhook-secret-0123456789abcdef";
export const META_APP_SECRET = "e2e-meta-app-secret-0123456789abcdef";
export const META_VERIFY_TOKEN = "e2e-meta-verify-token";

export const WEBHOOK_ENV = { X_WEBHOOK_SECRET, META_APP_SECRET, META_VERIFY_TOKEN } as const;

/** "sha256=<hex>" over the exact body, as X-Shopkeeper-Signature and X-Hub-Signature-256 expect. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Headers for POST /api/v1/mentions/x with this exact body. */
export function xWebhookHeaders(body: string): Record<string, string> {
  return { "content-type": "application/json", "x-shopkeeper-signature": signBody(body, X_WEBHOOK_SECRET) };
}

/** Headers for POST /api/v1/mentions/instagram with this exact body. */
export function instagramWebhookHeaders(body: string): Record<string, string> {
  return { "content-type": "application/json", "x-hub-signature-256": signBody(body, META_APP_SECRET) };
}
