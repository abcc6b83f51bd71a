"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { SOCIAL_ACCOUNT_NETWORKS } from "@/db/schema-constants";
import { managerAction } from "@/lib/actions";
import { connectInstagram, disconnectStoreAccount } from "@/lib/social-accounts";

const instagram = z.object({
  accountId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, "The Instagram account id is a number, e.g. 17841400000000000 (Meta Business Suite, or the Graph API Explorer)."),
  accessToken: z.string().trim().min(20, "Paste the whole access token: it is long.").max(1000, "That is longer than an access token: paste the token only."),
});

export const connectInstagramAction = managerAction(instagram, async ({ accountId, accessToken }, me) => {
  const result = await connectInstagram(getDb(), { storeId: me.storeId, staffId: me.id, accountId, accessToken });
  // The token is never sent back to the form, even to show it again.
  if (!result.ok) return { message: result.message, values: { accountId } };
  revalidatePath("/store/accounts");
  return { ok: true, message: `Instagram connected as @${result.username}. Replies to comments go out from it.` };
});

export const disconnectAccountAction = managerAction(z.object({ network: z.enum(SOCIAL_ACCOUNT_NETWORKS) }), async ({ network }, me) => {
  const removed = await disconnectStoreAccount(getDb(), { storeId: me.storeId, staffId: me.id, network });
  revalidatePath("/store/accounts");
  const name = network === "x" ? "X" : "Instagram";
  return removed ? { ok: true, message: `${name} disconnected. Replies on ${name} can no longer be sent from Shopkeeper.` } : { message: `${name} was not connected.` };
});
