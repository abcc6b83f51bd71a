import { getDb } from "@/db";
import { parseXDelivery, receiveMentionWebhook } from "@/lib/ingest/mentions";

/**
 * Posts from the X API v2 filtered stream, forwarded by the retailer's stream
 * consumer and signed with X_WEBHOOK_SECRET in X-Shopkeeper-Signature.
 */
export async function POST(request: Request) {
  return receiveMentionWebhook(getDb(), request, "x", parseXDelivery);
}
