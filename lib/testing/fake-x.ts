import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

/**
 * A small X API v2 on 127.0.0.1 for tests and end-to-end runs: the OAuth 2.0
 * token endpoint (authorization_code with PKCE, refresh_token with rotation,
 * Basic auth for a confidential client), GET /2/users/me and POST /2/tweets,
 * answering with X's own shapes (`{ data: … }`, problem details
 * `{ title, detail, type, status }`, OAuth errors `{ error, error_description }`).
 * It records every request as it arrived, and can be told to fail the next
 * post. Nothing reaches the real X.
 */

export interface RecordedXRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  /** JSON bodies parsed, forms as an object, anything else as text. */
  body: unknown;
}

export interface FakeXPost {
  id: string;
  text: string;
  inReplyTo: string | null;
}

export interface FakeX {
  url: string;
  clientId: string;
  clientSecret: string;
  requests: RecordedXRequest[];
  posts: FakeXPost[];
  /** The account the tokens belong to. */
  account: { id: string; username: string; name: string };
  /** An authorization code the fake will accept once, as X would give after consent, bound to a PKCE challenge and redirect URI. */
  issueCode(input: { codeChallenge: string; redirectUri: string }): string;
  /** Tokens the fake accepts, as if a code had been exchanged (for seeding a connected account). */
  issueTokens(options?: { expiresInSeconds?: number }): { accessToken: string; refreshToken: string };
  /** The next POST /2/tweets answers with this status (500 by default, or a 4xx problem with `detail`), once. */
  failNextPost(failure?: { status?: number; detail?: string }): void;
  /** Every post fails with 500 until recover() (an outage). */
  goDown(): void;
  recover(): void;
  close(): Promise<void>;
}

export const FAKE_X_CLIENT_ID = "ZmFrZS14LWNsaWVudC1pZA";
export const FAKE_X_CLIENT_SECRET = "fake-x-client-secret-0123456789abcdef";

