"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { localDate } from "@/lib/dates";
import { contactHow, contactSummary, followUpDueOn, followUpDueProblem, followUpReason } from "@/lib/follow-up-fields";
import { cancelFollowUp, completeFollowUp, setFollowUp, type FollowUpResult } from "@/lib/follow-ups";
import { logContact } from "@/lib/contacts";

const id = z.string().min(1).max(64);

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
    dueOn: followUpDueOn,
    reason: followUpReason,
  }),
  async (input, me) => {
    const problem = followUpDueProblem(input.dueOn, localDate(new Date(), me.storeTimezone));
    if (problem) return { message: problem, fieldErrors: { dueOn: [problem] }, values: input };
    return outcome(await setFollowUp(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Follow-up set.");
  },
);

export const completeFollowUpAction = staffAction(z.object({ customerId: id, followUpId: id, how: contactHow, outcome: contactSummary }), async (input, me) =>
  outcome(await completeFollowUp(getDb(), { followUpId: input.followUpId, how: input.how, outcome: input.outcome, staffId: me.id, storeId: me.storeId }), input.customerId, "Done. Logged as a contact."),
);

export const cancelFollowUpAction = staffAction(z.object({ customerId: id, followUpId: id }), async (input, me) =>
  outcome(await cancelFollowUp(getDb(), { followUpId: input.followUpId, staffId: me.id, storeId: me.storeId }), input.customerId, "Follow-up removed."),
);

export const logContactAction = staffAction(z.object({ customerId: id, kind: contactHow, summary: contactSummary }), async (input, me) =>
  outcome(await logContact(getDb(), { ...input, staffId: me.id, storeId: me.storeId }), input.customerId, "Contact logged."),
);
