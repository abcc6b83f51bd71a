import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { staff, stores, type StaffRole } from "@/db/schema";
import { burnPasswordCheck, verifyPassword } from "./passwords";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your work email address.").max(200),
  password: z.string().min(1, "Enter your password.").max(200),
});

export type SignInResult =
  | { ok: true; user: { id: string; name: string; email: string; role: StaffRole; storeId: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAt: Date };

/**
 * Checks a staff member's credentials. After MAX_FAILED_SIGN_INS wrong
 * passwords in a row the account refuses every attempt, right or wrong, for
 * LOCKOUT_MS; a correct password after that resets the count.
 */
export async function checkStaffCredentials(
  db: Db,
  input: { email: string; password: string },
  now = new Date(),
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  const [account] = await db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      role: staff.role,
      storeId: staff.storeId,
      passwordHash: staff.passwordHash,
      active: staff.active,
      lockedUntil: staff.lockedUntil,
    })
    .from(staff)
    .innerJoin(stores, eq(stores.id, staff.storeId))
    .where(eq(staff.email, email))
    .limit(1);

  if (!account || !account.active) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid" };
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    return { ok: false, reason: "locked", retryAt: account.lockedUntil };
  }

  // Counting and resetting happen only while the account is not locked, checked
  // in the same statement as the write: two app instances counting wrong
  // passwords for one account count together, and a right password that
  // arrives as another attempt locks the account does not unlock it.
  const notLocked = and(eq(staff.id, account.id), or(isNull(staff.lockedUntil), lte(staff.lockedUntil, now)));
  if (!(await verifyPassword(account.passwordHash, password))) {
    const retryAt = new Date(now.getTime() + LOCKOUT_MS);
    const reachesLimit = sql`${staff.failedSignIns} + 1 >= ${MAX_FAILED_SIGN_INS}`;
    const [row] = await db
      .update(staff)
      .set({
        failedSignIns: sql`case when ${reachesLimit} then 0 else ${staff.failedSignIns} + 1 end`,
        lockedUntil: sql`case when ${reachesLimit} then ${retryAt.getTime()} else ${staff.lockedUntil} end`,
      })
      .where(notLocked)
      .returning({ lockedUntil: staff.lockedUntil });
    if (!row) return lockedOrInvalid(db, account.id, now);
    if (row.lockedUntil && row.lockedUntil > now) return { ok: false, reason: "locked", retryAt: row.lockedUntil };
    return { ok: false, reason: "invalid" };
  }

  const [reset] = await db.update(staff).set({ failedSignIns: 0, lockedUntil: null }).where(notLocked).returning({ id: staff.id });
  if (!reset) return lockedOrInvalid(db, account.id, now);
  const { id, name, role, storeId } = account;
  return { ok: true, user: { id, name, email: account.email, role, storeId } };
}

/** Another attempt locked the account (or it went) between our read and our write. */
async function lockedOrInvalid(db: Db, staffId: string, now: Date): Promise<SignInResult> {
  const [row] = await db.select({ lockedUntil: staff.lockedUntil }).from(staff).where(eq(staff.id, staffId)).limit(1);
  return row?.lockedUntil && row.lockedUntil > now ? { ok: false, reason: "locked", retryAt: row.lockedUntil } : { ok: false, reason: "invalid" };
}
