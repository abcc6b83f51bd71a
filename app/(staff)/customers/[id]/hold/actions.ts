"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { placeHold } from "@/lib/holds";
import { holdDaysField, holdNote } from "@/lib/hold-fields";

const id = z.string().min(1).max(64);

const placeHoldSchema = z.object({
  customerId: id,
  variantId: id.describe("size and colour"),
  days: holdDaysField,
  note: holdNote,
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
