"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import type { ActionState } from "@/lib/actions";
import { activeLink, respondFromLink } from "@/lib/customer-links";
import { isIsoDate } from "@/lib/dates";
import { linkPickUpChoices } from "@/lib/pick-up-times";
import { applyPrivacyChange, correctPreferences } from "@/lib/customer-privacy";
import { budgetInOrder, sizeAndBudgetFields, sizesFromForm, toCents } from "@/lib/preferences";
import { clientAddress, customerPageLimiter } from "@/lib/rate-limit";
import { formFields, UNREADABLE_FORM } from "@/lib/actions";

// The customer has no account: the token is their only credential, checked in
// respondFromLink for every request, and requests are rate-limited per address.
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const responseSchema = z.discriminatedUnion("kind", [
  z.object({
    token,
    kind: z.literal("coming"),
    // A day the page offered ("YYYY-MM-DD"), checked against the store's hours again below, or "other".
    when: z.union([z.literal("other"), z.string().refine(isIsoDate)], { message: "Choose when you will come." }),
    other: z.string().trim().max(60, "Keep it short, like “Saturday morning”.").optional(),
  }),
  z.object({ token, kind: z.literal("released"), holdId: z.string().min(1).max(64) }),
  z.object({ token, kind: z.literal("question"), question: z.string().trim().min(1, "Write your question first.").max(500, "Keep it under 500 characters.") }),
]);

/** What the page shows after an answer: for "coming", the time as it was recorded. */
export interface ResponseState extends ActionState {
  chosen?: string;
}

/**
 * The words kept for a pick-up answer: the window of the day chosen, if the
 * page still offers that day (the store may have closed meanwhile, or the
 * hold ended), else undefined. A link that is no longer active offers nothing.
 */
async function pickUpDetail(token: string, day: string): Promise<string | undefined> {
  const db = getDb();
  const now = new Date();
  const link = await activeLink(db, token, now);
  if (!link) return undefined;
  const choices = await linkPickUpChoices(db, { linkId: link.id, storeId: link.storeId, now });
  return choices.find((c) => c.value === day)?.detail;
}

const DONE = { coming: "Thank you, we will be ready for you.", released: "Done. We have put it back on the shelf.", question: "Sent. We will get back to you soon." } as const;

export async function respondAction(_previous: ResponseState, formData: FormData): Promise<ResponseState> {
  if (!(await customerPageLimiter.take(clientAddress(await headers())))) return { message: "Too many requests. Please try again in a few minutes." };
  const fields = formFields(formData);
  if (!fields) return { message: UNREADABLE_FORM };
  const parsed = responseSchema.safeParse(fields);
  if (!parsed.success) return { message: "Please check your answer.", fieldErrors: z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"] };
  const input = parsed.data;
  if (input.kind === "coming" && input.when === "other" && !input.other) return { fieldErrors: { other: ["Tell us roughly when."] } };
  const chosen = input.kind !== "coming" ? undefined : input.when === "other" ? input.other : await pickUpDetail(input.token, input.when);
  if (input.kind === "coming" && !chosen) return { fieldErrors: { when: ["That time is no longer open. Please choose another."] } };

  const result =
    input.kind === "released"
      ? await respondFromLink(getDb(), { token: input.token, kind: "released", holdId: input.holdId })
      : await respondFromLink(getDb(), {
          token: input.token,
          kind: input.kind,
          detail: input.kind === "coming" ? (chosen ?? "") : input.question,
        });
  if (!result.ok) return { message: result.reason === "inactive" ? "This link is no longer active." : "That item is no longer held for you." };
  revalidatePath(`/c/${input.token}`);
  return { ok: true, message: DONE[input.kind], chosen };
}

const privacySchema = z.discriminatedUnion("kind", [
  z.object({ token, kind: z.literal("withdraw"), channel: z.enum(["email", "sms", "phone"]) }),
  z.object({ token, kind: z.literal("unlink"), handleId: z.string().min(1).max(64) }),
  z.object({ token, kind: z.literal("erase") }),
]);

const PRIVACY_DONE = {
  withdraw: "Done. We will not contact you that way again.",
  unlink: "Done. That account is no longer linked to you.",
  erase: "Your request is recorded. A manager will erase your data within 30 days.",
} as const;

export async function privacyAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  if (!(await customerPageLimiter.take(clientAddress(await headers())))) return { message: "Too many requests. Please try again in a few minutes." };
  const fields = formFields(formData);
  if (!fields) return { message: UNREADABLE_FORM };
  const parsed = privacySchema.safeParse(fields);
  if (!parsed.success) return { message: "Something in the request was not right. Nothing was changed." };
  const { token: value, ...change } = parsed.data;
  const result = await applyPrivacyChange(getDb(), { token: value, change });
  if (!result.ok) return { message: result.reason === "inactive" ? "This link is no longer active." : "That account is no longer linked to you." };
  revalidatePath(`/c/${value}`);
  return { ok: true, message: PRIVACY_DONE[change.kind] };
}

const correctionSchema = z.object({ token, ...sizeAndBudgetFields }).refine(...budgetInOrder);

export async function correctPreferencesAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  if (!(await customerPageLimiter.take(clientAddress(await headers())))) return { message: "Too many requests. Please try again in a few minutes." };
  const fields = formFields(formData);
  if (!fields) return { message: UNREADABLE_FORM };
  const parsed = correctionSchema.safeParse(fields);
  if (!parsed.success) return { message: "Please check the highlighted answers. Nothing was changed.", fieldErrors: z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"] };
  const input = parsed.data;
  const result = await correctPreferences(getDb(), {
    token: input.token,
    sizes: sizesFromForm(input),
    colours: input.colours,
    priceMinCents: toCents(input.priceMin),
    priceMaxCents: toCents(input.priceMax),
  });
  if (!result.ok) return { message: "This link is no longer active." };
  revalidatePath(`/c/${input.token}`);
  return { ok: true, message: "Thank you, your details are updated." };
}
