import { getDb } from "@/db";
import { settings } from "@/lib/env";
import { basicAuthMatches, MAX_INBOUND_EMAIL_BYTES, postmarkInboundSchema, receiveEmail } from "@/lib/email-inbound";
import { readRawBody } from "@/lib/webhook-signature";

const REALM = { "WWW-Authenticate": 'Basic realm="Shopkeeper inbound email", charset="UTF-8"' };

/**
 * Emails customers send us, as Postmark's inbound webhook posts them (JSON,
 * https://postmarkapp.com/developer/webhooks/inbound-webhook). Postmark
 * authenticates with HTTP Basic credentials written into the webhook URL
 * (https://USER:PASSWORD@…/api/webhooks/email): they must match
 * INBOUND_EMAIL_WEBHOOK_USER and INBOUND_EMAIL_WEBHOOK_PASSWORD. The email is
 * kept in the conversation its reply+TOKEN address names (lib/email-inbound.ts).
 * Postmark retries anything but a 200 (and stops at a 403), so an email that
 * belongs to no conversation is answered 200 too, and kept nowhere.
 */
export async function POST(request: Request) {
  const { INBOUND_EMAIL_WEBHOOK_USER: user, INBOUND_EMAIL_WEBHOOK_PASSWORD: password } = settings();
  if (!user || !password) {
    return Response.json(
      { error: "Replies by email are not set up on this server (INBOUND_EMAIL_WEBHOOK_USER and INBOUND_EMAIL_WEBHOOK_PASSWORD), so nothing is accepted." },
      { status: 503 },
    );
  }
  if (!basicAuthMatches(request.headers.get("authorization"), user, password)) {
    return Response.json({ error: "The user name and password in the webhook URL are missing or wrong." }, { status: 401, headers: REALM });
  }
  const raw = await readRawBody(request, MAX_INBOUND_EMAIL_BYTES);
  if (!raw.ok) {
    return raw.reason === "too_large"
      ? Response.json({ error: `The body is over ${MAX_INBOUND_EMAIL_BYTES / 1024 / 1024} MB.` }, { status: 413 })
      : Response.json({ error: "The body could not be read to its end; send it again." }, { status: 400 });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.bytes.toString("utf8"));
  } catch {
    return Response.json({ error: "The body is not JSON: send Postmark's inbound webhook JSON." }, { status: 400 });
  }
  const parsed = postmarkInboundSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
    return Response.json({ error: `This is not Postmark's inbound webhook JSON. ${[...new Set(problems)].slice(0, 10).join(" ")}` }, { status: 400 });
  }
  try {
    const received = await receiveEmail(getDb(), parsed.data);
    return Response.json(received.stored ? { stored: true, duplicate: received.duplicate } : { stored: false, reason: "No customer's conversation matches this email's address or sender." });
  } catch (error) {
    console.error("Keeping an incoming email failed", error instanceof Error ? error.message : error);
    return Response.json({ error: "The email could not be kept just now." }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
