import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

/**
 * A small Meta Graph API on 127.0.0.1 for Instagram, for tests and end-to-end
 * runs: GET /{version}/{ig-user-id}?fields=id,username and
 * POST /{version}/{ig-comment-id}/replies (form `message`), with Bearer
 * tokens, answering as Graph does (`{ id, username }`, `{ id }`, errors
 * `{ error: { message, type, code, fbtrace_id } }`). It records every request
 * and can be told to fail the next reply. Nothing reaches Meta.
 */

export interface RecordedGraphRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  body: Record<string, string>;
}

export interface FakeGraph {
  /** The base the app is given: includes the API version, as INSTAGRAM_GRAPH_BASE_URL does. */
  url: string;
  accessToken: string;
  account: { id: string; username: string };
  requests: RecordedGraphRequest[];
  replies: Array<{ id: string; commentId: string; message: string }>;
  /** The next reply answers with this status (500 by default), once; a 4xx carries Graph's error message. */
  failNextReply(failure?: { status?: number; message?: string }): void;
  close(): Promise<void>;
}

export const FAKE_INSTAGRAM_ACCOUNT_ID = "17841400000000001";
export const FAKE_INSTAGRAM_TOKEN = "EAAfakeInstagramSystemUserToken0123456789";
const VERSION = "v21.0";

const fbtrace = () => randomBytes(8).toString("base64url");
const graphError = (message: string, code: number, type = "OAuthException") => ({ error: { message, type, code, fbtrace_id: fbtrace() } });

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  response.end(JSON.stringify(body));
}

export async function startFakeGraph({ port = 0, accessToken = FAKE_INSTAGRAM_TOKEN, accountId = FAKE_INSTAGRAM_ACCOUNT_ID, logFile }: { port?: number; accessToken?: string; accountId?: string; logFile?: string } = {}): Promise<FakeGraph> {
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(logFile, "");
  }
  const account = { id: accountId, username: "hartleyrowe.fifth" };
  const requests: RecordedGraphRequest[] = [];
  const replies: FakeGraph["replies"] = [];
  let failure: { status: number; message?: string } | null = null;

  const server = http.createServer(async (request, response) => {
    const text = await readBody(request);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = Object.fromEntries(new URLSearchParams(text));
    const recorded = { method: request.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: request.headers.authorization ?? null, body };
    requests.push(recorded);
    response.on("finish", () => {
      if (logFile) fs.appendFileSync(logFile, `${JSON.stringify({ ...recorded, status: response.statusCode })}\n`);
    });
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== VERSION) return send(response, 400, graphError("Unknown path components", 2500));
    if (request.headers.authorization !== `Bearer ${accessToken}`) return send(response, 400, graphError("Invalid OAuth access token - Cannot parse access token", 190));
    if (request.method === "GET" && parts.length === 2) {
      if (parts[1] !== account.id) return send(response, 400, graphError(`Unsupported get request. Object with ID '${parts[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, "GraphMethodException"));
      return send(response, 200, { id: account.id, username: account.username });
    }
    if (request.method === "POST" && parts.length === 3 && parts[2] === "replies") {
      if (failure) {
        const { status, message } = failure;
        failure = null;
        return send(response, status, status >= 500 ? graphError("An unexpected error has occurred. Please retry your request later.", 2, "OAuthException") : graphError(message ?? "Invalid parameter", 100));
      }
      const message = body.message ?? url.searchParams.get("message") ?? "";
      if (!message) return send(response, 400, graphError("(#100) The parameter message is required", 100));
      const id = String(18_000_000_000_000_000n + BigInt(replies.length + 1));
      replies.push({ id, commentId: parts[1]!, message });
      return send(response, 200, { id });
    }
    send(response, 400, graphError("Unsupported request", 100, "GraphMethodException"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/${VERSION}`,
    accessToken,
    account,
    requests,
    replies,
    failNextReply(next = {}) {
      failure = { status: next.status ?? 500, message: next.message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
