import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { Db } from "@/db";
import { auditLog, storeSocialAccounts } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "./testing/db";
import { createStaff, createStore } from "./testing/factories";
import { FAKE_X_CLIENT_ID, FAKE_X_CLIENT_SECRET, startFakeX, type FakeX } from "./testing/fake-x";
import type { StaffSession } from "./auth";
import { openSecret, SOCIAL_TOKEN_PURPOSE } from "./secret-box";

// The callback route runs for real against a test database; only the session is a stand-in.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { finishXConnect, startXConnect, X_CONNECT_COOKIE } = await import("./x-connect");
const { GET: callback } = await import("@/app/api/oauth/x/callback/route");
const { GET: start } = await import("@/app/api/oauth/x/start/route");

const BASE = "https://clienteling.example.com";
let db: Db;
let x: FakeX;
let store: { id: string; name: string; timezone: string };
let manager: StaffSession;
let associate: StaffSession;
let otherManager: StaffSession;

const session = (row: { id: string; name: string; role: "associate" | "manager"; storeId: string }, storeName: string): StaffSession => ({
  ...row,
  firstName: row.name.split(" ")[0]!,
  storeName,
  storeTimezone: "America/New_York",
  signedInAt: Date.now(),
});

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  x = await startFakeX();
  vi.stubEnv("AUTH_SECRET", "x-connect-test-secret-0123456789abcdef0123");
  vi.stubEnv("X_CLIENT_ID", FAKE_X_CLIENT_ID);
  vi.stubEnv("X_CLIENT_SECRET", FAKE_X_CLIENT_SECRET);
  vi.stubEnv("X_API_BASE_URL", x.url);
  vi.stubEnv("PUBLIC_URL", BASE);
  store = await createStore(db, { name: "Fifth Avenue" });
  const oak = await createStore(db, { name: "Oak Street" });
  manager = session(await createStaff(db, { storeId: store.id, role: "manager", name: "Rosa Diaz" }), "Fifth Avenue");
  associate = session(await createStaff(db, { storeId: store.id, name: "Maya Chen" }), "Fifth Avenue");
  otherManager = session(await createStaff(db, { storeId: oak.id, role: "manager", name: "Omar Haddad" }), "Oak Street");
  testSession.current = null;
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await x.close();
});

/** What X would do after the manager approved: a code bound to the authorize URL's challenge, and the state sent back. */
function approve(authorizeUrl: string) {
  const url = new URL(authorizeUrl);
  const code = x.issueCode({ codeChallenge: url.searchParams.get("code_challenge")!, redirectUri: url.searchParams.get("redirect_uri")! });
  return { code, state: url.searchParams.get("state")! };
}

