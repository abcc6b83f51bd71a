"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { managerAction, type ActionState } from "@/lib/actions";
import { createSourceKey, revokeSourceKey } from "@/lib/source-keys";

export interface CreateKeyState extends ActionState {
  /** The full key, in this one response only: it is never shown again. */
  key?: string;
  name?: string;
}

export const createSourceKeyAction = managerAction<z.ZodType<{ name: string }>, CreateKeyState>(
  z.object({
    name: z.string().trim().min(1, "Give the key a name, e.g. Website or Segment.").max(60, "Keep the name under 60 characters."),
  }),
  async (input, me) => {
    const created = await createSourceKey(getDb(), { storeId: me.storeId, staffId: me.id, name: input.name });
    revalidatePath("/store/sources");
    return { ok: true, key: created.key, name: created.name, message: `Key “${created.name}” created.` };
  },
);

export const revokeSourceKeyAction = managerAction(z.object({ keyId: z.string().min(1).max(64) }), async (input, me) => {
  const result = await revokeSourceKey(getDb(), { keyId: input.keyId, storeId: me.storeId, staffId: me.id });
  if (!result.ok) return { message: "That key does not belong to your store." };
  revalidatePath("/store/sources");
  return { ok: true, message: `“${result.name}” is revoked. Events sent with it are refused from now on.` };
});
