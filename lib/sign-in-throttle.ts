import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, like, lt } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { rateLimits } from "@/db/schema";

// Sign-in attempts are counted by what the caller typed and where they are,
// never by whether the account exists, so an unknown email is answered
// exactly like a real one. Nothing locks: past its free attempts a counter
// only makes the next attempt wait, twice as long each time. Three counters:
//   - pair: one email from one address. Someone guessing from one place slows
//     down there only; the owner elsewhere (another tablet's network, their
//     phone) is not held up by a stranger.
//   - address: one address, any email. One place spraying guesses over many
//     accounts. Higher, because a store's tablets often share one address.
//   - account: one email, any address. Guesses spread over many addresses.
//     Much higher, and skipped at addresses where the account signed in
//     lately, so such an attack cannot keep the owner off the shop floor.
// Counters live in rate_limits (shared by every app instance): count is the
// attempts counted (a correct password gives its attempt back), reset_at the
// earliest moment the next attempt may go ahead.

export const FREE_ATTEMPTS = { pair: 5, address: 20, account: 50 } as const;
export const FIRST_WAIT_MS = 5_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** A counter left alone this long after its wait has passed starts over. */
export const FORGET_AFTER_MS = 60 * 60_000;
/** How long an address where the account signed in stays exempt from the account counter. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;

type Counter = keyof typeof FREE_ATTEMPTS;

/** The wait after the count-th attempt: none while free, then doubling up to MAX_WAIT_MS. */
export function waitAfter(count: number, free: number): number {
  if (count < free) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** Math.min(count - free, 30), MAX_WAIT_MS);
}

const hashed = (...parts: string[]) => createHash("sha256").update(JSON.stringify(parts)).digest("hex");
const keyOf = (kind: Counter | "known", email: string, address: string) =>
  `sign-in:${kind}:${kind === "address" ? hashed(address) : kind === "account" ? hashed(email) : hashed(email, address)}`;

export interface SignInCaller {
  /** Normalised (trimmed, lower case). */
  email: string;
  /** From clientAddress(): the same string for every attempt from one place. */
  address: string;
}

interface Claimed {
  counter: Counter;
  key: string;
  before: { count: number; resetAt: number };
  after: { count: number; resetAt: number };
}

export type SignInClaim = { ok: true; claimed: Claimed[]; known: string } | { ok: false; retryAt: Date };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The counters' rows, created when missing and locked (in key order, so two attempts never deadlock). */
async function lockCounters(tx: Tx, keys: string[]): Promise<Map<string, { count: number; resetAt: number }>> {
  const sorted = [...keys].sort();
  await tx
    .insert(rateLimits)
    .values(sorted.map((key) => ({ key, count: 0, resetAt: new Date(0) })))
    .onConflictDoNothing();
  const rows = await forUpdate(tx.select().from(rateLimits).where(inArray(rateLimits.key, sorted)).orderBy(rateLimits.key));
  return new Map(rows.map((row) => [row.key, { count: row.count, resetAt: row.resetAt.getTime() }]));
}

/**
 * Counts one attempt on every counter that applies, or refuses it (without
 * counting) while any of them still says wait. Both happen in one locked
 * transaction, so attempts arriving together at several app instances are
 * counted one after another and cannot all slip through a free slot.
 */
export async function claimSignInAttempt(db: Db, { email, address }: SignInCaller, now = Date.now()): Promise<SignInClaim> {
  const known = keyOf("known", email, address);
  const result = await db.transaction(async (tx): Promise<SignInClaim> => {
    const [seen] = await tx.select({ resetAt: rateLimits.resetAt }).from(rateLimits).where(eq(rateLimits.key, known)).limit(1);
    const counters: Counter[] = seen && seen.resetAt.getTime() > now ? ["pair", "address"] : ["pair", "address", "account"];
    const keys = new Map(counters.map((counter) => [counter, keyOf(counter, email, address)]));
    const rows = await lockCounters(tx, [...keys.values()]);

    const claimed: Claimed[] = [];
    let retryAt = 0;
    for (const [counter, key] of keys) {
      const stored = rows.get(key) ?? { count: 0, resetAt: 0 };
      const before = stored.resetAt + FORGET_AFTER_MS <= now ? { count: 0, resetAt: 0 } : stored;
      if (before.resetAt > now) retryAt = Math.max(retryAt, before.resetAt);
      const count = before.count + 1;
      claimed.push({ counter, key, before: stored, after: { count, resetAt: now + waitAfter(count, FREE_ATTEMPTS[counter]) } });
    }
    if (retryAt) return { ok: false, retryAt: new Date(retryAt) };
    for (const { key, after } of claimed) {
      await tx.update(rateLimits).set({ count: after.count, resetAt: new Date(after.resetAt) }).where(eq(rateLimits.key, key));
    }
    return { ok: true, claimed, known };
  });
  // Now and then, forget counters that have started over anyway.
  if (Math.random() < 0.01) await db.delete(rateLimits).where(and(like(rateLimits.key, "sign-in:%"), lt(rateLimits.resetAt, new Date(now - FORGET_AFTER_MS))));
  return result;
}

/**
 * The password was right. The pair counter starts over (the owner has shown
 * who they are, from here); the address and account counters get this
 * attempt back but keep every wrong one, so signing in to one's own account
 * does not clear a spray of guesses at others. The address becomes known.
 */
export async function recordSignInSuccess(db: Db, claim: Extract<SignInClaim, { ok: true }>, now = Date.now()): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await lockCounters(tx, [...claim.claimed.map((c) => c.key), claim.known]);
    for (const { counter, key, before, after } of claim.claimed) {
      const row = rows.get(key);
      if (!row) continue;
      const untouched = row.count === after.count && row.resetAt === after.resetAt;
      const next = counter === "pair" ? { count: 0, resetAt: 0 } : untouched ? before : { count: Math.max(row.count - 1, 0), resetAt: row.resetAt };
      await tx.update(rateLimits).set({ count: next.count, resetAt: new Date(next.resetAt) }).where(eq(rateLimits.key, key));
    }
    await tx.update(rateLimits).set({ count: 1, resetAt: new Date(now + KNOWN_ADDRESS_MS) }).where(eq(rateLimits.key, claim.known));
  });
}
