"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { preferencesFormSchema, SIZE_CATEGORIES, updatePreferences } from "@/lib/preferences";

export const savePreferencesAction = staffAction(preferencesFormSchema, async (input, me) => {
  const form = input as typeof input & Record<string, string | undefined>;
  const sizes = Object.fromEntries(SIZE_CATEGORIES.flatMap((c) => (form[`size_${c}`] ? [[c, form[`size_${c}`] as string]] : [])));
  const result = updatePreferences(getDb(), {
    customerId: input.customerId,
    staffId: me.id,
    storeId: me.storeId,
    values: {
      sizes,
      colours: input.colours,
      brands: input.brands,
      styles: input.styles,
      dislikes: input.dislikes,
      priceMinCents: input.priceMin == null ? null : input.priceMin * 100,
      priceMaxCents: input.priceMax == null ? null : input.priceMax * 100,
      freeText: input.freeText,
    },
  });
  if (!result.ok) return { message: "That customer no longer exists." };
  revalidatePath(`/customers/${input.customerId}`);
  redirect(`/customers/${input.customerId}?notice=${result.changed.length ? "preferences-saved" : "preferences-unchanged"}#preferences`);
});
