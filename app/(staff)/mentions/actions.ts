"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { normalisePhone } from "@/lib/contact-normalise";
import {
  assignMention,
  createCustomerFromMention,
  dismissMention,
  LONGEST_REPLY,
  linkMentionToCustomer,
  linkMentionToProduct,
  replyToMention,
  type MentionResult,
} from "@/lib/mentions";
import { findProducts, type ProductChoice } from "@/lib/product-lookup";
import { assignMessage, dismissMessage } from "@/lib/inbound-messages";
import { sendMentionReply } from "@/lib/social-replies";

const id = z.string().min(1).max(64);

function mentionOutcome(result: MentionResult, customerId: string | undefined, done: string, values?: Record<string, unknown>): ActionState {
  if (result.ok) {
    if (customerId) revalidatePath(`/customers/${customerId}`);
    revalidatePath("/mentions");
    return { ok: true, message: done };
  }
  if (result.reason === "too_long") {
    const { network, max } = result.limit;
    return { message: "Some details need a second look.", fieldErrors: { text: [`A reply on ${network} is at most ${max.toLocaleString("en-US")} characters.`] }, values };
  }
  // Other refusals leave nothing to correct; the reply form keeps its text on the client (keep-typed.ts).
  return { message: result.reason === "closed" ? "A colleague has already answered or dismissed this post." : "This post is not in your store's inbox." };
}

const mentionFields = { mentionId: id, customerId: id.optional() };

// The post's own network sets the real limit (X 280, Instagram 2,200), checked once the post is read.
const replyFields = z.object({ ...mentionFields, text: z.string().trim().min(1, "Write a reply first.").max(LONGEST_REPLY, `A reply is at most ${LONGEST_REPLY.toLocaleString("en-US")} characters.`) });

/** Sends the reply from the store's account on the post's network (lib/social-replies.ts). */
export const replyToMentionAction = staffAction(replyFields, async (input, me) => {
  const result = await sendMentionReply(getDb(), { mentionId: input.mentionId, text: input.text, staffId: me.id, storeId: me.storeId });
  // Sent or failed, the thread and the inbox show the reply as it now stands.
  if (input.customerId) revalidatePath(`/customers/${input.customerId}`);
  revalidatePath("/mentions");
  if (result.ok) return { ok: true, message: "Reply sent." };
  if (result.reason === "too_long") return { message: "Some details need a second look.", fieldErrors: { text: [result.message] }, values: { text: input.text } };
  return { message: result.message, values: { text: input.text } };
});

