import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * X's API v2, as Shopkeeper uses it: OAuth 2.0 Authorization Code with PKCE
 * for the store's account (a confidential client: the token endpoint takes
 * HTTP Basic with the client id and secret), who the account is
 * (GET /2/users/me) and a reply to a post (POST /2/tweets). Errors carry X's
 * own words, never a token.
 */

export interface XSettings {
  clientId: string;
  clientSecret: string | null;
  apiBaseUrl: string;
  authorizeUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** What the store's account may do: read and write posts, read who it is, and stay connected (a refresh token). */
export const X_SCOPES = "tweet.read tweet.write users.read offline.access";
export const X_CALLBACK_PATH = "/api/oauth/x/callback";

/** The X settings, or null when X_CLIENT_ID is not set (then X cannot be connected). */
export function xFromEnv(env: Env = process.env): XSettings | null {
  const clientId = env.X_CLIENT_ID?.trim();
  if (!clientId) return null;
  return {
    clientId,
    clientSecret: env.X_CLIENT_SECRET?.trim() || null,
    apiBaseUrl: (env.X_API_BASE_URL?.trim() || "https://api.x.com").replace(/\/+$/, ""),
    authorizeUrl: env.X_AUTHORIZE_URL?.trim() || "https://x.com/i/oauth2/authorize",
  };
}

export class XError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = "XError";
  }
}

/** A PKCE pair: the verifier kept by Shopkeeper, its S256 challenge sent to X. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function xAuthorizeUrl(settings: XSettings, { redirectUri, state, challenge }: { redirectUri: string; state: string; challenge: string }): string {
  const url = new URL(settings.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    scope: X_SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

export interface XTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

const tokenResponse = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).optional(), expires_in: z.number().optional(), token_type: z.string().optional() });
const oauthError = z.object({ error: z.string().optional(), error_description: z.string().optional() });
const problem = z.object({ title: z.string().optional(), detail: z.string().optional(), type: z.string().optional(), status: z.number().optional() });
const errorsList = z.object({ errors: z.array(z.object({ message: z.string().optional(), detail: z.string().optional() })).min(1) });

/** Exchanges an authorization code (with its PKCE verifier) for the account's tokens. */
export function exchangeXCode(settings: XSettings, { code, redirectUri, verifier }: { code: string; redirectUri: string; verifier: string }, now = new Date()): Promise<XTokens> {
  return tokenRequest(settings, { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier }, now);
}

/** New tokens for an expired access token. X rotates refresh tokens: the answer's refresh token replaces the old one. */
export function refreshXToken(settings: XSettings, refreshToken: string, now = new Date()): Promise<XTokens> {
  return tokenRequest(settings, { grant_type: "refresh_token", refresh_token: refreshToken }, now);
}

async function tokenRequest(settings: XSettings, params: Record<string, string>, now: Date): Promise<XTokens> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  const form = new URLSearchParams(params);
  // A confidential client authenticates with Basic; a public one names itself in the form.
  if (settings.clientSecret) headers.authorization = `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString("base64")}`;
  else form.set("client_id", settings.clientId);
  const { response, json } = await call(`${settings.apiBaseUrl}/2/oauth2/token`, { method: "POST", headers, body: form });
  if (!response.ok) {
    const error = oauthError.safeParse(json);
    const why = error.success ? (error.data.error_description ?? error.data.error) : undefined;
    throw new XError(why ? `X refused the sign-in: ${why}` : `X did not answer (HTTP ${response.status})`, response.status);
  }
  const tokens = tokenResponse.safeParse(json);
  if (!tokens.success) throw new XError("X answered the sign-in with something Shopkeeper could not read.", response.status);
  const { access_token, refresh_token, expires_in } = tokens.data;
  return { accessToken: access_token, refreshToken: refresh_token ?? null, expiresAt: expires_in ? new Date(now.getTime() + expires_in * 1000) : null };
}

const me = z.object({ data: z.object({ id: z.string().min(1), username: z.string().min(1) }) });

/** Who the token belongs to: the account's id and @username. */
export async function getXAccount(settings: XSettings, accessToken: string): Promise<{ id: string; username: string }> {
  const { response, json } = await call(`${settings.apiBaseUrl}/2/users/me`, { method: "GET", headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  if (!response.ok) throw refusal(response.status, json, "X refused to say who the account is");
  const parsed = me.safeParse(json);
  if (!parsed.success) throw new XError("X answered with something Shopkeeper could not read.", response.status);
  return parsed.data.data;
}

const created = z.object({ data: z.object({ id: z.string().min(1), text: z.string().optional() }) });

/** Posts `text` as a reply to the post `inReplyTo`; the new post's id. */
export async function postXReply(settings: XSettings, accessToken: string, { text, inReplyTo }: { text: string; inReplyTo: string }): Promise<{ id: string }> {
  const { response, json } = await call(`${settings.apiBaseUrl}/2/tweets`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ text, reply: { in_reply_to_tweet_id: inReplyTo } }),
  });
  if (!response.ok) throw refusal(response.status, json, "X refused the reply");
  const parsed = created.safeParse(json);
  if (!parsed.success) throw new XError("X answered with something Shopkeeper could not read.", response.status);
  return { id: parsed.data.data.id };
}

/** "X refused the reply: <detail>" for a 4xx with X's words; "X did not answer (HTTP 500)" otherwise. */
function refusal(status: number, json: unknown, lead: string): XError {
  if (status >= 500) return new XError(`X did not answer (HTTP ${status})`, status);
  const p = problem.safeParse(json);
  const list = errorsList.safeParse(json);
  const detail = (p.success ? (p.data.detail ?? p.data.title) : undefined) ?? (list.success ? (list.data.errors[0]!.detail ?? list.data.errors[0]!.message) : undefined);
  return new XError(detail ? `${lead}: ${detail}` : `${lead} (HTTP ${status})`, status);
}

async function call(url: string, init: RequestInit): Promise<{ response: Response; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new XError(error instanceof Error && error.name === "TimeoutError" ? "X did not answer within 15 seconds" : "X could not be reached", null);
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
