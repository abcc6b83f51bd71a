"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { dismissMention, linkMentionToProduct, replyToMention, type MentionResult } from "@/lib/mentions";

const id = z.string().min(1).max(64);

function mentionOutcome(result: MentionResult, customerId: string | undefined, done: string): ActionState {
  if (result.ok) {
    if (customerId) revalidatePath(`/customers/${customerId}`);
    revalidatePath("/mentions");
    return { ok: true, message: done };
  }
  return { message: result.reason === "closed" ? "A colleague has already answered or dismissed this post." : "This post is not in your store's inbox." };
}

const mentionFields = { mentionId: id, customerId: id.optional() };

export const replyToMentionAction = staffAction(
  z.object({ ...mentionFields, text: z.string().trim().min(1, "Write a reply first.").max(280, "A reply on X is at most 280 characters.") }),
  async (input, me) => mentionOutcome(replyToMention(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Reply recorded."),
);

export const dismissMentionAction = staffAction(z.object(mentionFields), async (input, me) =>
  mentionOutcome(dismissMention(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Dismissed."),
);

export const linkMentionProductAction = staffAction(z.object({ ...mentionFields, productId: id }), async (input, me) =>
  mentionOutcome(linkMentionToProduct(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Linked to the product."),
);
