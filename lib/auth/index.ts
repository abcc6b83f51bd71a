import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { staff, stores, type StaffRole } from "@/db/schema";
import { clientAddress } from "@/lib/rate-limit";
import { checkStaffCredentials } from "@/lib/sign-in";
import { authConfig, withSecret } from "./config";

/** Too many sign-in attempts lately (lib/sign-in-throttle.ts); the same for any email typed. */
export class SignInThrottledError extends CredentialsSignin {
  code = "slow-down";
  constructor(readonly retryAt: Date) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(
  withSecret({
    ...authConfig,
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          const result = await checkStaffCredentials(getDb(), {
            email: String(credentials.email ?? ""),
            password: String(credentials.password ?? ""),
            // signIn() from the login form passes on the form post's headers.
            address: clientAddress(request.headers),
          });
          if (result.ok) return result.user;
          if (result.reason === "throttled") throw new SignInThrottledError(result.retryAt);
          return null;
        },
      }),
    ],
  }),
);

export interface StaffSession {
  id: string;
  name: string;
  firstName: string;
  role: StaffRole;
  storeId: string;
  storeName: string;
  storeTimezone: string;
}

/**
 * The signed-in staff member, re-read from the database on every request so a
 * deactivated account or a changed store takes effect at once. Null when there
 * is no valid session.
 */
export const getStaff = cache(async (): Promise<StaffSession | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !session) return null;
  const [row] = await getDb()
    .select({
      id: staff.id,
      name: staff.name,
      role: staff.role,
      storeId: staff.storeId,
      storeName: stores.name,
      storeTimezone: stores.timezone,
      sessionsRevokedAt: staff.sessionsRevokedAt,
    })
    .from(staff)
    .innerJoin(stores, eq(stores.id, staff.storeId))
    .where(and(eq(staff.id, id), eq(staff.active, true)))
    .limit(1);
  if (!row) return null;
  // A signed-out session stays dead even if a late response re-sets its cookie.
  const { sessionsRevokedAt, ...current } = row;
  if (sessionsRevokedAt && (session.signedInAt ?? 0) <= sessionsRevokedAt.getTime()) return null;
  return { ...current, firstName: row.name.split(" ")[0] ?? row.name };
});

/** For pages and actions: the signed-in staff member, or a redirect to sign-in. */
export async function requireStaff(): Promise<StaffSession> {
  const current = await getStaff();
  if (!current) redirect("/login");
  return current;
}

/** For manager-only pages and actions; associates get a 404, not a hint. */
export async function requireManager(): Promise<StaffSession> {
  const current = await requireStaff();
  if (current.role !== "manager") notFound();
  return current;
}

/** Ends every session of this staff member, on every device. */
export async function revokeSessions(staffId: string, now = new Date()): Promise<void> {
  await getDb().update(staff).set({ sessionsRevokedAt: now }).where(eq(staff.id, staffId));
}
