import { getDb } from "@/db";
import { readTwilioWebhook } from "@/lib/providers/twilio-webhook";
import { recordSmsStatus, statusCallbackSchema } from "@/lib/sms-inbound";

/**
 * Twilio's status callbacks for the texts Shopkeeper sent (the StatusCallback
 * given with each message): signed with the auth token in X-Twilio-Signature.
 * Moves the message's outbox row to sent, delivered or failed; an unknown SID
 * is answered 200 and changes nothing, so Twilio does not retry it.
 */
export async function POST(request: Request) {
  const webhook = await readTwilioWebhook(request);
  if (!webhook.ok) return Response.json({ error: webhook.error }, { status: webhook.status });
  const parsed = statusCallbackSchema.safeParse(webhook.params);
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((issue) => issue.message).join(" ") }, { status: 400 });
  try {
    const result = await recordSmsStatus(getDb(), parsed.data);
    return Response.json(result);
  } catch (error) {
    // Ours, not Twilio's: it retries a callback that fails.
    console.error("Recording a Twilio status callback failed", error);
    return Response.json({ error: "The status could not be recorded just now." }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
