import "server-only";
import { lt, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { rateLimits } from "@/db/schema";
import { clientAddressFrom } from "@/lib/client-address";
import { settings } from "@/lib/env";

/**
 * A fixed-window counter per key, kept in the database so that every app
 * instance counts together: one upsert per attempt, which both SQLite and
 * PostgreSQL run atomically (a concurrent attempt waits for the row).
 */
export class RateLimiter {
  constructor(
    /** Names the counter, so two limiters never share keys. */
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly db: () => Db = getDb,
  ) {}

  /** Counts one attempt; false once the key has used up its window. */
  async take(key: string, now = Date.now()): Promise<boolean> {
    const resetAt = new Date(now + this.windowMs);
    const windowOver = sql`${rateLimits.resetAt} <= ${now}`;
    const [row] = await this.db()
      .insert(rateLimits)
      .values({ key: `${this.name}:${key}`, count: 1, resetAt })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${windowOver} then 1 else ${rateLimits.count} + 1 end`,
          resetAt: sql`case when ${windowOver} then ${resetAt.getTime()} else ${rateLimits.resetAt} end`,
        },
      })
      .returning({ count: rateLimits.count });
    // Now and then, forget counters whose window ended long ago.
    if (Math.random() < 0.01) await this.db().delete(rateLimits).where(lt(rateLimits.resetAt, new Date(now - 60 * 60_000)));
    return (row?.count ?? 1) <= this.limit;
  }
}

/** Requests from one client address to customers' private pages: opens and replies, per 10 minutes. */
export const customerPageLimiter = new RateLimiter("customer-page", 60, 10 * 60_000);

/**
 * The address to count a request against: the socket's, or, behind reverse
 * proxies listed in TRUSTED_PROXIES, the hop just before them. Never a value
 * the client can choose (see lib/client-address.ts).
 */
export function clientAddress(headers: Headers, trustedProxies: readonly string[] = settings().TRUSTED_PROXIES): string {
  return clientAddressFrom(headers, trustedProxies);
}
