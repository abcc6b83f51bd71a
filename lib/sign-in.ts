import { eq, sql } from "drizzle-orm";
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

  if (!(await verifyPassword(account.passwordHash, password))) {
    // Count in SQL so two concurrent failures are both counted.
    const [row] = await db
      .update(staff)
      .set({ failedSignIns: sql`${staff.failedSignIns} + 1` })
      .where(eq(staff.id, account.id))
      .returning({ failed: staff.failedSignIns });
    if ((row?.failed ?? 0) >= MAX_FAILED_SIGN_INS) {
      const retryAt = new Date(now.getTime() + LOCKOUT_MS);
      await db.update(staff).set({ failedSignIns: 0, lockedUntil: retryAt }).where(eq(staff.id, account.id));
      return { ok: false, reason: "locked", retryAt };
    }
    return { ok: false, reason: "invalid" };
  }

  await db.update(staff).set({ failedSignIns: 0, lockedUntil: null }).where(eq(staff.id, account.id));
  const { id, name, role, storeId } = account;
  return { ok: true, user: { id, name, email: account.email, role, storeId } };
}
