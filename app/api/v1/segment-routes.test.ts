import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { gzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import type { Db, OpenDatabase } from "@/db";
import { anonymousIdentities, auditLog, changeFeed, customers, onlineEvents, purchases } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { openTestDatabase } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { getCustomerProfile } from "@/lib/customer-profile";
import { createSourceKey, revokeSourceKey } from "@/lib/source-keys";
import { basicAuthorization } from "@/lib/ingest/write-key-format";
import { ingestLimiter } from "@/lib/ingest/http";

// The route handlers run for real against a test database; only getDb is a stand-in.
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { POST: track } = await import("./track/route");
const { POST: identify } = await import("./identify/route");
const { POST: batch } = await import("./batch/route");
const routes = { track, identify, batch };

let database: OpenDatabase;
let db: Db;
const cleanups: Array<() => Promise<void>> = [];
let key: string;
let keyId: string;
let storeId: string;
let managerId: string;
let alicia: string;

function post(route: keyof typeof routes, body: unknown, { auth, headers = {} }: { auth?: string | null; headers?: Record<string, string> } = {}) {
  const authorization = auth === undefined ? basicAuthorization(key) : auth;
  return routes[route](
    new Request(`http://localhost/api/v1/${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), ...headers },
      body: typeof body === "string" ? body : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    }),
  );
}

/** Everything a request could write, to show a refused one wrote nothing. */
async function snapshot() {
  const count = async (table: typeof onlineEvents | typeof customers | typeof anonymousIdentities | typeof purchases | typeof changeFeed | typeof auditLog) =>
    (await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table))[0]?.n;
  const counts: Array<number | undefined> = [];
  for (const table of [onlineEvents, customers, anonymousIdentities, purchases, changeFeed, auditLog]) counts.push(await count(table));
  return counts;
}

/**
 * Makes the database refuse every insert into `table`, as a trigger raising an
 * error does: RAISE(ABORT) on SQLite, a plpgsql function raising an integrity
 * violation on PostgreSQL. Removed after the test.
 */
async function refuseInserts(table: "purchases" | "change_feed", message: string) {
  const name = `refuse_${table}`;
  if (database.sqlite) {
    database.sqlite.exec(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;`);
    return;
  }
  const pool = database.pool!;
  await pool.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}' USING ERRCODE = 'integrity_constraint_violation'; END $$`);
  await pool.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  // The PostgreSQL database outlives the test (only its rows are emptied).
  cleanups.push(async () => {
    await pool.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await pool.query(`DROP FUNCTION IF EXISTS ${name}()`);
  });
}

const view = (messageId: string, extra: Record<string, unknown> = {}) => ({ type: "track", event: "Product Viewed", userId: "cust-1001", messageId, properties: { product_id: "ext-1", name: "Linen shirt" }, ...extra });

