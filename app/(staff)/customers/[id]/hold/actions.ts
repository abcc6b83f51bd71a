"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { placeHold, MAX_HOLD_DAYS } from "@/lib/holds";
import { HOLD_DURATIONS } from "./durations";

const id = z.string().min(1).max(64);

const OFFERED_DAYS: readonly number[] = HOLD_DURATIONS.map((d) => d.days);

// Plain decimal digits only: Number() would also read "0x2", "2e0" or "2.0" as 2.
const holdDays = z
  .string({ message: "Choose how long to hold it." })
  .regex(/^[1-9][0-9]{0,5}$/, "Choose how long to hold it.")
  .transform(Number)
  .check((ctx) => {
    if (ctx.value > MAX_HOLD_DAYS) ctx.issues.push({ code: "custom", input: ctx.value, message: `A hold can last at most ${MAX_HOLD_DAYS} days.` });
    else if (!OFFERED_DAYS.includes(ctx.value)) ctx.issues.push({ code: "custom", input: ctx.value, message: `Choose ${HOLD_DURATIONS.map((d) => d.label).join(", ")}.` });
  });

const placeHoldSchema = z.object({
  customerId: id,
  variantId: id.describe("size and colour"),
  days: holdDays,
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().transform((v) => v || null),
  idempotencyKey: z.string().uuid(),
});

// The hold is always at the signed-in associate's own store: the store never
// comes from the form.
export const placeHoldAction = staffAction(placeHoldSchema, async (input, me) => {
  const now = new Date();
  const result = await placeHold(getDb(), {
    customerId: input.customerId,
    variantId: input.variantId,
    storeId: me.storeId,
    staffId: me.id,
    // Ends at closing time on the chosen open day, in the store's own time zone.
    days: input.days,
    note: input.note,
    idempotencyKey: input.idempotencyKey,
    now,
  });
  if (!result.ok) {
    return result.reason === "unavailable"
      ? { message: `None left to hold at ${me.storeName}: ${result.available} available now. Pick another size or colour.` }
      : { message: "That customer or item no longer exists." };
  }
  revalidatePath(`/customers/${input.customerId}`);
  redirect(`/customers/${input.customerId}?notice=hold-placed#holds`);
});
