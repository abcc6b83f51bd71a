"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { addDays, isIsoDate, localDate } from "@/lib/dates";
import { cancelFollowUp, completeFollowUp, setFollowUp, type FollowUpResult } from "@/lib/follow-ups";
import { LOGGABLE_CONTACTS, logContact } from "@/lib/contacts";

const id = z.string().min(1).max(64);
const how = z.enum(LOGGABLE_CONTACTS, "Choose how you reached them.");
const optionalText = z.string().trim().max(500, "Keep it under 500 characters.").optional().transform((v) => v || null);

function outcome(result: FollowUpResult | { ok: boolean }, customerId: string, done: string): ActionState {
  if (result.ok) {
    revalidatePath(`/customers/${customerId}`);
    revalidatePath("/today");
    return { ok: true, message: done };
  }
  return { message: "reason" in result && result.reason === "closed" ? "That follow-up was already closed." : "That follow-up or customer no longer exists." };
}

export const setFollowUpAction = staffAction(
  z.object({
    customerId: id,
    dueOn: z.string().refine(isIsoDate, "Choose a date."),
    reason: z.string().trim().min(1, "Say what to follow up on.").max(200, "Keep the reason under 200 characters."),
  }),
  async (input, me) => {
    const today = localDate(new Date(), me.storeTimezone);
    if (input.dueOn < today) return { message: "Choose today or a later date.", fieldErrors: { dueOn: ["Choose today or a later date."] }, values: input };
    if (input.dueOn > addDays(today, 366)) return { message: "Choose a date within a year.", fieldErrors: { dueOn: ["Choose a date within a year."] }, values: input };
    return outcome(await setFollowUp(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Follow-up set.");
  },
);

export const completeFollowUpAction = staffAction(z.object({ customerId: id, followUpId: id, how, outcome: optionalText }), async (input, me) =>
  outcome(await completeFollowUp(getDb(), { followUpId: input.followUpId, how: input.how, outcome: input.outcome, staffId: me.id, storeId: me.storeId }), input.customerId, "Done. Logged as a contact."),
);

export const cancelFollowUpAction = staffAction(z.object({ customerId: id, followUpId: id }), async (input, me) =>
  outcome(await cancelFollowUp(getDb(), { followUpId: input.followUpId, staffId: me.id, storeId: me.storeId }), input.customerId, "Follow-up removed."),
);

export const logContactAction = staffAction(z.object({ customerId: id, kind: how, summary: optionalText }), async (input, me) =>
  outcome(await logContact(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Contact logged."),
);
