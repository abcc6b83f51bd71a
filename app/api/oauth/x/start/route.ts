import { NextResponse } from "next/server";
import { getStaff } from "@/lib/auth";
import { linkBaseUrl } from "@/lib/public-url";
import { startXConnect, X_CONNECT_COOKIE, X_CONNECT_TTL_MS } from "@/lib/x-connect";

export const dynamic = "force-dynamic";

/** A manager's "Connect X": off to X's consent page, with the pending sign-in in a short-lived cookie. */
export async function GET(request: Request): Promise<Response> {
  const baseUrl = linkBaseUrl(request.headers);
  const me = await getStaff();
  if (!me) return new NextResponse("Sign in first.", { status: 401 });
  const started = startXConnect(me, { baseUrl });
  if (!started.ok) {
    // Not a manager: as for every manager-only page, nothing says it exists.
    if (started.reason === "not_manager") return new NextResponse("Not found", { status: 404 });
    return NextResponse.redirect(`${baseUrl}/store/accounts?problem=not_set_up`, 303);
  }
  const response = NextResponse.redirect(started.url, 303);
  response.cookies.set(X_CONNECT_COOKIE, started.cookie, {
    httpOnly: true,
    sameSite: "lax",
    secure: baseUrl.startsWith("https://"),
    path: "/api/oauth/x",
    maxAge: X_CONNECT_TTL_MS / 1000,
  });
  return response;
}
