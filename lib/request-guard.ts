// Server Action requests Next itself would answer with a 500, refused here with
// a plain 4xx before Next reads them. Next 16's action handler
// (next/dist/server/app-render/action-handler.js) turns every failure while
// decoding an action into a 500: a body over serverActions.bodySizeLimit (its
// own 413 ApiError is caught and re-sent as 500), a multipart body busboy cannot
// finish ("Unexpected end of form", "Boundary not found"), and an Origin that is
// not this host (its CSRF check). Those checks stay in Next; this only answers
// first, and never lets through anything Next would refuse.
//
// No "server-only": proxy.ts imports it, and it touches nothing but the request.

/** next.config.ts `experimental.serverActions.bodySizeLimit` ("9mb"), in bytes as Next parses it. */
export const ACTION_BODY_LIMIT_BYTES = 9 * 1024 * 1024;

export interface RequestRefusal {
  status: 400 | 403 | 413;
  message: string;
}

export interface ActionGuardOptions {
  /** Bytes a Server Action body may have (default ACTION_BODY_LIMIT_BYTES). */
  bodyLimit?: number;
  /** Other hosts allowed to post actions, as `serverActions.allowedOrigins` (exact hosts only). */
  allowedOrigins?: readonly string[];
}

const REFUSALS = {
  tooLarge: (limit: number) => ({ status: 413, message: `The form sent more than ${Math.round(limit / 1024 / 1024)} MB. Choose a smaller file, or split it into several.` }),
  foreign: { status: 403, message: "This form was sent from another site, so nothing was done. Open Shopkeeper and send it from there." },
  incomplete: { status: 400, message: "The form arrived incomplete, so nothing was saved. Reload the page and send it again." },
} satisfies Record<string, RequestRefusal | ((limit: number) => RequestRefusal)>;

/**
 * Whether Next will try to run this request as a Server Action: a POST with a
 * `Next-Action` header (the page's fetch), or any multipart POST to a page (a
 * form sent before JavaScript has loaded). Route handlers under /api/ never are.
 */
export function isActionRequest(request: Request): boolean {
  if (request.method !== "POST" || new URL(request.url).pathname.startsWith("/api/")) return false;
  return request.headers.has("next-action") || isMultipart(request.headers.get("content-type"));
}

function isMultipart(contentType: string | null): boolean {
  return contentType?.trim().toLowerCase().startsWith("multipart/form-data") ?? false;
}

/** The boundary parameter of a multipart Content-Type, unquoted; null when there is none. */
export function multipartBoundary(contentType: string | null): string | null {
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;"]{1,200}))/i.exec(contentType ?? "");
  return match ? (match[1] ?? match[2]!) : null;
}

/** The host this request was sent to, as Next's CSRF check reads it: X-Forwarded-Host's first value, else Host. */
function requestHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

function isForeignOrigin(headers: Headers, allowedOrigins: readonly string[]): boolean {
  const origin = headers.get("origin");
  // No Origin: not a browser's cross-site form (Next lets these through too, with a warning).
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true;
  }
  const host = requestHost(headers);
  if (host !== null && originHost === host) return false;
  return !allowedOrigins.some((allowed) => allowed.toLowerCase() === originHost.toLowerCase());
}

/**
 * What the headers alone show: a foreign Origin, a declared length over the
 * limit, or a multipart type without a boundary. Null when they look right.
 */
export function checkActionHeaders(request: Request, options: ActionGuardOptions = {}): RequestRefusal | null {
  if (!isActionRequest(request)) return null;
  const { bodyLimit = ACTION_BODY_LIMIT_BYTES, allowedOrigins = [] } = options;
  if (isForeignOrigin(request.headers, allowedOrigins)) return REFUSALS.foreign;
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > bodyLimit) return REFUSALS.tooLarge(bodyLimit);
  const contentType = request.headers.get("content-type");
  if (isMultipart(contentType) && multipartBoundary(contentType) === null) return REFUSALS.incomplete;
  return null;
}

/**
 * Reads a copy of the body once, keeping only a few bytes at a time: more than
 * `limit` bytes (a chunked body declares no length) is refused, and so is a
 * multipart body without its closing delimiter (`--boundary--`), which busboy
 * needs to finish the form.
 */
export async function checkActionBody(request: Request, options: ActionGuardOptions = {}): Promise<RequestRefusal | null> {
  if (!isActionRequest(request)) return null;
  const limit = options.bodyLimit ?? ACTION_BODY_LIMIT_BYTES;
  const boundary = multipartBoundary(request.headers.get("content-type"));
  const body = request.clone().body;
  if (!body) return boundary ? REFUSALS.incomplete : null;
  // The first delimiter may open the body; every later one follows a line break.
  const closing = boundary ? Buffer.from(`\r\n--${boundary}--`, "latin1") : null;
  let carry: Buffer = Buffer.from("\r\n", "latin1");
  let closed = !closing;
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) return REFUSALS.tooLarge(limit);
      if (closed || !closing) continue;
      const window = Buffer.concat([carry, value]);
      closed = window.includes(closing);
      carry = window.subarray(Math.max(0, window.length - closing.length + 1));
    }
  } catch {
    // The sender went away mid-body: Next's own read would fail the same way.
    return REFUSALS.incomplete;
  } finally {
    // Not awaited: cancelling one branch of a cloned body settles only once the other is done too.
    reader.cancel().catch(() => undefined);
  }
  return closed ? null : REFUSALS.incomplete;
}

/**
 * For proxy.ts: a plain-text 4xx for a Server Action request Next would fail
 * with a 500, or null to let the request through. Reads a copy of multipart
 * bodies (Next has already buffered them for the proxy, at most 10 MB).
 */
export async function guardActionRequest(request: Request, options: ActionGuardOptions = {}): Promise<Response | null> {
  const refusal = checkActionHeaders(request, options) ?? (await checkActionBody(request, options));
  if (!refusal) return null;
  return new Response(refusal.message, {
    status: refusal.status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/**
 * For route handlers that act on a staff session's cookie
 * (app/api/offline/changes): a request a browser sent from another site. When
 * the browser says where the request comes from (Sec-Fetch-Site), it must be
 * this origin; an Origin, when sent, must be this host. Without either it is
 * not a browser's cross-site request.
 */
export function isCrossSiteRequest(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return true;
  const headers = new Headers(request.headers);
  if (!headers.has("host")) headers.set("host", new URL(request.url).host);
  return isForeignOrigin(headers, []);
}
