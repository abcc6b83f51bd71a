"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { revokeLink, sendLinkToCustomer } from "@/lib/customer-links";

const id = z.string().min(1).max(64);

async function siteUrl(): Promise<string> {
  if (process.env.PUBLIC_URL) return process.env.PUBLIC_URL;
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
}

const SEND_ERRORS = {
  not_found: "That customer no longer exists.",
  no_consent: "The customer has not agreed to be contacted this way. Choose another channel.",
  no_address: "There is no address on file for this channel.",
  no_holds: "Choose at least one item that is still on hold at your store.",
} as const;

export const sendLinkAction = staffAction(
  z.object({
    customerId: id,
    holdIds: z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(id).min(1, "Choose at least one item.").max(20)),
    channel: z.enum(["email", "sms"], { message: "Choose how to send it." }),
    message: z.string().trim().min(1, "Write a short personal message.").max(500, "Keep the message under 500 characters."),
  }),
  async (input, me) => {
    const result = sendLinkToCustomer(getDb(), { ...input, staffId: me.id, storeId: me.storeId, baseUrl: await siteUrl() });
    if (!result.ok) return { message: SEND_ERRORS[result.reason] };
    revalidatePath(`/customers/${input.customerId}`);
    return { ok: true, message: `Sent by ${input.channel === "sms" ? "SMS" : "email"}. The link stays active until the last item's hold ends.` };
  },
);

export const revokeLinkAction = staffAction(z.object({ customerId: id, linkId: id }), async (input, me) => {
  const result = revokeLink(getDb(), { linkId: input.linkId, staffId: me.id, storeId: me.storeId });
  if (!result.ok) return { message: "That link was not sent from your store." };
  revalidatePath(`/customers/${input.customerId}`);
  return { ok: true, message: "Link revoked." };
});