/** For an answer written on the network itself: noted here, nothing is sent. */
export const noteReplyAction = staffAction(replyFields, async (input, me) =>
  mentionOutcome(await replyToMention(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Your answer is noted; nothing was sent from Shopkeeper.", { text: input.text }),
);

export const dismissMentionAction = staffAction(z.object(mentionFields), async (input, me) => {
  const result = await dismissMention(getDb(), { ...input, staffId: me.id, storeId: me.storeId });
  // Dismissing is the one close that can be undone: a reply has been sent.
  return { ...mentionOutcome(result, input.customerId, "Dismissed; no reply needed."), undoId: result.ok ? result.auditId : undefined };
});

/**
 * Claiming a post for oneself, or (a manager) assigning it to a colleague or
 * to nobody. An associate may only claim: assigning others is the manager's.
 */
export const assignMentionAction = staffAction(z.object({ mentionId: id, assignee: z.union([z.literal("me"), z.literal("nobody"), id]) }), async (input, me) => {
  const assigneeId = input.assignee === "me" ? me.id : input.assignee === "nobody" ? null : input.assignee;
  if (me.role !== "manager" && assigneeId !== me.id) return { message: "Only a manager can assign a post to someone else. Claim it for yourself instead." };
  const result = await assignMention(getDb(), { mentionId: input.mentionId, staffId: me.id, storeId: me.storeId, assigneeId });
  if (!result.ok) {
    return {
      message:
        result.reason === "closed"
          ? "A colleague has already answered or dismissed this post."
          : result.reason === "no_such_person"
            ? "That person does not work at your store."
            : "This post is not in your store's inbox.",
    };
  }
  revalidatePath("/mentions");
  return { ok: true, message: result.assigneeName ? (assigneeId === me.id ? "Claimed: it is yours to answer." : `Assigned to ${result.assigneeName}.`) : "Nobody is answering it now." };
});

export const linkMentionProductAction = staffAction(z.object({ ...mentionFields, productId: id }), async (input, me) =>
  mentionOutcome(await linkMentionToProduct(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Linked to the product."),
);

export type ProductSearchState = ActionState & { query?: string; products?: ProductChoice[]; limited?: boolean };

const productSearchSchema = z.object({ q: z.string().trim().min(2, "Type at least two letters of the name, brand or style code.").max(100, "Search with at most 100 characters.") });

/** The "link to a product" search: a few products by name, brand or style code, never the whole catalogue. */
export const findMentionProductsAction = staffAction<typeof productSearchSchema, ProductSearchState>(productSearchSchema, async ({ q }) => {
  const found = await findProducts(getDb(), { query: q });
  return { ok: true, query: q, values: { q }, ...found };
});

const UNLINKED_REFUSALS = {
  not_found: "This post is not in your store's inbox.",
  already_linked: "A colleague has already linked this post to a customer.",
} as const;

const alsoLinked = (count: number) => (count ? ` ${count === 1 ? "One more post" : `${count} more posts`} from them linked too.` : "");

export const linkMentionCustomerAction = staffAction(z.object({ mentionId: id, customerId: id }), async (input, me) => {
  const result = await linkMentionToCustomer(getDb(), { mentionId: input.mentionId, customerId: input.customerId, staffId: me.id, storeId: me.storeId });
  if (!result.ok) return { message: result.reason === "customer_not_found" ? "That customer no longer exists." : UNLINKED_REFUSALS[result.reason] };
  revalidatePath(`/customers/${result.customerId}`);
  revalidatePath("/mentions");
  const who = result.customerName;
  const handle = {
    added: ` The handle is on ${who}'s profile now, so their next posts match by themselves.`,
    already_theirs: "",
    taken: " The handle belongs to another customer, so only this post was linked.",
    none: "",
  }[result.handle];
  return { ok: true, message: `Linked to ${who}.${handle}${alsoLinked(result.alsoLinked)}` };
});

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((v) => v || undefined);

const newCustomerSchema = z.object({
  mentionId: id,
  firstName: z.string().trim().min(1, "Enter a first name.").max(80, "A first name is at most 80 characters."),
  lastName: z.string().trim().min(1, "Enter a last name.").max(80, "A last name is at most 80 characters."),
  email: optionalText(254, "An email is at most 254 characters.").pipe(z.email("Enter an email like name@example.com.").optional()),
  phone: optionalText(40, "A phone number is at most 40 characters.").transform((value, ctx) => {
    if (!value) return undefined;
    const e164 = normalisePhone(value);
    if (!e164) ctx.addIssue({ code: "custom", message: "Enter a phone number with its area code, e.g. (212) 555-0143, or +44 20 7946 0958." });
    return e164 ?? undefined;
  }),
  handle: optionalText(60, "A handle is at most 60 characters."),
});

export const createMentionCustomerAction = staffAction(newCustomerSchema, async (input, me) => {
  const { mentionId, ...customer } = input;
  const result = await createCustomerFromMention(getDb(), { mentionId, staffId: me.id, storeId: me.storeId, customer });
  if (!result.ok) {
    const values = { ...input };
    if (result.reason === "email_taken") return { message: "Some details need a second look.", fieldErrors: { email: ["A customer with this email exists already: find them under Link to customer."] }, values };
    if (result.reason === "handle_taken") return { message: "Some details need a second look.", fieldErrors: { handle: ["Another customer has this handle already: find them under Link to customer."] }, values };
    return { message: UNLINKED_REFUSALS[result.reason], values };
  }
  revalidatePath("/mentions");
  return { ok: true, message: `${customer.firstName} ${customer.lastName} is a customer of ${me.storeName} now, with this post on their profile.${alsoLinked(result.alsoLinked)}` };
});

function messageRefusal(reason: "not_found" | "no_such_person" | "closed"): ActionState {
  return {
    message:
      reason === "closed" ? "A colleague has already answered or dismissed this message." : reason === "no_such_person" ? "That person does not work at your store." : "This message is not in your store's inbox.",
  };
}

/** Claiming a text or email for oneself, or (a manager) assigning it, as for posts. */
export const assignMessageAction = staffAction(z.object({ messageId: id, assignee: z.union([z.literal("me"), z.literal("nobody"), id]) }), async (input, me) => {
  const assigneeId = input.assignee === "me" ? me.id : input.assignee === "nobody" ? null : input.assignee;
  if (me.role !== "manager" && assigneeId !== me.id) return { message: "Only a manager can assign a message to someone else. Claim it for yourself instead." };
  const result = await assignMessage(getDb(), { messageId: input.messageId, staffId: me.id, storeId: me.storeId, assigneeId });
  if (!result.ok) return messageRefusal(result.reason);
  revalidatePath("/mentions");
  return { ok: true, message: result.assigneeName ? (assigneeId === me.id ? "Claimed: it is yours to answer." : `Assigned to ${result.assigneeName}.`) : "Nobody is answering it now." };
});

/** A text or email that needs no answer ("Thanks, see you then") leaves the waiting list. */
export const dismissMessageAction = staffAction(z.object({ messageId: id }), async (input, me) => {
  const result = await dismissMessage(getDb(), { messageId: input.messageId, staffId: me.id, storeId: me.storeId });
  if (!result.ok) return messageRefusal(result.reason);
  revalidatePath("/mentions");
  if (result.customerId) revalidatePath(`/customers/${result.customerId}`);
  return { ok: true, message: "Dismissed; no answer needed." };
});
