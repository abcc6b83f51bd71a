import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { ACTION_BODY_LIMIT_BYTES, checkActionBody, checkActionHeaders, guardActionRequest, isActionRequest, isCrossSiteRequest, multipartBoundary } from "./request-guard";

// Each case is a request Next 16 answers with a 500 (see the top of
// request-guard.ts); the guard answers first with a plain 4xx, and lets every
// well-formed action through untouched.
const HOST = "shop.example:3000";
const ORIGIN = `http://${HOST}`;
const BOUNDARY = "----formdata-undici-0123456789";

function form(fields: [string, string][], boundary = BOUNDARY): string {
  return fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
}
const NOTE = form([["_1_customerId", "c1"], ["_1_body", "Prefers the blue coat"], ["0", '[{},"$K1"]']]);

function actionRequest({ body = NOTE, headers = {}, path = "/customers/c1", chunked = false }: { body?: string | null; headers?: Record<string, string | null>; path?: string; chunked?: boolean } = {}) {
  const all: Record<string, string | null> = {
    host: HOST,
    origin: ORIGIN,
    "next-action": "7ff46e73b704b7f0e67e884cc068e60f7a71294444",
    "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
    ...headers,
  };
  const bytes = body === null ? null : new TextEncoder().encode(body);
  // A chunked upload declares no length: the body arrives as a stream.
  const payload = bytes && chunked ? new Blob([bytes]).stream() : bytes;
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null)),
    body: payload,
    ...(chunked ? { duplex: "half" } : {}),
  } as RequestInit);
}

describe("guardActionRequest", () => {
  it("lets a well-formed action through, from this host or without an Origin, and leaves its body readable", async () => {
    for (const request of [actionRequest(), actionRequest({ headers: { origin: null } }), actionRequest({ chunked: true })]) {
      expect(await guardActionRequest(request)).toBeNull();
      expect(await request.text()).toBe(NOTE);
    }
    // Next compares the Origin with X-Forwarded-Host when a proxy in front sets it.
    const forwarded = actionRequest({ headers: { host: "127.0.0.1:3000", "x-forwarded-host": `${HOST}, 10.0.0.1` } });
    expect(await guardActionRequest(forwarded)).toBeNull();
    // A plain-argument action (no FormData) and the sign-out action with none.
    expect(await guardActionRequest(actionRequest({ body: "[]", headers: { "content-type": "text/plain;charset=UTF-8" } }))).toBeNull();
  });

  it("answers 413 with a plain sentence for a body over the Server Action limit, declared or counted", async () => {
    // Declared: refused on the header, before a byte of the body is read.
    const declared = await guardActionRequest(actionRequest({ headers: { "content-length": String(ACTION_BODY_LIMIT_BYTES + 1) } }));
    expect(declared?.status).toBe(413);
    expect(declared?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await declared?.text()).toBe("The form sent more than 9 MB. Choose a smaller file, or split it into several.");
    // Not declared: the guard counts while it reads.
    const big = form([["_1_file", "x".repeat(ACTION_BODY_LIMIT_BYTES)]]);
    expect((await guardActionRequest(actionRequest({ body: big })))?.status).toBe(413);
    expect((await guardActionRequest(actionRequest({ body: big, chunked: true })))?.status).toBe(413);
    // Exactly at the limit is allowed, as Next allows it.
    const atLimit = form([["_1_file", "x".repeat(ACTION_BODY_LIMIT_BYTES - NOTE.length - 200)]]);
    expect(new TextEncoder().encode(atLimit).byteLength).toBeLessThanOrEqual(ACTION_BODY_LIMIT_BYTES);
    expect(await guardActionRequest(actionRequest({ body: atLimit }))).toBeNull();
  });

  it("answers 403 for an action posted from another site, or with an Origin Next cannot read", async () => {
    for (const origin of ["https://evil.example", "http://shop.example:3001", "null", "not a url"]) {
      const response = await guardActionRequest(actionRequest({ headers: { origin } }));
      expect(response?.status, origin).toBe(403);
      expect(await response?.text()).toMatch(/sent from another site, so nothing was done/);
    }
    // A form posted without JavaScript (no Next-Action header) is an action too.
    expect((await guardActionRequest(actionRequest({ headers: { origin: "https://evil.example", "next-action": null } })))?.status).toBe(403);
    // Unless that origin is one the retailer allows.
    expect(await guardActionRequest(actionRequest({ headers: { origin: "https://tablets.shop.example" } }), { allowedOrigins: ["tablets.shop.example"] })).toBeNull();
  });

  it("answers 400 for a truncated multipart body or one without a boundary", async () => {
    for (const body of [NOTE.slice(0, -8), NOTE.slice(0, 40), NOTE.replace(`--${BOUNDARY}--`, `--${BOUNDARY}`), ""]) {
      const response = await guardActionRequest(actionRequest({ body }));
      expect(response?.status, JSON.stringify(body.slice(-20))).toBe(400);
      expect(await response?.text()).toBe("The form arrived incomplete, so nothing was saved. Reload the page and send it again.");
    }
    expect((await guardActionRequest(actionRequest({ body: null })))?.status).toBe(400);
    expect((await guardActionRequest(actionRequest({ headers: { "content-type": "multipart/form-data" } })))?.status).toBe(400);
    // The closing delimiter split across two chunks still counts.
    expect(await checkActionBody(actionRequest({ chunked: true }))).toBeNull();
  });

  it("leaves alone what Next does not run as an action", async () => {
    const foreign = { origin: "https://evil.example" };
    expect(isActionRequest(new Request(`${ORIGIN}/customers/c1`, { headers: foreign }))).toBe(false);
    expect(await guardActionRequest(actionRequest({ path: "/api/auth/callback/credentials", headers: { ...foreign, "next-action": null } }))).toBeNull();
    expect(await guardActionRequest(actionRequest({ body: "email=a", headers: { ...foreign, "next-action": null, "content-type": "application/x-www-form-urlencoded" } }))).toBeNull();
    expect(checkActionHeaders(new Request(`${ORIGIN}/`, { method: "GET", headers: foreign }))).toBeNull();
  });
});

describe("multipartBoundary", () => {
  it("reads plain and quoted boundaries, and nothing else", () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(multipartBoundary("multipart/form-data")).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=")).toBeNull();
    expect(multipartBoundary(null)).toBeNull();
  });
});

describe("ACTION_BODY_LIMIT_BYTES", () => {
  it("is next.config.ts's serverActions.bodySizeLimit, parsed as Next parses it", () => {
    const bytes = createRequire(import.meta.url)("next/dist/compiled/bytes") as { parse: (value: string) => number };
    const configured = nextConfig.experimental?.serverActions?.bodySizeLimit;
    expect(typeof configured).toBe("string");
    expect(bytes.parse(String(configured))).toBe(ACTION_BODY_LIMIT_BYTES);
  });
});

describe("isCrossSiteRequest", () => {
  const request = (headers: Record<string, string>) => new Request(`${ORIGIN}/api/offline/changes`, { method: "POST", headers: { host: HOST, ...headers } });

  it("lets through this origin's requests, and those no browser marked as coming from elsewhere", () => {
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "same-origin", origin: ORIGIN }))).toBe(false);
    expect(isCrossSiteRequest(request({ origin: ORIGIN }))).toBe(false);
    expect(isCrossSiteRequest(request({}))).toBe(false);
  });

  it("refuses another site, a sibling subdomain and a foreign or unreadable Origin", () => {
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSiteRequest(request({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(request({ origin: "null" }))).toBe(true);
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "same-origin", origin: "https://evil.example" }))).toBe(true);
  });
});
