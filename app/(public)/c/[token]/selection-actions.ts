"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { formFields, UNREADABLE_FORM, type ActionState } from "@/lib/actions";
import { respondToSelectionItem, type SelectionAnswer } from "@/lib/selections";
import type { ElsewhereAnswer } from "@/lib/selection-stock";
import { clientAddress, customerPageLimiter } from "@/lib/rate-limit";

// As on the rest of her page: the token is her only credential, checked in
// respondToSelectionItem with the item (which must be of this link's
// selection), and requests are rate-limited per address.
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const itemId = z.string().min(1).max(64);
const answerSchema = z.discriminatedUnion("kind", [
  z.object({ token, itemId, kind: z.literal("hold") }),
  z.object({ token, itemId, kind: z.literal("not_for_me"), reason: z.preprocess((v) => v ?? "", z.string().trim().max(200, "Keep it under 200 characters.")) }),
  z.object({ token, itemId, kind: z.literal("ask"), text: z.string().trim().min(1, "Write your question first.").max(500, "Keep it under 500 characters.") }),
]);

export interface SelectionAnswerState extends ActionState {
  response?: "held" | "not_for_me" | "asked";
  /** When no unit was free in her size: where one is, and when one may be. */
  elsewhere?: ElsewhereAnswer;
  heldUntil?: number;
}

const DONE = { held: "Held for you.", not_for_me: "Thank you. We will not suggest it again.", asked: "Sent. The answer will show on this page." } as const;

export async function answerSelectionAction(_previous: SelectionAnswerState, formData: FormData): Promise<SelectionAnswerState> {
  if (!(await customerPageLimiter.take(clientAddress(await headers())))) return { message: "Too many requests. Please try again in a few minutes." };
  const fields = formFields(formData);
  if (!fields) return { message: UNREADABLE_FORM };
  const parsed = answerSchema.safeParse(fields);
  if (!parsed.success) return { message: "Please check your answer. Nothing was changed.", fieldErrors: z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"] };
  const input = parsed.data;
  const answer: SelectionAnswer = input.kind === "hold" ? { kind: "hold" } : input.kind === "not_for_me" ? { kind: "not_for_me", reason: input.reason } : { kind: "ask", text: input.text };
  const result = await respondToSelectionItem(getDb(), { token: input.token, itemId: input.itemId, answer });
  if (!result.ok) {
    if (result.reason === "unavailable") return { message: "None is free in your size right now.", elsewhere: { ...result.elsewhere } };
    return { message: result.reason === "inactive" ? "This link is no longer active." : result.reason === "answered" ? "You have already answered for this one." : "That item is no longer in your selection." };
  }
  revalidatePath(`/c/${input.token}`);
  return { ok: true, response: result.response, message: DONE[result.response], heldUntil: result.expiresAt?.getTime() };
}
