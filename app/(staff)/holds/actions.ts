"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { extendHold, markHoldPickedUp, releaseHold, type HoldChangeResult } from "@/lib/holds";
import { formatStoreDateTime } from "@/lib/store-hours";

const holdChange = z.object({
  holdId: z.string().min(1).max(64),
  change: z.enum(["picked_up", "release", "extend"]),
});

const DONE = { picked_up: "Marked as picked up.", release: "Released; it is back on the shelf.", extend: "Extended to closing time on the next open day." } as const;

// Store scoping happens in the queries: a hold of another store is "not found".
export const changeHoldAction = staffAction(holdChange, async ({ holdId, change }, me) => {
  const db = getDb();
  const args = { holdId, storeId: me.storeId, staffId: me.id };
  const result: HoldChangeResult =
    change === "picked_up" ? await markHoldPickedUp(db, args) : change === "release" ? await releaseHold(db, args) : await extendHold(db, args);
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
  // "+1 day" ends at the next open day's closing time: say which, in the store's time.
  return { ok: true, message: result.expiresAt ? `Extended until ${formatStoreDateTime(result.expiresAt, me.storeTimezone)}.` : DONE[change] };
});
