import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db";
import type { StaffSession } from "./auth";
import { exchangeXCode, getXAccount, pkcePair, X_CALLBACK_PATH, xAuthorizeUrl, xFromEnv, XError } from "./providers/x";
import { openSecret, sealSecret } from "./secret-box";
import { saveStoreAccount } from "./social-accounts";

/**
 * Connecting the store's X account, OAuth 2.0 Authorization Code with PKCE.
 * The state and the verifier travel in a short-lived, encrypted, httpOnly
 * cookie bound to the manager who started: the callback takes the account
 * only for that manager, still a manager of that store, with that state.
 */

export const X_CONNECT_COOKIE = "shopkeeper_x_connect";
/** How long a manager has to approve on X. */
export const X_CONNECT_TTL_MS = 10 * 60_000;
const PURPOSE = "x-connect-state";

const pending = z.object({ state: z.string().min(16), verifier: z.string().min(43), staffId: z.string(), storeId: z.string(), expiresAt: z.number() });

export type XConnectStart = { ok: true; url: string; cookie: string } | { ok: false; reason: "not_set_up" | "not_manager" };

export function startXConnect(me: StaffSession | null, { baseUrl, now = new Date() }: { baseUrl: string; now?: Date }): XConnectStart {
  if (!me || me.role !== "manager") return { ok: false, reason: "not_manager" };
  const settings = xFromEnv();
  if (!settings) return { ok: false, reason: "not_set_up" };
  const state = randomBytes(24).toString("base64url");
  const { verifier, challenge } = pkcePair();
  const cookie = sealSecret(JSON.stringify({ state, verifier, staffId: me.id, storeId: me.storeId, expiresAt: now.getTime() + X_CONNECT_TTL_MS }), PURPOSE);
  return { ok: true, url: xAuthorizeUrl(settings, { redirectUri: `${baseUrl}${X_CALLBACK_PATH}`, state, challenge }), cookie };
}

/** Why a connection did not happen, as the Accounts page words it (lib/social-accounts's page reads the code from its address). */
export type XConnectProblem = "expired" | "wrong_state" | "not_manager" | "denied" | "refused" | "not_set_up";

export const X_CONNECT_PROBLEMS: Record<XConnectProblem, string> = {
  expired: "X was not connected: the sign-in on X took too long or was started elsewhere. Try Connect again.",
  wrong_state: "X was not connected: the answer from X did not match the sign-in Shopkeeper started. Try Connect again.",
  not_manager: "X was not connected: only a manager of this store can connect its account.",
  denied: "X was not connected: access was not allowed on X.",
  refused: "X was not connected: X refused the sign-in. Try Connect again in a moment.",
  not_set_up: "X cannot be connected until X_CLIENT_ID and X_CLIENT_SECRET are set on the server.",
};

export type XConnectFinish = { ok: true; username: string } | { ok: false; problem: XConnectProblem };

/** Checks X's answer against the pending sign-in and the caller, then exchanges the code and keeps the account. */
export async function finishXConnect(
  db: Db,
  me: StaffSession | null,
  { cookie, code, state, error, baseUrl, now = new Date() }: { cookie: string | null; code: string | null; state: string | null; error: string | null; baseUrl: string; now?: Date },
): Promise<XConnectFinish> {
  const opened = cookie ? openSecret(cookie, PURPOSE) : null;
  const parsed = opened ? pending.safeParse(safeJson(opened)) : null;
  if (!parsed?.success || parsed.data.expiresAt < now.getTime()) return { ok: false, problem: "expired" };
  const started = parsed.data;
  if (!state || !sameText(state, started.state)) return { ok: false, problem: "wrong_state" };
  // Still the manager who started, still a manager of that store (the session is re-read from the database).
  if (!me || me.role !== "manager" || me.id !== started.staffId || me.storeId !== started.storeId) return { ok: false, problem: "not_manager" };
  if (error || !code) return { ok: false, problem: "denied" };
  const settings = xFromEnv();
  if (!settings) return { ok: false, problem: "not_set_up" };
  try {
    const tokens = await exchangeXCode(settings, { code, redirectUri: `${baseUrl}${X_CALLBACK_PATH}`, verifier: started.verifier }, now);
    const account = await getXAccount(settings, tokens.accessToken);
    await saveStoreAccount(db, { storeId: me.storeId, staffId: me.id, network: "x", accountId: account.id, username: account.username, tokens, now });
    return { ok: true, username: account.username };
  } catch (caught) {
    if (caught instanceof XError) {
      // X's words, for the server's log; never a token (XError carries none).
      console.warn(`Connecting X for store ${me.storeId} failed: ${caught.message}`);
      return { ok: false, problem: "refused" };
    }
    throw caught;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