describe("connecting the store's X account", () => {
  it("sends the manager to X's consent page with PKCE, then keeps the account with its tokens sealed", async () => {
    const started = startXConnect(manager, { baseUrl: BASE });
    if (!started.ok) throw new Error("not started");
    const url = new URL(started.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://x.com/i/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: FAKE_X_CLIENT_ID,
      redirect_uri: `${BASE}/api/oauth/x/callback`,
      scope: "tweet.read tweet.write users.read offline.access",
      state: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: "S256",
    });
    // The cookie holds the verifier, but not readably.
    expect(started.cookie).not.toContain(url.searchParams.get("state")!);

    const { code, state } = approve(started.url);
    expect(await finishXConnect(db, manager, { cookie: started.cookie, code, state, error: null, baseUrl: BASE })).toEqual({ ok: true, username: "fifthavenue" });
    const [token, me] = x.requests;
    expect(token).toMatchObject({
      method: "POST",
      path: "/2/oauth2/token",
      authorization: `Basic ${Buffer.from(`${FAKE_X_CLIENT_ID}:${FAKE_X_CLIENT_SECRET}`).toString("base64")}`,
      body: { grant_type: "authorization_code", code, redirect_uri: `${BASE}/api/oauth/x/callback`, code_verifier: expect.any(String) },
    });
    expect(me).toMatchObject({ method: "GET", path: "/2/users/me", authorization: expect.stringMatching(/^Bearer xat-/) });
    const [account] = await db.select().from(storeSocialAccounts);
    expect(account).toMatchObject({ storeId: store.id, network: "x", accountId: x.account.id, username: "fifthavenue", connectedByStaffId: manager.id });
    expect(account!.accessToken).not.toBe(me!.authorization!.slice("Bearer ".length));
    expect(openSecret(account!.accessToken, SOCIAL_TOKEN_PURPOSE)).toBe(me!.authorization!.slice("Bearer ".length));
    expect(await db.select({ action: auditLog.action, staffId: auditLog.staffId, detail: auditLog.detail }).from(auditLog)).toEqual([{ action: "account.connected", staffId: manager.id, detail: { network: "x", username: "fifthavenue" } }]);
  });

  it("refuses a wrong state, an expired or missing sign-in, and anyone but the manager who started it", async () => {
    const started = startXConnect(manager, { baseUrl: BASE });
    if (!started.ok) throw new Error("not started");
    const { code, state } = approve(started.url);
    const finish = (me: StaffSession | null, fields: Partial<{ cookie: string | null; state: string; now: Date }> = {}) =>
      finishXConnect(db, me, { cookie: started.cookie, code, state, error: null, baseUrl: BASE, ...fields });
    expect(await finish(manager, { state: `${state.slice(0, -1)}A` === state ? `${state.slice(0, -1)}B` : `${state.slice(0, -1)}A` })).toEqual({ ok: false, problem: "wrong_state" });
    expect(await finish(associate)).toEqual({ ok: false, problem: "not_manager" });
    expect(await finish(otherManager)).toEqual({ ok: false, problem: "not_manager" });
    expect(await finish(null)).toEqual({ ok: false, problem: "not_manager" });
    expect(await finish(manager, { cookie: null })).toEqual({ ok: false, problem: "expired" });
    expect(await finish(manager, { cookie: "v1.tampered.with.value" })).toEqual({ ok: false, problem: "expired" });
    expect(await finish(manager, { now: new Date(Date.now() + 11 * 60_000) })).toEqual({ ok: false, problem: "expired" });
    // X was never asked, and nothing was kept.
    expect(x.requests).toEqual([]);
    expect(await db.select().from(storeSocialAccounts)).toEqual([]);
    expect(await db.select().from(auditLog)).toEqual([]);
    // An associate cannot even start.
    expect(startXConnect(associate, { baseUrl: BASE })).toEqual({ ok: false, reason: "not_manager" });
  });
});

describe("the OAuth routes", () => {
  it("start sets the cookie and redirects a manager to X; an associate gets 404", async () => {
    testSession.current = { user: { id: associate.id }, signedInAt: Date.now() };
    expect((await start(new Request(`${BASE}/api/oauth/x/start`))).status).toBe(404);
    testSession.current = { user: { id: manager.id }, signedInAt: Date.now() };
    const response = await start(new Request(`${BASE}/api/oauth/x/start`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^https:\/\/x\.com\/i\/oauth2\/authorize\?response_type=code&/);
    expect(response.headers.get("set-cookie")).toMatch(new RegExp(`^${X_CONNECT_COOKIE}=v1\\..*HttpOnly`, "i"));
  });

  it("the callback rejects a bad state and a non-manager, and connects the manager who started", async () => {
    const started = startXConnect(manager, { baseUrl: BASE });
    if (!started.ok) throw new Error("not started");
    const { code, state } = approve(started.url);
    const call = (query: string) => callback(new NextRequest(`${BASE}/api/oauth/x/callback?${query}`, { headers: { cookie: `${X_CONNECT_COOKIE}=${started.cookie}` } }));

    testSession.current = { user: { id: manager.id }, signedInAt: Date.now() };
    const bad = await call(`code=${code}&state=not-the-state`);
    expect(bad.headers.get("location")).toBe(`${BASE}/store/accounts?problem=wrong_state`);
    testSession.current = { user: { id: associate.id }, signedInAt: Date.now() };
    const notManager = await call(`code=${code}&state=${state}`);
    expect(notManager.headers.get("location")).toBe(`${BASE}/store/accounts?problem=not_manager`);
    expect(await db.select().from(storeSocialAccounts)).toEqual([]);

    testSession.current = { user: { id: manager.id }, signedInAt: Date.now() };
    const ok = await call(`code=${code}&state=${state}`);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${BASE}/store/accounts?connected=x`);
    // The pending sign-in is used up.
    expect(ok.headers.get("set-cookie")).toMatch(new RegExp(`^${X_CONNECT_COOKIE}=;`));
    expect(await db.select({ username: storeSocialAccounts.username }).from(storeSocialAccounts)).toEqual([{ username: "fifthavenue" }]);
  });
});
