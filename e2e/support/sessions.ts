import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { send, signInOverHttp } from "./http";

// One sign-in per person per run, shared by every test that only needs to be
// signed in (e2e/support/fixtures.ts). Signing in costs an Argon2 hash, the
// sign-in throttle's bookkeeping and two redirects; a test about signing in
// (auth.spec.ts, signing out, the throttle) still goes through the form with
// signIn() from ./staff.
//
// A kept session can end under us: signing out (or deactivating an account)
// ends every session of that person, in whichever spec does it. So each use
// asks /api/auth/session first (one light request) and signs in again when the
// kept session is no longer current.

/** A Playwright storageState per person and server: data/e2e/<port>/auth/<email>.json (the server empties data/e2e/<port> when it starts). */
export function sessionFile(baseURL: string, email: string): string {
  return path.resolve("data", "e2e", new URL(baseURL).port || "80", "auth", `${email}.json`);
}

interface StoredState {
  cookies: Array<{ name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: "Lax" | "Strict" | "None" }>;
  origins: never[];
}

const kept = new Map<string, StoredState>();

function readState(file: string): StoredState | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as StoredState;
  } catch {
    return null;
  }
}

const cookieHeader = (state: StoredState) => state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

/** Whether the server still takes this session as this person's. */
async function isCurrent(baseURL: string, email: string, state: StoredState): Promise<boolean> {
  const answer = await send(baseURL, "/api/auth/session", { cookie: cookieHeader(state) });
  if (answer.status !== 200) return false;
  const session = JSON.parse(answer.body || "null") as { user?: { email?: string } } | null;
  return session?.user?.email === email;
}

/** This person's current session as a storageState (written to sessionFile), signing in over HTTP only when there is none. */
export async function sessionState(baseURL: string, email: string): Promise<StoredState> {
  const file = sessionFile(baseURL, email);
  const known = kept.get(file) ?? readState(file);
  if (known && (await isCurrent(baseURL, email, known))) {
    kept.set(file, known);
    return known;
  }
  const cookie = await signInOverHttp(baseURL, email);
  const at = cookie.indexOf("=");
  const state: StoredState = {
    cookies: [
      {
        name: cookie.slice(0, at),
        value: cookie.slice(at + 1),
        domain: new URL(baseURL).hostname,
        path: "/",
        // The session cookie lives 12 hours (lib/auth/config.ts); a run is minutes.
        expires: Math.floor(Date.now() / 1000) + 11 * 3600,
        httpOnly: true,
        secure: false,
        sameSite: "Lax",
      },
    ],
    origins: [],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
  kept.set(file, state);
  return state;
}

/** Puts this person's session in the browser context (cookies are per host, not port: it reaches every instance on localhost). */
export async function addSession(context: BrowserContext, baseURL: string, email: string): Promise<void> {
  await context.addCookies((await sessionState(baseURL, email)).cookies);
}
