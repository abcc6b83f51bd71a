import "server-only";
import { and, count, eq, gte, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox, stores } from "@/db/schema";
import { localDate, startOfLocalDay } from "./dates";
import { settings } from "./env";

/** Messages a store may send a day by email and SMS together, unless STORE_DAILY_SEND_LIMIT says otherwise. */
export const DEFAULT_DAILY_SEND_LIMIT = 500;

/**
 * Whether the store may send one more message today (its own calendar day),
 * by email or SMS: a store's accounts are shared, and a mistake or a misuse
 * (a script, a stolen tablet) must not be able to message thousands of
 * customers. Messages only kept here (no provider) and QR codes do not count.
 * Read inside the sending transaction, so two tablets at the limit cannot
 * both pass on PostgreSQL's row count being stale for long.
 */
export async function withinDailySendLimit(tx: Pick<Db, "select">, { storeId, now }: { storeId: string; now: Date }): Promise<{ ok: true } | { ok: false; limit: number }> {
  const limit = settings().STORE_DAILY_SEND_LIMIT ?? DEFAULT_DAILY_SEND_LIMIT;
  const [store] = await tx.select({ timezone: stores.timezone }).from(stores).where(eq(stores.id, storeId)).limit(1);
  const since = startOfLocalDay(localDate(now, store?.timezone ?? "UTC"), store?.timezone ?? "UTC");
  const [sent] = await tx
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.storeId, storeId), gte(outbox.createdAt, since), inArray(outbox.channel, ["email", "sms"]), ne(outbox.transport, "record")));
  return (sent?.n ?? 0) < limit ? { ok: true } : { ok: false, limit };
}