const token = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;
const postId = () => String(1_800_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

const problem = (status: number, title: string, detail: string) => ({ title, detail, type: "about:blank", status });

export async function startFakeX({
  port = 0,
  clientId = FAKE_X_CLIENT_ID,
  clientSecret = FAKE_X_CLIENT_SECRET,
  logFile,
  controlFile,
}: { port?: number; clientId?: string; clientSecret?: string; logFile?: string; controlFile?: string } = {}): Promise<FakeX> {
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(logFile, "");
  }
  const requests: RecordedXRequest[] = [];
  const posts: FakeXPost[] = [];
  const account = { id: "1500000000000000001", username: "fifthavenue", name: "Hartley Rowe Fifth Avenue" };
  const codes = new Map<string, { codeChallenge: string; redirectUri: string }>();
  const accessTokens = new Map<string, number>(); // token → expires at (ms)
  const refreshTokens = new Set<string>();
  let failure: { status: number; detail?: string } | null = null;
  let down = false;
  const expectedBasic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;

  const issueTokens = ({ expiresInSeconds = 7200 } = {}) => {
    const accessToken = token("xat-");
    const refreshToken = token("xrt-");
    accessTokens.set(accessToken, Date.now() + expiresInSeconds * 1000);
    refreshTokens.add(refreshToken);
    return { accessToken, refreshToken, expiresInSeconds };
  };
  const tokenAnswer = (response: http.ServerResponse) => {
    const t = issueTokens();
    send(response, 200, { token_type: "bearer", expires_in: t.expiresInSeconds, access_token: t.accessToken, scope: "tweet.read tweet.write users.read offline.access", refresh_token: t.refreshToken });
  };
  const bearerValid = (header: string | undefined) => {
    const match = /^Bearer (.+)$/.exec(header ?? "");
    const expires = match ? accessTokens.get(match[1]!) : undefined;
    return expires !== undefined && expires > Date.now();
  };
  // An end-to-end spec (another process) steers the fake through a small JSON file: { "failNext": 500 }, { "down": true }.
  const readControl = () => {
    if (!controlFile || !fs.existsSync(controlFile)) return;
    try {
      const control = JSON.parse(fs.readFileSync(controlFile, "utf8")) as { failNext?: number; down?: boolean };
      fs.rmSync(controlFile);
      if (control.failNext) failure = { status: control.failNext };
      if (control.down !== undefined) down = control.down;
    } catch {
      // Half-written: read next time.
    }
  };

  const server = http.createServer(async (request, response) => {
    const text = await readBody(request);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const contentType = request.headers["content-type"] ?? null;
    let body: unknown = text;
    if (contentType?.startsWith("application/json")) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } else if (contentType?.startsWith("application/x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(text));
    const recorded: RecordedXRequest = { method: request.method ?? "", path: url.pathname, authorization: request.headers.authorization ?? null, contentType, body };
    requests.push(recorded);
    let answered: string | null = null;
    response.on("finish", () => {
      if (logFile) fs.appendFileSync(logFile, `${JSON.stringify({ ...recorded, status: response.statusCode, id: answered })}\n`);
    });
    readControl();

    if (request.method === "POST" && url.pathname === "/2/oauth2/token") {
      if (request.headers.authorization !== expectedBasic) return send(response, 401, { error: "unauthorized_client", error_description: "Missing valid authorization header" });
      const form = body as Record<string, string>;
      if (form.grant_type === "authorization_code") {
        const pending = codes.get(form.code ?? "");
        codes.delete(form.code ?? "");
        const challenge = form.code_verifier ? createHash("sha256").update(form.code_verifier).digest("base64url") : "";
        if (!pending || pending.codeChallenge !== challenge || pending.redirectUri !== form.redirect_uri) {
          return send(response, 400, { error: "invalid_request", error_description: "Value passed for the authorization code was invalid." });
        }
        return tokenAnswer(response);
      }
      if (form.grant_type === "refresh_token") {
        // Rotation: a refresh token works once.
        if (!refreshTokens.delete(form.refresh_token ?? "")) return send(response, 400, { error: "invalid_request", error_description: "Value passed for the token was invalid." });
        return tokenAnswer(response);
      }
      return send(response, 400, { error: "unsupported_grant_type", error_description: "Unsupported grant type." });
    }
    if (url.pathname === "/2/users/me" && request.method === "GET") {
      if (!bearerValid(request.headers.authorization)) return send(response, 401, problem(401, "Unauthorized", "Unauthorized"));
      return send(response, 200, { data: account });
    }
    if (url.pathname === "/2/tweets" && request.method === "POST") {
      if (!bearerValid(request.headers.authorization)) return send(response, 401, problem(401, "Unauthorized", "Unauthorized"));
      if (down) return send(response, 500, problem(500, "Internal Server Error", "Something went wrong."));
      if (failure) {
        const { status, detail } = failure;
        failure = null;
        return send(response, status, status >= 500 ? problem(status, "Internal Server Error", "Something went wrong.") : problem(status, "Forbidden", detail ?? "You are not permitted to perform this action."));
      }
      const input = body as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
      if (typeof input?.text !== "string" || !input.text) return send(response, 400, { errors: [{ message: "text is required" }], title: "Invalid Request", detail: "One or more parameters to your request was invalid.", type: "https://api.twitter.com/2/problems/invalid-request" });
      const id = postId();
      answered = id;
      const inReplyTo = typeof input.reply?.in_reply_to_tweet_id === "string" ? input.reply.in_reply_to_tweet_id : null;
      posts.push({ id, text: input.text, inReplyTo });
      return send(response, 201, { data: { id, text: input.text, edit_history_tweet_ids: [id] } });
    }
    send(response, 404, problem(404, "Not Found Error", `Could not find ${url.pathname}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actual}`,
    clientId,
    clientSecret,
    requests,
    posts,
    account,
    issueCode(input) {
      const code = token("code-");
      codes.set(code, input);
      return code;
    },
    issueTokens: (options) => {
      const { accessToken, refreshToken } = issueTokens(options);
      return { accessToken, refreshToken };
    },
    failNextPost(next = {}) {
      failure = { status: next.status ?? 500, detail: next.detail };
    },
    goDown: () => {
      down = true;
    },
    recover: () => {
      down = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What an end-to-end run's fake X was sent, oldest first, with the status and post id it answered. */
export function readFakeXLog(logFile: string): Array<RecordedXRequest & { status: number; id: string | null }> {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedXRequest & { status: number; id: string | null });
}
