import { describe, expect, it } from "vitest";
import { DATA_CONTENT_SECURITY_POLICY, newNonce, pageContentSecurityPolicy, securityHeaders } from "./security-headers";

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(" ")]));
}

describe("security headers", () => {
  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("lets a page run only scripts carrying its nonce, and no site frame it", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "abc123==" }));
    expect(policy).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'nonce-abc123==' 'strict-dynamic'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data: blob:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "worker-src": "'self'",
      "manifest-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(policy["script-src"]).not.toContain("unsafe-inline");
  });

  it("allows eval and hot reload only under next dev", () => {
    const dev = directives(pageContentSecurityPolicy({ nonce: "n", development: true }));
    expect(dev["script-src"]).toBe("'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(dev["connect-src"]).toBe("'self' ws: wss:");
  });

  it("gives data responses a policy that allows nothing", () => {
    expect(directives(DATA_CONTENT_SECURITY_POLICY)).toEqual({ "default-src": "'none'", "frame-ancestors": "'none'" });
  });

  it("sends the fixed headers everywhere, HSTS only from a production build", () => {
    const production = Object.fromEntries(securityHeaders({ production: true }).map((h) => [h.key, h.value]));
    expect(production).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    expect(production["Permissions-Policy"]).toMatch(/(^|, )camera=\(\)/);
    expect(production["Permissions-Policy"]).toMatch(/(^|, )microphone=\(\)/);
    expect(production["Permissions-Policy"]).toMatch(/(^|, )geolocation=\(\)/);
    expect(securityHeaders({ production: false }).map((h) => h.key)).not.toContain("Strict-Transport-Security");
  });
});
