import { getDb } from "@/db";
import { parseInstagramDelivery, receiveMentionWebhook } from "@/lib/ingest/mentions";
import { metaVerifyToken, sameSecret } from "@/lib/webhook-signature";

const PLAIN = { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" };

/** Meta's subscription handshake: echo hub.challenge when hub.verify_token is ours. */
export function GET(request: Request) {
  const expected = metaVerifyToken();
  if (!expected) return new Response("META_VERIFY_TOKEN is not set, so this endpoint cannot be subscribed.", { status: 503, headers: PLAIN });
  const params = new URL(request.url).searchParams;
  if (params.get("hub.mode") !== "subscribe" || !sameSecret(params.get("hub.verify_token"), expected)) {
    return new Response("The verify token does not match.", { status: 403, headers: PLAIN });
  }
  const challenge = params.get("hub.challenge");
  if (!challenge || challenge.length > 200) return new Response("hub.challenge is missing.", { status: 400, headers: PLAIN });
  return new Response(challenge, { status: 200, headers: PLAIN });
}

/** Instagram comments and mentions notifications, signed with META_APP_SECRET in X-Hub-Signature-256. */
export async function POST(request: Request) {
  return receiveMentionWebhook(getDb(), request, "instagram", parseInstagramDelivery);
}
