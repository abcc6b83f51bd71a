import "server-only";
import { z } from "zod";

/**
 * Instagram through Meta's Graph API, as Shopkeeper uses it: who an
 * Instagram professional account is (GET /{ig-user-id}?fields=id,username)
 * and a reply to a comment (POST /{ig-comment-id}/replies with `message`).
 * The token is a long-lived (system user) token the business made; errors
 * carry Meta's own message, never the token.
 */

type Env = Readonly<Record<string, string | undefined>>;

export function instagramGraphBaseUrl(env: Env = process.env): string {
  return (env.INSTAGRAM_GRAPH_BASE_URL?.trim() || "https://graph.facebook.com/v21.0").replace(/\/+$/, "");
}

export class InstagramError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = "InstagramError";
  }
}

const graphError = z.object({ error: z.object({ message: z.string().optional(), type: z.string().optional(), code: z.number().optional(), fbtrace_id: z.string().optional() }) });
const account = z.object({ id: z.string().min(1), username: z.string().min(1) });
const reply = z.object({ id: z.string().min(1) });

/** The account the token reaches, or an InstagramError saying why not. */
export async function getInstagramAccount(baseUrl: string, { accountId, accessToken }: { accountId: string; accessToken: string }): Promise<{ id: string; username: string }> {
  const url = `${baseUrl}/${encodeURIComponent(accountId)}?fields=id,username`;
  const { response, json } = await call(url, { method: "GET", headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  if (!response.ok) throw refusal(response.status, json, "Instagram refused the account");
  const parsed = account.safeParse(json);
  if (!parsed.success) throw new InstagramError("Instagram answered with something Shopkeeper could not read.", response.status);
  return parsed.data;
}

/** Replies to a comment; the reply's own comment id. */
export async function replyToInstagramComment(baseUrl: string, accessToken: string, { commentId, message }: { commentId: string; message: string }): Promise<{ id: string }> {
  const { response, json } = await call(`${baseUrl}/${encodeURIComponent(commentId)}/replies`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ message }),
  });
  if (!response.ok) throw refusal(response.status, json, "Instagram refused the reply");
  const parsed = reply.safeParse(json);
  if (!parsed.success) throw new InstagramError("Instagram answered with something Shopkeeper could not read.", response.status);
  return parsed.data;
}

function refusal(status: number, json: unknown, lead: string): InstagramError {
  if (status >= 500) return new InstagramError(`Instagram did not answer (HTTP ${status})`, status);
  const error = graphError.safeParse(json);
  if (error.success && error.data.error.message) return new InstagramError(`${lead}: ${error.data.error.message}`, status);
  return new InstagramError(`Instagram did not answer (HTTP ${status})`, status);
}

async function call(url: string, init: RequestInit): Promise<{ response: Response; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new InstagramError(error instanceof Error && error.name === "TimeoutError" ? "Instagram did not answer within 15 seconds" : "Instagram could not be reached", null);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { response, json };
}
