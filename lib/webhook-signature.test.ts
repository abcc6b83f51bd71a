import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readRawBody, readSignedBody, sameSecret, signBody, verifySignature, webhookSecret } from "./webhook-signature";

const SECRET = "test-secret-0123456789abcdef";
const body = '{"data":{"id":"1","text":"Café ☕ at @hartleyrowe"}}';

describe("verifySignature", () => {
  it("accepts the HMAC-SHA256 of the exact bytes, in either hex case", () => {
    const hex = createHmac("sha256", SECRET).update(Buffer.from(body, "utf8")).digest("hex");
    expect(signBody(body, SECRET)).toBe(`sha256=${hex}`);
    expect(verifySignature(body, `sha256=${hex}`, SECRET)).toBe(true);
    expect(verifySignature(Buffer.from(body), `sha256=${hex.toUpperCase()}`, SECRET)).toBe(true);
  });

  it("refuses another body, another secret, a missing header and malformed headers", () => {
    const good = signBody(body, SECRET);
    expect(verifySignature(`${body} `, good, SECRET)).toBe(false);
    expect(verifySignature(body, signBody(body, `${SECRET}x`), SECRET)).toBe(false);
    expect(verifySignature(body, null, SECRET)).toBe(false);
    expect(verifySignature(body, "", SECRET)).toBe(false);
    expect(verifySignature(body, good.slice("sha256=".length), SECRET)).toBe(false);
    expect(verifySignature(body, good.replace("sha256=", "sha1="), SECRET)).toBe(false);
    // Shorter, longer and non-hex digests are refused without throwing.
    expect(verifySignature(body, good.slice(0, -2), SECRET)).toBe(false);
    expect(verifySignature(body, `${good}00`, SECRET)).toBe(false);
    expect(verifySignature(body, `sha256=${"zz".repeat(32)}`, SECRET)).toBe(false);
  });
});

describe("webhookSecret", () => {
  it("is missing when unset, blank or too short, and says which variable", () => {
    expect(webhookSecret("x", {})).toEqual({ ok: false, message: expect.stringContaining("X_WEBHOOK_SECRET is not set") });
    expect(webhookSecret("instagram", { META_APP_SECRET: "   " })).toEqual({ ok: false, message: expect.stringContaining("META_APP_SECRET is not set") });
    expect(webhookSecret("x", { X_WEBHOOK_SECRET: "short" })).toEqual({ ok: false, message: expect.stringContaining("shorter than 16") });
    expect(webhookSecret("instagram", { META_APP_SECRET: ` ${SECRET} ` })).toEqual({ ok: true, secret: SECRET });
  });
});

describe("sameSecret", () => {
  it("matches only the identical string, whatever the lengths", () => {
    expect(sameSecret("verify-me", "verify-me")).toBe(true);
    expect(sameSecret("verify-m", "verify-me")).toBe(false);
    expect(sameSecret("verify-me-please", "verify-me")).toBe(false);
    expect(sameSecret(null, "verify-me")).toBe(false);
  });
});

describe("readRawBody", () => {
  it("refuses a declared length over the limit, and a body that runs past it", async () => {
    const declared = new Request("http://test/", { method: "POST", body: "x".repeat(10), headers: { "content-length": "999999" } });
    expect(await readRawBody(declared, 100)).toEqual({ ok: false, reason: "too_large" });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(40));
        controller.close();
      },
    });
    const chunked = new Request("http://test/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await readRawBody(chunked, 100)).toEqual({ ok: false, reason: "too_large" });
    const small = new Request("http://test/", { method: "POST", body: "hello" });
    const read = await readRawBody(small, 100);
    expect(read.ok && read.bytes.toString()).toBe("hello");
  });
});

/** A body whose sender hangs up after the first chunk, as an aborted upload does. */
function abortedRequest(headers: Record<string, string> = {}) {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"data":'));
    },
    pull(controller) {
      controller.error(new Error("aborted"));
    },
  });
  return new Request("http://test/", { method: "POST", body: stream, headers, duplex: "half" } as RequestInit);
}

describe("readRawBody when the body cannot be read", () => {
  it("answers unreadable instead of throwing, for a stream that errors or one already read", async () => {
    expect(await readRawBody(abortedRequest(), 100)).toEqual({ ok: false, reason: "unreadable" });
    const used = new Request("http://test/", { method: "POST", body: "hello" });
    await used.text();
    expect(await readRawBody(used, 100)).toEqual({ ok: false, reason: "unreadable" });
  });

  it("makes readSignedBody answer 400, never throw", async () => {
    const read = await readSignedBody(abortedRequest({ "X-Shopkeeper-Signature": signBody(body, SECRET) }), "x", { X_WEBHOOK_SECRET: SECRET });
    expect(!read.ok && read.response.status).toBe(400);
    expect(!read.ok && (await read.response.json())).toEqual({ error: expect.stringMatching(/could not be read/) });
  });
});

describe("readSignedBody", () => {
  const post = (headers: Record<string, string>) => new Request("http://test/", { method: "POST", body, headers });

  it("answers 503 without a secret, 401 for a bad signature, and gives the text for a good one", async () => {
    const unset = await readSignedBody(post({ "X-Shopkeeper-Signature": signBody(body, SECRET) }), "x", {});
    expect(!unset.ok && unset.response.status).toBe(503);
    const bad = await readSignedBody(post({ "X-Shopkeeper-Signature": signBody(body, "another-secret-0123456789") }), "x", { X_WEBHOOK_SECRET: SECRET });
    expect(!bad.ok && bad.response.status).toBe(401);
    // Meta's header does not count for the X endpoint.
    const wrongHeader = await readSignedBody(post({ "X-Hub-Signature-256": signBody(body, SECRET) }), "x", { X_WEBHOOK_SECRET: SECRET });
    expect(!wrongHeader.ok && (await wrongHeader.response.json())).toEqual({ error: "The X-Shopkeeper-Signature header is missing." });
    const good = await readSignedBody(post({ "x-hub-signature-256": signBody(body, SECRET) }), "instagram", { META_APP_SECRET: SECRET });
    expect(good).toEqual({ ok: true, text: body });
  });
});
