"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { preferencesFormSchema, preferenceValuesFromForm, updatePreferences } from "@/lib/preferences";

export const savePreferencesAction = staffAction(preferencesFormSchema, async (input, me) => {
  const result = await updatePreferences(getDb(), { customerId: input.customerId, staffId: me.id, storeId: me.storeId, values: preferenceValuesFromForm(input) });
  if (!result.ok) return { message: "That customer no longer exists." };
  revalidatePath(`/customers/${input.customerId}`);
  redirect(`/customers/${input.customerId}?notice=${result.changed.length ? "preferences-saved" : "preferences-unchanged"}#preferences`);
});
