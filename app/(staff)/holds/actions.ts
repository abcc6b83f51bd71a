"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { staffAction } from "@/lib/actions";
import { extendHold, getHoldSummary, markHoldPickedUp, releaseHold, type HoldChangeResult } from "@/lib/holds";
import { formatStoreDateTime } from "@/lib/store-hours";

const holdChange = z.object({
  holdId: z.string().min(1).max(64),
  change: z.enum(["picked_up", "release", "extend"]),
});

/** What was done, naming the hold ("Daniel's hold for Ava Cox" when it was a colleague's) and the item. */
const DONE = {
  picked_up: (hold: string, item: string) => `Marked ${hold} as picked up: ${item}.`,
  release: (hold: string, item: string) => `Released ${hold}: ${item} is back on the shelf.`,
  // "+1 day" ends at the next open day's closing time: say which, in the store's time.
  extend: (hold: string, _item: string, until?: string) => (until ? `Extended ${hold} until ${until}.` : `Extended ${hold} to closing time on the next open day.`),
} as const;

// Store scoping happens in the queries: a hold of another store is "not found".
export const changeHoldAction = staffAction(holdChange, async ({ holdId, change }, me) => {
  const db = getDb();
  const args = { holdId, storeId: me.storeId, staffId: me.id };
  const hold = await getHoldSummary(db, args);
  const result: HoldChangeResult =
    change === "picked_up" ? await markHoldPickedUp(db, args) : change === "release" ? await releaseHold(db, args) : await extendHold(db, args);
  if (!result.ok || !hold) {
    return {
      message:
        !result.ok && result.reason === "unavailable"
          ? `This hold has expired and the last unit has gone to someone else (${result.available} available). Release it instead.`
          : "This hold was already closed, or it is not at your store.",
    };
  }
  revalidatePath("/holds");
  revalidatePath("/customers/[id]", "page");
  // Says whose hold it was when it was a colleague's, so nobody closes one unknowingly.
  const whose = hold.placedById === me.id ? "the hold" : `${hold.placedBy.split(" ")[0]}'s hold`;
  const until = result.expiresAt ? formatStoreDateTime(result.expiresAt, me.storeTimezone) : undefined;
  const message = DONE[change](`${whose} for ${hold.customerFirstName} ${hold.customerLastName}`, hold.productName, until);
  return { ok: true, message, undoId: result.auditId };
});
