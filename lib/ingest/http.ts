import "server-only";
import { gunzipSync } from "node:zlib";
import { getDb } from "@/db";
import { RateLimiter } from "@/lib/rate-limit";
import { readBodyBytes } from "@/lib/request-body";
import { authenticateWriteKey } from "@/lib/source-keys";
import { ingestSegmentCalls, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_CALL_BYTES } from "./segment";

// What /api/v1/track, /identify and /batch share: the write key, a body read
// with a hard size cap, JSON parsing and plain-sentence errors. Client
// mistakes get a 4xx with a reason; only our own failures are a 500, and then
// the transaction has saved nothing.

/**
 * Requests per write key per second. Generous (a CDP flushing 500-event
 * batches at this rate sends 250,000 events a second): it stops a runaway
 * loop, not a busy shop.
 */
export const ingestLimiter = new RateLimiter("ingest", 500, 1000);

export type SegmentEndpoint = "track" | "identify" | "batch";

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function reply(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

function tooLarge(limit: number): RequestError {
  return new RequestError(413, `The request body is larger than ${limit / 1024} KB. Send fewer events per batch.`);
}

/** The raw body, refusing more than `limit` bytes before reading it (Content-Length), while reading it, and once unzipped. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const encoding = request.headers.get("content-encoding")?.trim().toLowerCase() || "identity";
  if (encoding !== "identity" && encoding !== "gzip") throw new RequestError(415, `Content-Encoding ${encoding} is not supported; send plain or gzip-compressed JSON.`);
  let bytes: Buffer | null;
  try {
    bytes = await readBodyBytes(request, limit);
  } catch {
    throw new RequestError(400, "The request body could not be read completely.");
  }
  if (!bytes) throw tooLarge(limit);
  if (encoding === "identity") return bytes.toString("utf8");
  try {
    // The limit applies to what the body expands to, so a small bomb is refused too.
    return gunzipSync(bytes, { maxOutputLength: limit }).toString("utf8");
  } catch (error) {
    if (error instanceof RangeError) throw tooLarge(limit);
    throw new RequestError(400, "The body is not valid gzip.");
  }
}

/**
 * How deeply a body's objects and arrays may nest. A Segment call is a few
 * levels deep; JSON.parse takes 100,000, but what walks the value next (zod,
 * JSON.stringify) recurses and runs out of stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests deeper than `max`, walked without recursion. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== "object" || node === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

function parseJson(text: string): unknown {
  if (!text.trim()) throw new RequestError(400, "The request body is empty; send a JSON object.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `The request body is not valid JSON (${(error as Error).message}).`);
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new RequestError(400, `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep. Send flatter objects.`);
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One Segment HTTP API request, start to finish. */
export async function handleSegmentRequest(request: Request, endpoint: SegmentEndpoint): Promise<Response> {
  try {
    const db = getDb();
    const source = await authenticateWriteKey(db, request.headers.get("authorization"));
    if (!source) {
      return reply(
        401,
        { success: false, error: "Missing, unknown or revoked write key. Send the key as the HTTP Basic username with an empty password." },
        { "WWW-Authenticate": 'Basic realm="Shopkeeper events", charset="UTF-8"' },
      );
    }
    if (!(await ingestLimiter.take(source.id))) {
      return reply(429, { success: false, error: "Too many requests with this write key. Wait a second and send again." }, { "Retry-After": "1" });
    }

    const text = await readBody(request, endpoint === "batch" ? MAX_BATCH_BYTES : MAX_CALL_BYTES);
    const body = parseJson(text);
    const receivedAt = new Date();

    if (endpoint === "batch") {
      if (!isObject(body) || !Array.isArray(body.batch)) throw new RequestError(400, 'The body must be a JSON object with a "batch" array of calls.');
      if (body.batch.length > MAX_BATCH_EVENTS) throw new RequestError(413, `A batch holds at most ${MAX_BATCH_EVENTS} calls; this one has ${body.batch.length}.`);
      const result = await ingestSegmentCalls(db, {
        source,
        calls: body.batch,
        batchContext: body.context,
        batchSentAt: body.sentAt,
        checkCallSize: Buffer.byteLength(text, "utf8") > MAX_CALL_BYTES,
        receivedAt,
      });
      return reply(200, { success: true, ...result });
    }

    if (!isObject(body)) throw new RequestError(400, `A ${endpoint} call must be a JSON object.`);
    const result = await ingestSegmentCalls(db, { source, calls: [body], defaultType: endpoint, receivedAt });
    const [error] = result.errors;
    if (error) throw new RequestError(400, error.message);
    return reply(200, { success: true, ...result });
  } catch (error) {
    if (error instanceof RequestError) return reply(error.status, { success: false, error: error.message }, error.headers);
    console.error("Event ingestion failed", error);
    return reply(500, { success: false, error: "Something went wrong on our side. Nothing from this request was saved; send it again." });
  }
}
