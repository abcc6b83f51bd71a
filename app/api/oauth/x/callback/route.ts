import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db";
import { getStaff } from "@/lib/auth";
import { linkBaseUrl } from "@/lib/public-url";
import { finishXConnect, X_CONNECT_COOKIE } from "@/lib/x-connect";

export const dynamic = "force-dynamic";

/** Where X sends the manager back: the account is kept, and the Accounts page says what happened. */
export async function GET(request: NextRequest): Promise<Response> {
  const baseUrl = linkBaseUrl(request.headers);
  const params = request.nextUrl.searchParams;
  const result = await finishXConnect(getDb(), await getStaff(), {
    cookie: request.cookies.get(X_CONNECT_COOKIE)?.value ?? null,
    code: params.get("code"),
    state: params.get("state"),
    error: params.get("error"),
    baseUrl,
  });
  const response = NextResponse.redirect(`${baseUrl}/store/accounts?${result.ok ? "connected=x" : `problem=${result.problem}`}`, 303);
  // One use only, whatever happened.
  response.cookies.set(X_CONNECT_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/api/oauth/x", maxAge: 0 });
  return response;
}
