import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "@auth/core";
import { encode } from "@auth/core/jwt";
import type { Db } from "@/db";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createStaff, createStore } from "@/lib/testing/factories";

// Auth.js (@auth/core) runs for real here with the app's own configuration,
// reading a real signed session cookie. Only next-auth's thin Next.js glue is
// replaced (its imports of next/server resolve only inside Next): its route
// handlers are the same call to Auth() with the same defaults.
vi.mock("next-auth", async () => {
  const core = await import("@auth/core");
  const errors = await import("@auth/core/errors");
  return {
    ...errors,
    default: (config: (request: Request) => Promise<AuthConfig> | AuthConfig) => {
      const handler = async (request: Request) => {
        const resolved = { ...(await config(request)), basePath: "/api/auth" };
        core.setEnvDefaults(process.env, resolved, true);
        return core.Auth(request, resolved);
      };
      return { handlers: { GET: handler, POST: handler }, auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() };
    },
  };
});
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const SECRET = "route-test-secret-0123456789abcdef0123456789abcdef";
const COOKIE = "authjs.session-token";
let GET: (request: Request) => Promise<Response>;
let revokeSessions: (staffId: string, now?: Date) => Promise<void>;
let db: Db;
let mayaId: string;

beforeAll(async () => {
  vi.stubEnv("AUTH_SECRET", SECRET);
  ({ GET } = (await import("./route")) as unknown as { GET: typeof GET });
  ({ revokeSessions } = await import("@/lib/auth"));
});

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue" });
  mayaId = (await createStaff(db, { storeId: store.id, name: "Maya Chen", email: "maya@shop.example" })).id;
});

/** GET /api/auth/session with a cookie as Auth.js itself would have set it at sign-in. */
async function session(signedInAt: number, staffId = mayaId) {
  const token = await encode({
    token: { sub: staffId, name: "Maya Chen", email: "maya@shop.example", role: "associate", storeId: "s", signedInAt },
    secret: SECRET,
    salt: COOKIE,
  });
  const response = await GET(new Request("http://localhost:3000/api/auth/session", { headers: { cookie: `${COOKIE}=${token}` } }));
  return { status: response.status, body: await response.json(), cookies: response.headers.getSetCookie() };
}

describe("GET /api/auth/session", () => {
  it("returns the signed-in staff member", async () => {
    const { status, body } = await session(Date.now() - 60_000);
    expect(status).toBe(200);
    expect(body).toMatchObject({ user: { id: mayaId, name: "Maya Chen" } });
  });

  it("returns no session, and clears the cookie, once the staff member signed out on another device", async () => {
    await revokeSessions(mayaId);
    const { status, body, cookies } = await session(Date.now() - 60_000);
    expect(status).toBe(200);
    expect(body?.user).toBeUndefined();
    expect(cookies.find((c) => c.startsWith(`${COOKIE}=`))).toMatch(/^authjs\.session-token=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
  });

  it("keeps a session that began after the sign-out", async () => {
    await revokeSessions(mayaId, new Date(Date.now() - 30_000));
    expect((await session(Date.now())).body).toMatchObject({ user: { id: mayaId } });
  });

  it("returns no session for a deactivated or unknown account", async () => {
    expect((await session(Date.now(), "no-such-staff")).body?.user).toBeUndefined();
    const { staff } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await db.update(staff).set({ active: false }).where(eq(staff.id, mayaId));
    expect((await session(Date.now())).body?.user).toBeUndefined();
  });
});
