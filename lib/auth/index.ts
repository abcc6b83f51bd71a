import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { preparedRead } from "@/db/dialect";
import { staff, stores, type StaffRole } from "@/db/schema";
import { clientAddress } from "@/lib/rate-limit";
import { checkStaffCredentials } from "@/lib/sign-in";
import { authConfig, withSecret } from "./config";
import { isSessionCurrent } from "./sessions";

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
    callbacks: {
      ...authConfig.callbacks,
      // An ended session (signed out on another device, or the account
      // deactivated) is no session wherever Auth.js reads it: auth() answers
      // null, and /api/auth/session answers no user and clears the cookie.
      async jwt(params) {
        const token = authConfig.callbacks.jwt(params);
        if (params.user) return token; // signing in right now
        return token.sub && (await findSessionStaff(token.sub, Number(token.signedInAt ?? 0))) ? token : null;
      },
    },
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
  /** When this session signed in (ms): with the id, what a live stream re-checks. */
  signedInAt: number;
}

/** Read on every signed-in request: made once (preparedRead). */
const readSessionStaff = preparedRead("session_staff", (db) =>
  db
    .select({
      id: staff.id,
      name: staff.name,
      role: staff.role,
      storeId: staff.storeId,
      storeName: stores.name,
      storeTimezone: stores.timezone,
      active: staff.active,
      sessionsRevokedAt: staff.sessionsRevokedAt,
    })
    .from(staff)
    .innerJoin(stores, eq(stores.id, staff.storeId))
    .where(eq(staff.id, sql.placeholder("id")))
    .limit(1),
);

/**
 * The staff member behind a session, read from the database; null once the
 * session has ended (see isSessionCurrent). Asked twice per request, by
 * Auth.js's jwt callback and by getStaff, so one query answers both.
 */
const findSessionStaff = cache(async (id: string, signedInAt: number): Promise<StaffSession | null> => {
  const [row] = await readSessionStaff(getDb(), { id });
  if (!row || !isSessionCurrent(row, signedInAt)) return null;
  const { active: _active, sessionsRevokedAt: _revokedAt, ...current } = row;
  return { ...current, firstName: row.name.split(" ")[0] ?? row.name, signedInAt };
});

/**
 * The signed-in staff member, re-read from the database on every request so a
 * deactivated account or a changed store takes effect at once. Null when there
 * is no valid session.
 */
export const getStaff = cache(async (): Promise<StaffSession | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !session) return null;
  return findSessionStaff(id, session.signedInAt ?? 0);
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
