import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { staff, stores, type StaffRole } from "@/db/schema";
import { burnPasswordCheck, verifyPassword } from "./passwords";
import { claimSignInAttempt, recordSignInSuccess } from "./sign-in-throttle";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your work email address.").max(200),
  password: z.string().min(1, "Enter your password.").max(200),
});

export type SignInResult =
  | { ok: true; user: { id: string; name: string; email: string; role: StaffRole; storeId: string } }
  | { ok: false; reason: "invalid" }
  /** Too many attempts lately (see lib/sign-in-throttle.ts): try again from retryAt. The password was not checked. */
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks a staff member's credentials, sent from `address` (clientAddress()).
 * Every answer depends only on the email typed, the address and the password,
 * never on whether the account exists: a wrong password, an unknown email and
 * a deactivated account are all "invalid", and are slowed down alike.
 */
export async function checkStaffCredentials(
  db: Db,
  input: { email: string; password: string; address: string },
  now = new Date(),
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  const claim = await claimSignInAttempt(db, { email, address: input.address }, now.getTime());
  if (!claim.ok) return { ok: false, reason: "throttled", retryAt: claim.retryAt };

  const [account] = await db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      role: staff.role,
      storeId: staff.storeId,
      passwordHash: staff.passwordHash,
      active: staff.active,
    })
    .from(staff)
    .innerJoin(stores, eq(stores.id, staff.storeId))
    .where(eq(staff.email, email))
    .limit(1);

  if (!account || !account.active) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(account.passwordHash, password))) return { ok: false, reason: "invalid" };

  await recordSignInSuccess(db, claim, now.getTime());
  const { id, name, role, storeId } = account;
  return { ok: true, user: { id, name, email: account.email, role, storeId } };
}
