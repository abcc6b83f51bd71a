import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { MIN_WEBHOOK_SECRET_LENGTH, settings } from "@/lib/env";

/**
 * Webhook senders and the secrets that sign them. X posts come through the
 * retailer's own stream consumer, which signs with a secret shared with us;
 * Meta signs Instagram notifications with the app secret.
 */
export const WEBHOOK_SOURCES = {
  x: { header: "X-Shopkeeper-Signature", secretEnv: "X_WEBHOOK_SECRET" },
  instagram: { header: "X-Hub-Signature-256", secretEnv: "META_APP_SECRET" },
} as const;
export type WebhookSource = keyof typeof WEBHOOK_SOURCES;

/** The settings read here: the checked settings by default (lib/env.ts), or any environment a test passes. */
type Env = { readonly X_WEBHOOK_SECRET?: string; readonly META_APP_SECRET?: string; readonly META_VERIFY_TOKEN?: string };

/** Shorter shared secrets are guessable enough to forge posts: treated as not configured (and refused at start). */
export const MIN_SECRET_LENGTH = MIN_WEBHOOK_SECRET_LENGTH;
/** The largest body either endpoint reads; one post or one Meta delivery is far smaller. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export type SecretLookup = { ok: true; secret: string } | { ok: false; message: string };

/** The secret for a source, read at request time so a restart with new settings takes effect. */
export function webhookSecret(source: WebhookSource, env: Env = settings()): SecretLookup {
  const name = WEBHOOK_SOURCES[source].secretEnv;
  const secret = env[name]?.trim();
  if (!secret) return { ok: false, message: `${name} is not set, so this endpoint cannot check signatures and accepts nothing.` };
  if (secret.length < MIN_SECRET_LENGTH) return { ok: false, message: `${name} is shorter than ${MIN_SECRET_LENGTH} characters, so this endpoint accepts nothing.` };
  return { ok: true, secret };
}

/** The token Meta echoes in its subscription handshake; any non-empty string the retailer chose. */
export function metaVerifyToken(env: Env = settings()): string | null {
  return env.META_VERIFY_TOKEN?.trim() || null;
}

/** "sha256=<hex>" over the exact bytes of the body. */
export function signBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * True when the header is "sha256=" and the HMAC of these exact bytes. The
 * comparison takes the same time wherever the digests differ; a header of the
 * wrong form or length is refused before comparing (its length is no secret).
 */
export function verifySignature(body: string | Uint8Array, header: string | null | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Compares two strings (e.g. the verify token) in constant time, whatever their lengths, by comparing digests. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = createHmac("sha256", "compare").update(given).digest();
  const b = createHmac("sha256", "compare").update(expected).digest();
  return timingSafeEqual(a, b);
}

export type RawBody = { ok: true; bytes: Buffer } | { ok: false; reason: "too_large" | "unreadable" };

/**
 * Reads the body once, as bytes (the HMAC is over exactly what was sent), and
 * stops as soon as it passes `limit`: a declared Content-Length over the limit
 * is refused unread, and a body that lies about its length is cut off. A body
 * that cannot be read to its end (the sender hung up, or it was read already)
 * is "unreadable": the sender's problem, never a thrown error.
 */
export async function readRawBody(request: Request, limit = MAX_WEBHOOK_BYTES): Promise<RawBody> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) };
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = request.body.getReader();
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      return { ok: false, reason: "unreadable" };
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    chunks.push(chunk.value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}

export type SignedBody = { ok: true; text: string } | { ok: false; response: Response };

/**
 * The checks every signed webhook passes before its body is even parsed: a
 * configured secret (503 without one: unsigned posts are never accepted), a
 * body read whole (400 when the sender broke off) and within the size limit
 * (413), and a valid signature over its bytes (401).
 */
export async function readSignedBody(request: Request, source: WebhookSource, env: Env = settings()): Promise<SignedBody> {
  const secret = webhookSecret(source, env);
  if (!secret.ok) return { ok: false, response: Response.json({ error: secret.message }, { status: 503 }) };
  const body = await readRawBody(request);
  if (!body.ok) {
    if (body.reason === "unreadable") return { ok: false, response: Response.json({ error: "The body could not be read to its end; send it again." }, { status: 400 }) };
    return { ok: false, response: Response.json({ error: `The body is over ${MAX_WEBHOOK_BYTES / 1024} KB.` }, { status: 413 }) };
  }
  const name = WEBHOOK_SOURCES[source].header;
  const header = request.headers.get(name);
  if (!verifySignature(body.bytes, header, secret.secret)) {
    return { ok: false, response: Response.json({ error: header ? `The ${name} signature does not match this body.` : `The ${name} header is missing.` }, { status: 401 }) };
  }
  return { ok: true, text: body.bytes.toString("utf8") };
}
