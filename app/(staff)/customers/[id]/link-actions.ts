"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import QRCode from "qrcode";
import { answerQuestion, deliverOutboxMessage, revokeLink, sendLinkToCustomer } from "@/lib/customer-links";
import { channelSetUp, transportFor } from "@/lib/transports";
import { sendSmsToCustomer } from "@/lib/sms";
import { answerEmail } from "@/lib/email-answer";
import { linkBaseUrl } from "@/lib/public-url";
import type { ActionState } from "@/lib/actions";

export interface SendLinkState extends ActionState {
  /** For a customer standing in the store: the link as a QR code (SVG markup from the qrcode library). */
  qrSvg?: string;
}

const id = z.string().min(1).max(64);

/** Nothing written but the greeting the form starts with ("Hi Alicia,"), or nothing at all. */
function isOnlyGreeting(message: string): boolean {
  return message.replace(/^(hi|hello|hey|dear|good (morning|afternoon|evening))(\s+[\p{L}'’-]+)?\s*[,.!]?/iu, "").trim() === "";
}

const SEND_ERRORS = {
  not_found: "That customer no longer exists.",
  no_consent: "The customer has not agreed to be contacted this way. Choose another channel.",
  no_address: "There is no address on file for this channel.",
  no_holds: "Choose at least one item that is still on hold at your store.",
  over_daily_limit: "Your store has sent as many emails and texts today as it may (a limit against mistakes and misuse). Show the QR code instead, or send it tomorrow.",
} as const;

export const sendLinkAction = staffAction<z.ZodType<{ customerId: string; holdIds: string[]; channel: "email" | "sms" | "in_store"; message: string }>, SendLinkState>(
  z
    .object({
      customerId: id,
      holdIds: z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(id).min(1, "Choose at least one item.").max(20)),
      channel: z.enum(["email", "sms", "in_store"], { message: "Choose how to send it." }),
      message: z.preprocess((v) => v ?? "", z.string().trim().max(500, "Keep the message under 500 characters.")),
    })
    .refine((input) => input.channel === "in_store" || !isOnlyGreeting(input.message), {
      path: ["message"],
      message: "Write a short personal message: it goes out with the link. (A QR code shown here needs none.)",
    }),
  async (input, me) => {
    const setUp = channelSetUp(input.channel);
    if (!setUp.ok) {
      const what = input.channel === "sms" ? "Text messages are" : "Email is";
      return { message: `Nothing was sent: ${what.toLowerCase()} not set up on this server (${setUp.why}). Show the QR code instead, or ask your manager to set it up.` };
    }
    const transport = transportFor(input.channel);
    const db = getDb();
    const result = await sendLinkToCustomer(db, { ...input, staffId: me.id, storeId: me.storeId, baseUrl: linkBaseUrl(await headers()), transport: transport.name });
    if (!result.ok) return { message: SEND_ERRORS[result.reason] };
    revalidatePath(`/customers/${input.customerId}`);
    if (input.channel === "in_store") {
      const qrSvg = await QRCode.toString(result.url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      return { ok: true, qrSvg, message: "Ask the customer to point their phone camera at this code." };
    }
    // The link goes into the message only here, on its way out; the outbox keeps a placeholder.
    const delivered = await deliverOutboxMessage(db, { outboxId: result.outboxId, transport, link: result.url });
    if (!delivered.ok) return { message: `The ${input.channel === "sms" ? "text" : "email"} could not be sent, so its link was turned off. Send it again later, or show the QR code.` };
    return { ok: true, message: `Sent by ${input.channel === "sms" ? "SMS" : "email"}. The link stays active until the last item's hold ends.` };
  },
);

export const revokeLinkAction = staffAction(z.object({ customerId: id, linkId: id }), async (input, me) => {
  const result = await revokeLink(getDb(), { linkId: input.linkId, staffId: me.id, storeId: me.storeId });
  if (!result.ok) return { message: "That link was not sent from your store." };
  revalidatePath(`/customers/${input.customerId}`);
  return { ok: true, message: "Link revoked." };
});

/** Answers a question the customer asked from her page; the answer shows there. Scoped to the caller's store in the query. */
export const answerQuestionAction = staffAction(
  z.object({
    customerId: id,
    responseId: id,
    text: z.string().trim().min(1, "Write an answer first.").max(1000, "Keep the answer under 1,000 characters."),
  }),
  async (input, me) => {
    const result = await answerQuestion(getDb(), { responseId: input.responseId, storeId: me.storeId, staffId: me.id, text: input.text });
    if (!result.ok) {
      return {
        message:
          result.reason === "inactive"
            ? "Her link has ended, so she would not see an answer there. Answer by text or email instead."
            : "That question was not asked of your store, or it no longer exists.",
      };
    }
    revalidatePath(`/customers/${input.customerId}`);
    return { ok: true, message: "Answered. It shows on her page under her question." };
  },
);

/**
 * A text to the customer from the store's number, or an answer to a text she
 * sent (inReplyTo): lib/sms.ts decides whether it may go (consent, or a reply
 * within 24 hours of hers, never after STOP; the store's daily limit).
 */
export const sendTextAction = staffAction(
  z.object({
    customerId: id,
    inReplyTo: id.optional(),
    body: z.string().trim().min(1, "Write the message first.").max(1600, "A text is at most 1,600 characters."),
  }),
  async (input, me) => {
    const result = await sendSmsToCustomer(getDb(), { customerId: input.customerId, storeId: me.storeId, staffId: me.id, body: input.body, inReplyToInboundId: input.inReplyTo, baseUrl: linkBaseUrl(await headers()) });
    revalidatePath(`/customers/${input.customerId}`);
    if (!result.ok) return { message: result.message };
    return { ok: true, message: result.status === "failed" ? "The text could not be sent; it is in the conversation with the reason." : "Text sent from the store's number." };
  },
);

/**
 * Answers an email the customer sent the store, by email (lib/email-answer.ts):
 * only an email sent to the caller's store, checked in the query.
 */
export const answerEmailAction = staffAction(
  z.object({
    customerId: id,
    inReplyTo: id,
    body: z.string().trim().min(1, "Write the answer first.").max(5000, "Keep the answer under 5,000 characters."),
  }),
  async (input, me) => {
    const result = await answerEmail(getDb(), { inboundId: input.inReplyTo, customerId: input.customerId, storeId: me.storeId, staffId: me.id, body: input.body });
    revalidatePath(`/customers/${input.customerId}`);
    if (!result.ok) return { message: result.reason === "failed" && result.outboxId ? "The email could not be sent; it is in the conversation with the reason. Her email still waits for an answer." : result.message };
    return { ok: true, message: "Email sent. Her answer comes back to this conversation." };
  },
);
