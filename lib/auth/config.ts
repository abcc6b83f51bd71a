import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import type { StaffRole } from "@/db/schema";
import { resolveAuthSecret } from "@/lib/env";

declare module "next-auth" {
  interface User {
    role?: StaffRole;
    storeId?: string;
  }
  interface Session {
    user: { id: string; name: string; email: string; role: StaffRole; storeId: string };
    /** When this sign-in happened; stays fixed while the cookie is refreshed. */
    signedInAt: number;
  }
}

/** Paths anyone may open: sign-in, a customer's private page, booking a visit and managing it, public assets, ingestion APIs. */
const PUBLIC_PATHS = [/^\/login$/, /^\/c\//, /^\/book(\/|$)/, /^\/a\//, /^\/media\//, /^\/api\//];

/**
 * The part of the auth setup that needs no database, shared by the proxy (which
 * only redirects) and the full setup in ./index.ts. Pages and actions still
 * check the session themselves: the proxy is never the only check. The secret
 * is added at request time (see withSecret), never while `next build` runs.
 */
export const authConfig = {
  trustHost: true,
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  providers: [],
  logger: {
    // A wrong password is routine, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  callbacks: {
    authorized({ auth, request }) {
      if (PUBLIC_PATHS.some((p) => p.test(request.nextUrl.pathname))) return true;
      return Boolean(auth?.user);
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        token.storeId = user.storeId;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.role = token.role as StaffRole;
      session.user.storeId = token.storeId as string;
      session.signedInAt = Number(token.signedInAt ?? 0);
      return session;
    },
  },
} satisfies NextAuthConfig;

export function withSecret(config: NextAuthConfig): () => NextAuthConfig {
  return () => ({ ...config, secret: resolveAuthSecret(process.env) });
}
