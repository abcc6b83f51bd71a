import type { APIRequestContext } from "@playwright/test";

/** The inbound-email settings the e2e server runs with (playwright.config.ts passes them to it). */
export const INBOUND_EMAIL_DOMAIN = "reply.e2e.example";
export const INBOUND_EMAIL_WEBHOOK_USER = "postmark";
export const INBOUND_EMAIL_WEBHOOK_PASSWORD = "e2e-inbound-email-password-0123456789";
export const INBOUND_EMAIL_ENV = { INBOUND_EMAIL_DOMAIN, INBOUND_EMAIL_WEBHOOK_USER, INBOUND_EMAIL_WEBHOOK_PASSWORD } as const;

/** Posts an email to the app's /api/webhooks/email as Postmark's inbound webhook does: JSON, Basic credentials from its webhook URL. */
export function postmarkPosts(request: APIRequestContext, baseUrl: string, mail: object, credentials = { user: INBOUND_EMAIL_WEBHOOK_USER, password: INBOUND_EMAIL_WEBHOOK_PASSWORD }) {
  return request.post(`${baseUrl}/api/webhooks/email`, {
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}` },
    data: JSON.stringify(mail),
  });
}
