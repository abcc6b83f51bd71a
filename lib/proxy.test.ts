import { NextRequest, NextResponse } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { authConfig } from "@/lib/auth/config";

// Auth.js's part stands aside, answering as it does for a visitor without a
// session: a redirect for staff pages, otherwise "go on" with a session cookie.
vi.mock("next-auth", () => ({
  default: () => ({
    auth: async (request: NextRequest) => {
      if (request.nextUrl.pathname.startsWith("/customers")) return NextResponse.redirect(new URL("/login", request.url));
      const next = NextResponse.next();
      next.headers.append("Set-Cookie", "authjs.session-token=refreshed; Path=/; HttpOnly");
      return new Response(null, next);
    },
  }),
  CredentialsSignin: class extends Error {},
}));

const run = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`));
const scriptNonce = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];

describe("proxy", () => {
  it("gives every page a policy with a nonce of its own, and tells the renderer", async () => {
    const first = await run("/login");
    const second = await run("/c/some-token");
    const policy = first.headers.get("content-security-policy");
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(scriptNonce(second.headers.get("content-security-policy"))).not.toBe(scriptNonce(policy));
    // Next reads the policy (and so the nonce) from the request it renders.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(scriptNonce(policy));
    // Auth.js's refreshed session cookie is not lost.
    expect(first.headers.getSetCookie()).toEqual(["authjs.session-token=refreshed; Path=/; HttpOnly"]);
  });

  it("puts a policy on Auth.js's redirect to sign-in", async () => {
    const response = await run("/customers/some-id");
    expect(response.status).toBe(307);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("leaves route handlers' policy to next.config.ts", async () => {
    const response = await run("/api/health");
    expect(response.headers.get("content-security-policy")).toBeNull();
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("the proxy's sign-in redirect", () => {
  const authorized = (path: string) => authConfig.callbacks.authorized({ auth: null, request: new NextRequest(`http://localhost:3000${path}`) } as never);

  it("sends a signed-out visitor of a page to sign-in, but lets the offline queue's route answer 401 in JSON itself", () => {
    expect(authorized("/customers/some-id")).toBe(false);
    // The tablet's queue must read why it was refused, not follow a redirect to an HTML page.
    expect(authorized("/api/offline/changes")).toBe(true);
  });
});

describe("booking pages", () => {
  const authorized = (path: string) => authConfig.callbacks.authorized({ auth: null, request: new NextRequest(`http://localhost:3000${path}`) } as never);

  it("lets anyone open a store's booking page and a manage link, and nothing that only starts alike", () => {
    expect(authorized("/book")).toBe(true);
    expect(authorized("/book/fifth-avenue")).toBe(true);
    expect(authorized("/a/some-token")).toBe(true);
    expect(authorized("/a/some-token/invite.ics")).toBe(true);
    expect(authorized("/bookings")).toBe(false);
    expect(authorized("/about")).toBe(false);
  });
});
