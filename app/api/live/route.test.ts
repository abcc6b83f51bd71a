import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { openTestDatabase } from "@/lib/testing/db";
import { postgresChangeSource } from "@/lib/live-postgres";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { recordChanges, type Change } from "@/lib/change-feed";
import { LiveHub } from "@/lib/live";
import { staff } from "@/db/schema";
import { eq } from "drizzle-orm";

// The handler runs for real against a test database; only the session and
// Next's navigation functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { GET } = await import("./route");
const { revokeSessions } = await import("@/lib/auth");

let db: Db;
let hub: LiveHub;
let ids: { fifth: string; oak: string; maya: string; alicia: string; bob: string };
let aborts: AbortController[];

function open(topics: string | null, since?: number) {
  const abort = new AbortController();
  aborts.push(abort);
  const url = new URL("http://localhost/api/live");
  if (topics !== null) url.searchParams.set("topics", topics);
  if (since) url.searchParams.set("since", String(since));
  return { abort, response: GET(new Request(url, { signal: abort.signal })) };
}

/** Reads the stream until its text so far matches, or fails after a few seconds. */
function readUntil(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return async (pattern: RegExp): Promise<string> => {
    const deadline = Date.now() + 5_000;
    while (!pattern.test(text)) {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stream never matched ${pattern}; got ${JSON.stringify(text)}`)), deadline - Date.now()));
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`stream ended before matching ${pattern}; got ${JSON.stringify(text)}`);
      text += decoder.decode(value, { stream: true });
    }
    return text;
  };
}

const record = (...changes: Change[]) => db.transaction((tx) => recordChanges(tx, changes));
const events = (text: string) => [...text.matchAll(/event: change\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!));

beforeEach(async () => {
  const database = await openTestDatabase();
  db = database.db;
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const oak = (await createStore(db, { name: "Oak Street" })).id;
  const maya = (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id;
  ids = {
    fifth,
    oak,
    maya,
    alicia: await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" }),
    bob: await createCustomer(db, { firstName: "Bob", lastName: "Ng" }),
  };
  testSession.current = { user: { id: maya } };
  // A fast hub on this test's database, where the route's getLiveHub() finds it:
  // polling on SQLite, listening for committed changes on PostgreSQL, as in the app.
  hub = new LiveHub({ db: () => db, intervalMs: 10, source: database.pool ? postgresChangeSource(database.pool) : undefined, coalesceMs: 10 });
  (globalThis as { shopkeeperLiveHub?: LiveHub }).shopkeeperLiveHub = hub;
  aborts = [];
});

afterEach(() => {
  for (const abort of aborts) abort.abort();
  hub.shutdown();
  vi.useRealTimers();
});

describe("GET /api/live", () => {
  it("refuses a caller without a session, or whose account was deactivated", async () => {
    testSession.current = null;
    let response = await open(`customer:${ids.alicia}`).response;
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/Sign in/) });

    const gone = (await createStaff(db, { storeId: ids.fifth, active: false })).id;
    testSession.current = { user: { id: gone } };
    response = await open(`customer:${ids.alicia}`).response;
    expect(response.status).toBe(401);
    expect(hub.subscriberCount).toBe(0);
  });

  it.each([
    ["no topics", null],
    ["an empty list", ""],
    ["an unknown kind of topic", "staff:abc"],
    ["an id with odd characters", "customer:../../etc"],
    ["too many topics", ["a", "b", "c", "d", "e", "f"].map((id) => `customer:${id}`).join(",")],
  ])("rejects %s with 400", async (_, topics) => {
    const response = await open(topics).response;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
    expect(hub.subscriberCount).toBe(0);
  });

  it("lets staff follow only their own store", async () => {
    const response = await open(`store:${ids.oak}`).response;
    expect(response.status).toBe(403);
    expect(hub.subscriberCount).toBe(0);
  });

  it("does not follow a customer who does not exist", async () => {
    const response = await open(`customer:${ids.alicia},customer:no-such-customer`).response;
    expect(response.status).toBe(404);
    expect(hub.subscriberCount).toBe(0);
  });

  it("streams a recorded change for the followed customer and store, and nothing else", async () => {
    const response = await open(`customer:${ids.alicia},store:${ids.fifth}`).response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");

    const read = readUntil(response);
    expect(await read(/\n\n/)).toMatch(/^retry: 3000\n: /);

    await new Promise((r) => setTimeout(r, 100)); // the hub is listening
    await record({ kind: "event", customerId: ids.bob, storeId: ids.oak });
    await record({ kind: "event", customerId: ids.alicia, storeId: ids.fifth });
    await record({ kind: "mention", customerId: null, storeId: ids.fifth });
    const text = await read(/"kind":"mention"/);

    expect(events(text)).toEqual([
      { kind: "event", customerId: ids.alicia, storeId: ids.fifth },
      { kind: "mention", customerId: null, storeId: ids.fifth },
    ]);
  });

  it("sends what was saved between the page's render and the stream opening, once per kind", async () => {
    const renderedAt = Date.now() - 5_000;
    await db.transaction((tx) => recordChanges(tx, [{ kind: "event", customerId: ids.alicia, storeId: ids.fifth }], new Date(renderedAt - 1_000))); // before the render: already shown
    await record({ kind: "event", customerId: ids.alicia, storeId: ids.fifth }, { kind: "event", customerId: ids.alicia, storeId: ids.fifth }, { kind: "hold", customerId: ids.bob, storeId: ids.oak });
    const read = readUntil(await open(`customer:${ids.alicia}`, renderedAt).response);
    const text = await read(/"kind":"event"/);
    expect(events(text)).toEqual([{ kind: "event", customerId: ids.alicia, storeId: ids.fifth }]);
  });

  it("sends a heartbeat comment every 20 seconds", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const response = await open(`customer:${ids.alicia}`).response;
    const read = readUntil(response);
    await read(/^retry/);
    vi.advanceTimersByTime(20_000);
    expect(await read(/: heartbeat\n\n/)).toMatch(/: heartbeat\n\n$/);
  });

  it("stops listening when the page goes away", async () => {
    const { abort, response } = open(`customer:${ids.alicia}`);
    const read = readUntil(await response);
    await read(/^retry/);
    expect(hub.subscriberCount).toBe(1);

    abort.abort();
    expect(hub.subscriberCount).toBe(0);
    expect(hub.polling).toBe(false);
    await expect(read(/never/)).rejects.toThrow(/stream ended/);
  });

  it("ends the stream when the server shuts down, so the browser reconnects to another instance", async () => {
    const read = readUntil(await open(`customer:${ids.alicia}`).response);
    await read(/^retry/);
    hub.shutdown();
    expect(hub.subscriberCount).toBe(0);
    await expect(read(/never/)).rejects.toThrow(/stream ended/);
  });

  it("stops listening when the reader cancels the stream", async () => {
    const response = await open(`customer:${ids.alicia}`).response;
    expect(hub.subscriberCount).toBe(1);
    await response.body!.cancel();
    expect(hub.subscriberCount).toBe(0);
  });

  describe("when the session ends elsewhere", () => {
    beforeEach(() => {
      testSession.current = { user: { id: ids.maya }, signedInAt: Date.now() - 60_000 };
    });

    it("closes a stream opened before a sign-out on another device within 30 seconds, saying so", async () => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const read = readUntil(await open(`customer:${ids.alicia},store:${ids.fifth}`).response);
      await read(/^retry/);
      await revokeSessions(ids.maya);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(hub.subscriberCount).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      const text = await read(/event: signed-out\n/);
      expect(text).toMatch(/event: signed-out\ndata: \{"message":"You are signed out\."\}\n\n$/);
      await expect(read(/never/)).rejects.toThrow(/stream ended/);
      expect(hub.subscriberCount).toBe(0);
    });

    it("sends no change once the session has ended: the next one closes the stream instead", async () => {
      const read = readUntil(await open(`customer:${ids.alicia},store:${ids.fifth}`).response);
      await read(/^retry/);
      await new Promise((r) => setTimeout(r, 100)); // the hub is listening
      await record({ kind: "event", customerId: ids.alicia, storeId: ids.fifth });
      await read(/"kind":"event"/);
      await revokeSessions(ids.maya);
      await record({ kind: "hold", customerId: ids.alicia, storeId: ids.fifth });
      const text = await read(/event: signed-out\n/);
      expect(events(text)).toEqual([{ kind: "event", customerId: ids.alicia, storeId: ids.fifth }]);
      await expect(read(/never/)).rejects.toThrow(/stream ended/);
    });

    it("closes the stream, saying so, when the account is deactivated", async () => {
      const read = readUntil(await open(`store:${ids.fifth}`).response);
      await read(/^retry/);
      await new Promise((r) => setTimeout(r, 100));
      await db.update(staff).set({ active: false }).where(eq(staff.id, ids.maya));
      await record({ kind: "mention", customerId: null, storeId: ids.fifth });
      expect(events(await read(/event: signed-out\n/))).toEqual([]);
    });

    it("keeps a session that began after the sign-out", async () => {
      await revokeSessions(ids.maya, new Date(Date.now() - 30_000));
      testSession.current = { user: { id: ids.maya }, signedInAt: Date.now() - 10_000 };
      const read = readUntil(await open(`store:${ids.fifth}`).response);
      await read(/^retry/);
      await new Promise((r) => setTimeout(r, 100));
      await record({ kind: "mention", customerId: null, storeId: ids.fifth });
      expect(await read(/"kind":"mention"/)).not.toMatch(/signed-out/);
    });
  });
});
