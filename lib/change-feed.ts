import "server-only";
import type { Db } from "@/db";
import { changeFeed } from "@/db/schema";

export type ChangeKind = (typeof changeFeed.$inferInsert)["kind"];

export interface Change {
  kind: ChangeKind;
  customerId?: string | null;
  storeId?: string | null;
}

/**
 * Notes that something new arrived, for open pages to pick up (see lib/live.ts).
 * Call it inside the transaction that wrote the thing, so a change is announced
 * exactly when it is saved.
 */
export async function recordChanges(tx: Pick<Db, "insert">, changes: Change[], at = new Date()): Promise<void> {
  if (!changes.length) return;
  await tx
    .insert(changeFeed)
    .values(changes.map((c) => ({ kind: c.kind, customerId: c.customerId ?? null, storeId: c.storeId ?? null, at })));
}