beforeEach(async () => {
  database = await openTestDatabase();
  db = database.db;
  testDb.current = db;
  storeId = (await createStore(db, { name: "Fifth Avenue" })).id;
  managerId = (await createStaff(db, { storeId, role: "manager" })).id;
  ({ key, id: keyId } = await createSourceKey(db, { storeId, staffId: managerId, name: "Website" }));
  alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: storeId });
  await db.update(customers).set({ externalId: "cust-1001" }).where(eq(customers.id, alicia));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("POST /api/v1/track", () => {
  it("puts the event on the right customer's profile", async () => {
    const response = await post("track", { event: "Product Viewed", userId: "cust-1001", messageId: "t-1", properties: { name: "Linen shirt", image_url: "https://cdn.example.com/l.jpg" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, accepted: 1, duplicates: 0, ignored: 0, errors: [] });
    const profile = await getCustomerProfile(db, { customerId: alicia });
    expect(profile?.activity).toMatchObject([{ type: "product_viewed", productName: "Linen shirt", imageUrl: "https://cdn.example.com/l.jpg" }]);
  });

  it("answers 400 with the reason for an invalid call, and stores nothing", async () => {
    const before = await snapshot();
    const response = await post("track", { userId: "cust-1001", messageId: "t-2" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, error: expect.stringMatching(/^event is required/) });
    expect(await snapshot()).toEqual(before);
  });

  it("answers 413 for a call over 32 KB", async () => {
    const before = await snapshot();
    const response = await post("track", view("big", { properties: { name: "x".repeat(33 * 1024) } }));
    expect(response.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts a gzip-compressed body", async () => {
    const response = await post("track", gzipSync(JSON.stringify(view("gz"))), { headers: { "content-encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(await db.select().from(onlineEvents).where(eq(onlineEvents.messageId, "gz"))).toHaveLength(1);
  });
});

describe("POST /api/v1/identify", () => {
  it("attaches an anonymous browsing session to the customer", async () => {
    await post("batch", { batch: [{ type: "track", event: "Product Viewed", anonymousId: "anon-1", messageId: "a-1", properties: { sku: "nope" } }] });
    expect((await getCustomerProfile(db, { customerId: alicia }))?.activity).toEqual([]);
    const response = await post("identify", { userId: "cust-1001", anonymousId: "anon-1", traits: { email: "alicia@example.com" } });
    expect(response.status).toBe(200);
    expect((await getCustomerProfile(db, { customerId: alicia }))?.activity).toHaveLength(1);
    expect(await db.select({ customerId: changeFeed.customerId }).from(changeFeed)).toEqual([{ customerId: alicia }]);
  });

  it("creates a customer who is new to the shop", async () => {
    const response = await post("identify", { userId: "u-9", traits: { firstName: "Nora", lastName: "Diaz", email: "nora@example.com" } });
    expect(await response.json()).toMatchObject({ accepted: 1 });
    expect((await db.select().from(customers).where(eq(customers.externalId, "u-9")).limit(1))[0]).toMatchObject({ firstName: "Nora", homeStoreId: storeId });
  });
});

describe("POST /api/v1/batch", () => {
  it("stores the valid calls and lists the invalid ones", async () => {
    const response = await post("batch", {
      batch: [view("b-1"), { type: "track", userId: "cust-1001", messageId: "b-2" }, { type: "identify", traits: {} }, { type: "track", event: "Order Completed", userId: "cust-1001", messageId: "b-3", properties: { order_id: "W-1", total: 120, products: [{ name: "Scarf", price: 120 }] } }, { type: "page", userId: "cust-1001" }],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      accepted: 2,
      duplicates: 0,
      ignored: 1,
      errors: [
        { index: 1, messageId: "b-2", message: expect.stringMatching(/^event is required/) },
        { index: 2, message: "userId or anonymousId is required" },
      ],
    });
    const profile = await getCustomerProfile(db, { customerId: alicia });
    expect(profile?.activity.map((e) => e.type).sort()).toEqual(["order_completed", "product_viewed"]);
    expect(profile?.purchases).toMatchObject([{ channel: "online", orderRef: "W-1", totalCents: 12000, lines: [{ description: "Scarf", quantity: 1 }] }]);
  });

  it("stores a replayed messageId once", async () => {
    const body = { batch: [view("r-1"), view("r-2")] };
    expect(await (await post("batch", body)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await (await post("batch", body)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await db.select().from(onlineEvents)).toHaveLength(2);
  });

  it("answers 413 for more than 500 calls, and stores none of them", async () => {
    const before = await snapshot();
    const response = await post("batch", { batch: Array.from({ length: 501 }, (_, i) => ({ type: "track", event: "Cart Viewed", anonymousId: "a", messageId: `m-${i}` })) });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/at most 500/);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 413 for a body over 500 KB, whether or not it says so up front", async () => {
    const before = await snapshot();
    const big = JSON.stringify({ batch: Array.from({ length: 400 }, (_, i) => view(`big-${i}`, { properties: { name: "x".repeat(1400) } })) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(500 * 1024);
    expect((await post("batch", big)).status).toBe(413);
    expect((await post("batch", "{}", { headers: { "content-length": String(600 * 1024) } })).status).toBe(413);
    // A streamed body with no declared length is counted as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("x".repeat(16 * 1024)));
        controller.close();
      },
    });
    const streamed = await batch(new Request("http://localhost/api/v1/batch", { method: "POST", headers: { authorization: basicAuthorization(key) }, body: stream, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 400 for malformed JSON or a body without a batch, and stores nothing", async () => {
    const before = await snapshot();
    for (const body of ['{"batch": [', "", "[]", '{"batch": {}}']) {
      const response = await post("batch", body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ success: false, error: expect.any(String) });
    }
    expect((await post("track", "not json")).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps an order whole: a call that cannot be stored leaves no part behind and the others are kept", async () => {
    await refuseInserts("purchases", "orders are closed");
    const response = await post("batch", { batch: [view("k-1"), { type: "track", event: "Order Completed", userId: "cust-1001", messageId: "k-2", properties: { order_id: "W-2", total: 10 } }, view("k-3")] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 2, errors: [{ index: 1, messageId: "k-2" }] });
    expect((await db.select({ messageId: onlineEvents.messageId }).from(onlineEvents)).map((e) => e.messageId).sort()).toEqual(["k-1", "k-3"]);
  });

  it("saves nothing from the request when something fails on our side", async () => {
    const before = await snapshot();
    await refuseInserts("change_feed", "feed is down");
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await post("batch", { batch: [view("x-1"), view("x-2")] });
    spy.mockRestore();
    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatch(/Nothing from this request was saved/);
    expect(await snapshot()).toEqual(before);
  });
});

describe("write keys", () => {
  it("answers 401 with a Basic challenge for a missing, wrong or revoked key, and stores nothing", async () => {
    const before = await snapshot();
    const wrong = basicAuthorization(`shk_${"A".repeat(43)}`);
    for (const auth of [null, wrong, `Bearer ${key}`]) {
      const response = await post("batch", { batch: [view("w-1")] }, { auth });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic/);
    }
    await revokeSourceKey(db, { keyId, storeId, staffId: managerId });
    expect((await post("track", view("w-2"))).status).toBe(401);
    expect((await snapshot()).slice(0, 5)).toEqual(before.slice(0, 5));
  });

  it("answers 429 with Retry-After once a key sends too many requests", async () => {
    // All within one second's window, however long 500 counted attempts take here.
    const clock = vi.spyOn(Date, "now").mockReturnValue(Date.now());
    for (let i = 0; i < 500; i++) await ingestLimiter.take(keyId);
    const response = await post("track", view("busy"));
    clock.mockRestore();
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.select().from(onlineEvents)).toEqual([]);
  });
});
