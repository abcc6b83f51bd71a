import { beforeEach, describe, expect, it, vi } from "vitest";
import { gzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { anonymousIdentities, auditLog, changeFeed, customers, onlineEvents, purchases } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
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

let db: Db;
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
function snapshot() {
  const count = (table: typeof onlineEvents | typeof customers | typeof anonymousIdentities | typeof purchases | typeof changeFeed | typeof auditLog) =>
    db.select({ n: sql<number>`count(*)` }).from(table).get()?.n;
  return [onlineEvents, customers, anonymousIdentities, purchases, changeFeed, auditLog].map(count);
}

const view = (messageId: string, extra: Record<string, unknown> = {}) => ({ type: "track", event: "Product Viewed", userId: "cust-1001", messageId, properties: { product_id: "ext-1", name: "Linen shirt" }, ...extra });

beforeEach(() => {
  db = createTestDb();
  testDb.current = db;
  storeId = createStore(db, { name: "Fifth Avenue" }).id;
  managerId = createStaff(db, { storeId, role: "manager" }).id;
  ({ key, id: keyId } = createSourceKey(db, { storeId, staffId: managerId, name: "Website" }));
  alicia = createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: storeId });
  db.update(customers).set({ externalId: "cust-1001" }).where(eq(customers.id, alicia)).run();
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
    const before = snapshot();
    const response = await post("track", { userId: "cust-1001", messageId: "t-2" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, error: expect.stringMatching(/^event is required/) });
    expect(snapshot()).toEqual(before);
  });

  it("answers 413 for a call over 32 KB", async () => {
    const before = snapshot();
    const response = await post("track", view("big", { properties: { name: "x".repeat(33 * 1024) } }));
    expect(response.status).toBe(413);
    expect(snapshot()).toEqual(before);
  });

  it("accepts a gzip-compressed body", async () => {
    const response = await post("track", gzipSync(JSON.stringify(view("gz"))), { headers: { "content-encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(db.select().from(onlineEvents).where(eq(onlineEvents.messageId, "gz")).all()).toHaveLength(1);
  });
});

describe("POST /api/v1/identify", () => {
  it("attaches an anonymous browsing session to the customer", async () => {
    await post("batch", { batch: [{ type: "track", event: "Product Viewed", anonymousId: "anon-1", messageId: "a-1", properties: { sku: "nope" } }] });
    expect((await getCustomerProfile(db, { customerId: alicia }))?.activity).toEqual([]);
    const response = await post("identify", { userId: "cust-1001", anonymousId: "anon-1", traits: { email: "alicia@example.com" } });
    expect(response.status).toBe(200);
    expect((await getCustomerProfile(db, { customerId: alicia }))?.activity).toHaveLength(1);
    expect(db.select({ customerId: changeFeed.customerId }).from(changeFeed).all()).toEqual([{ customerId: alicia }]);
  });

  it("creates a customer who is new to the shop", async () => {
    const response = await post("identify", { userId: "u-9", traits: { firstName: "Nora", lastName: "Diaz", email: "nora@example.com" } });
    expect(await response.json()).toMatchObject({ accepted: 1 });
    expect(db.select().from(customers).where(eq(customers.externalId, "u-9")).get()).toMatchObject({ firstName: "Nora", homeStoreId: storeId });
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
    expect(db.select().from(onlineEvents).all()).toHaveLength(2);
  });

  it("answers 413 for more than 500 calls, and stores none of them", async () => {
    const before = snapshot();
    const response = await post("batch", { batch: Array.from({ length: 501 }, (_, i) => ({ type: "track", event: "Cart Viewed", anonymousId: "a", messageId: `m-${i}` })) });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/at most 500/);
    expect(snapshot()).toEqual(before);
  });

  it("answers 413 for a body over 500 KB, whether or not it says so up front", async () => {
    const before = snapshot();
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
    expect(snapshot()).toEqual(before);
  });

  it("answers 400 for malformed JSON or a body without a batch, and stores nothing", async () => {
    const before = snapshot();
    for (const body of ['{"batch": [', "", "[]", '{"batch": {}}']) {
      const response = await post("batch", body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ success: false, error: expect.any(String) });
    }
    expect((await post("track", "not json")).status).toBe(400);
    expect(snapshot()).toEqual(before);
  });

  it("keeps an order whole: a call that cannot be stored leaves no part behind and the others are kept", async () => {
    db.$client.exec("CREATE TRIGGER no_orders BEFORE INSERT ON purchases BEGIN SELECT RAISE(ABORT, 'orders are closed'); END;");
    const response = await post("batch", { batch: [view("k-1"), { type: "track", event: "Order Completed", userId: "cust-1001", messageId: "k-2", properties: { order_id: "W-2", total: 10 } }, view("k-3")] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 2, errors: [{ index: 1, messageId: "k-2" }] });
    expect(db.select({ messageId: onlineEvents.messageId }).from(onlineEvents).all().map((e) => e.messageId).sort()).toEqual(["k-1", "k-3"]);
  });

  it("saves nothing from the request when something fails on our side", async () => {
    const before = snapshot();
    db.$client.exec("CREATE TRIGGER feed_down BEFORE INSERT ON change_feed BEGIN SELECT RAISE(ABORT, 'feed is down'); END;");
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await post("batch", { batch: [view("x-1"), view("x-2")] });
    spy.mockRestore();
    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatch(/Nothing from this request was saved/);
    expect(snapshot()).toEqual(before);
  });
});

describe("write keys", () => {
  it("answers 401 with a Basic challenge for a missing, wrong or revoked key, and stores nothing", async () => {
    const before = snapshot();
    const wrong = basicAuthorization(`shk_${"A".repeat(43)}`);
    for (const auth of [null, wrong, `Bearer ${key}`]) {
      const response = await post("batch", { batch: [view("w-1")] }, { auth });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic/);
    }
    revokeSourceKey(db, { keyId, storeId, staffId: managerId });
    expect((await post("track", view("w-2"))).status).toBe(401);
    expect(snapshot().slice(0, 5)).toEqual(before.slice(0, 5));
  });

  it("answers 429 with Retry-After once a key sends too many requests", async () => {
    for (let i = 0; i < 500; i++) ingestLimiter.take(keyId);
    const response = await post("track", view("busy"));
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(db.select().from(onlineEvents).all()).toEqual([]);
  });
});
