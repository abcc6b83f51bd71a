import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig, withSecret } from "@/lib/auth/config";
import { guardActionRequest } from "@/lib/request-guard";
import { DATA_CONTENT_SECURITY_POLICY, newNonce, pageContentSecurityPolicy } from "@/lib/security-headers";

// Three jobs. Refuse a malformed Server Action request (too large, cut short,
// from another site) with a plain 4xx, where Next would answer 500. Then two
// conveniences: send signed-out visitors to /login (every page,
// server action and route handler checks the session again itself), and give
// each page a Content-Security-Policy with a nonce of its own. Next reads the
// nonce from the policy on the request and puts it on the scripts it renders,
// which is why every page renders per request (app/layout.tsx). The other
// security headers come from next.config.ts, on every path.
const { auth } = NextAuth(withSecret(authConfig));
// Auth.js's proxy form: its redirect to sign-in, or "go on" with a refreshed session cookie.
const checkSession = auth as unknown as (request: NextRequest) => Promise<Response>;

export async function proxy(request: NextRequest): Promise<Response> {
  const refused = await guardActionRequest(request);
  if (refused) {
    refused.headers.set("Content-Security-Policy", DATA_CONTENT_SECURITY_POLICY);
    return refused;
  }
  const checked = await checkSession(request);
  if (!checked.headers.has("x-middleware-next")) {
    checked.headers.set("Content-Security-Policy", DATA_CONTENT_SECURITY_POLICY);
    return checked;
  }
  // Route handlers answer data: next.config.ts gives them a policy that allows nothing.
  if (request.nextUrl.pathname.startsWith("/api/")) return checked;

  const nonce = newNonce();
  const policy = pageContentSecurityPolicy({ nonce, development: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", policy);
  // For a component that adds a <Script> of its own: `(await headers()).get("x-nonce")`.
  forwarded.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const cookie of checked.headers.getSetCookie()) response.headers.append("Set-Cookie", cookie);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // The service worker, the web app manifest and its icons hold no one's data, and the browser asks for them signed out too.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|media/|api/v1/|sw.js$|manifest.webmanifest$|app-icon/).*)"],
};
