"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { extendHold, markHoldPickedUp, releaseHold, type HoldChangeResult } from "@/lib/holds";

const holdChange = z.object({
  holdId: z.string().min(1).max(64),
  change: z.enum(["picked_up", "release", "extend"]),
});

const DONE = { picked_up: "Marked as picked up.", release: "Released; it is back on the shelf.", extend: "Extended by a day." } as const;

// Store scoping happens in the queries: a hold of another store is "not found".
export const changeHoldAction = staffAction(holdChange, async ({ holdId, change }, me) => {
  const db = getDb();
  const args = { holdId, storeId: me.storeId, staffId: me.id };
  const result: HoldChangeResult =
    change === "picked_up" ? await markHoldPickedUp(db, args) : change === "release" ? await releaseHold(db, args) : await extendHold(db, { ...args, hours: 24 });
  if (!result.ok) {
    return {
      message:
        result.reason === "unavailable"
          ? `This hold has expired and the last unit has gone to someone else (${result.available} available). Release it instead.`
          : "This hold was already closed, or it is not at your store.",
    };
  }
  revalidatePath("/holds");
  revalidatePath("/customers/[id]", "page");
  return { ok: true, message: DONE[change] };
});
