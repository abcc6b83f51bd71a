import { getDb } from "@/db";
import { readTwilioWebhook } from "@/lib/providers/twilio-webhook";
import { incomingSmsSchema, receiveSms, twiml } from "@/lib/sms-inbound";

const XML = { "content-type": "text/xml; charset=utf-8" };

/**
 * Texts customers send to a store's number (the number's "A message comes in"
 * webhook in Twilio), signed with the auth token in X-Twilio-Signature. Kept
 * for staff to answer; STOP, START and HELP are answered here in TwiML. A
 * number that is no store's is answered with an empty <Response/>.
 */
export async function POST(request: Request) {
  const webhook = await readTwilioWebhook(request);
  if (!webhook.ok) return Response.json({ error: webhook.error }, { status: webhook.status });
  const parsed = incomingSmsSchema.safeParse(webhook.params);
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((issue) => issue.message).join(" ") }, { status: 400 });
  try {
    const received = await receiveSms(getDb(), parsed.data);
    return new Response(twiml(received.reply), { status: 200, headers: XML });
  } catch (error) {
    console.error("Keeping an incoming text failed", error);
    return Response.json({ error: "The text could not be kept just now." }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
