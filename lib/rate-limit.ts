/**
 * A fixed-window counter per key, kept in this process's memory: enough to
 * make guessing link tokens pointless (each guess has a 1 in 2^256 chance,
 * and a client gets a few dozen a minute). Several app processes would each
 * count separately; that only multiplies an already hopeless rate.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt; false once the key has used up its window. */
  take(key: string, now = Date.now()): boolean {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size > 10_000) this.prune(now);
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    entry.count += 1;
    return entry.count <= this.limit;
  }

  private prune(now: number) {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

/** Requests from one client address to customers' private pages: opens and replies, per 10 minutes. */
export const customerPageLimiter = new RateLimiter(60, 10 * 60_000);

export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}
