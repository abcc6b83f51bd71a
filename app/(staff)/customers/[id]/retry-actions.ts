"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { retryMessage } from "@/lib/outbox-retry";

const id = z.string().min(1).max(64);

/** Sends a failed message again (any channel); retryMessage scopes it to the caller's store. */
export const retryMessageAction = staffAction(z.object({ outboxId: id, customerId: id.optional() }), async (input, me) => {
  const result = await retryMessage(getDb(), { outboxId: input.outboxId, staffId: me.id, storeId: me.storeId });
  if (input.customerId) revalidatePath(`/customers/${input.customerId}`);
  revalidatePath("/mentions");
  revalidatePath("/outbox");
  if (result.ok) return { ok: true, message: "Sent again." };
  return { message: result.message };
});
