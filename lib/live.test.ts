import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { changeFeed } from "@/db/schema";
import { recordChanges, type Change } from "@/lib/change-feed";
import { createTestDb, openTestDatabase } from "@/lib/testing/db";
import { currentDialect } from "@/db/dialect";
import { postgresChangeSource } from "@/lib/live-postgres";
import { LiveHub, customerTopic, storeTopic, type LiveChange } from "@/lib/live";

const INTERVAL = 700;
let db: Db;
let unsubscribes: Array<() => void>;

function newHub(options: Partial<ConstructorParameters<typeof LiveHub>[0]> = {}) {
  return new LiveHub({ db: () => db, intervalMs: INTERVAL, ...options });
}

function listen(hub: LiveHub, topics: string[]) {
  const heard: LiveChange[] = [];
  const unsubscribe = hub.subscribe(topics, (change) => heard.push(change));
  unsubscribes.push(unsubscribe);
  return { heard, unsubscribe };
}

const record = (...changes: Change[]) => db.transaction((tx) => recordChanges(tx, changes));
/** Queries the hub makes on the feed: reads and prunes (the inserts above go through transactions). */
function countFeedQueries() {
  const select = vi.spyOn(db, "select");
  const prune = vi.spyOn(db, "delete");
  return {
    count: () => select.mock.calls.length + prune.mock.calls.length,
    restore: () => {
      select.mockRestore();
      prune.mockRestore();
    },
  };
}
/** The real setImmediate: SQLite reads take their turns on it (db/index.ts, readTurns), fake timers or not. */
const realSetImmediate = globalThis.setImmediate;
/** Real turns of the event loop, enough for a tick's reads (and a backlog's further reads) to run. */
async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => realSetImmediate(resolve));
}
/** Lets the hub's first tick (reading where the feed ends) run, then `ticks` more. */
async function advance(ticks: number) {
  await settle();
  for (let i = 0; i < ticks; i++) {
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
  }
}

beforeEach(async () => {
  db = await createTestDb();
  vi.useFakeTimers();
  unsubscribes = [];
});

afterEach(() => {
  for (const unsubscribe of unsubscribes) unsubscribe();
  vi.useRealTimers();
});

describe.runIf(currentDialect() === "sqlite")("LiveHub polling the change feed (SQLite)", () => {
  it("delivers a change to the customer's and the store's listeners, and to no one else", async () => {
    const hub = newHub();
    const alicia = listen(hub, [customerTopic("alicia")]);
    const fifth = listen(hub, [storeTopic("fifth")]);
    const other = listen(hub, [customerTopic("bob"), storeTopic("oak")]);
    await advance(0);

    await record({ kind: "event", customerId: "alicia", storeId: "fifth" });
    await advance(1);

    expect(alicia.heard).toEqual([{ kind: "event", customerId: "alicia", storeId: "fifth" }]);
    expect(fifth.heard).toEqual([{ kind: "event", customerId: "alicia", storeId: "fifth" }]);
    expect(other.heard).toEqual([]);
  });

  it("does not replay what was recorded before the first listener arrived", async () => {
    await record({ kind: "mention", storeId: "fifth" });
    const hub = newHub();
    const fifth = listen(hub, [storeTopic("fifth")]);
    await advance(3);
    expect(fifth.heard).toEqual([]);

    await record({ kind: "mention", storeId: "fifth", customerId: null });
    await advance(1);
    expect(fifth.heard).toEqual([{ kind: "mention", customerId: null, storeId: "fifth" }]);
  });

  it("tells a page about each distinct change once per read, even when it matches twice", async () => {
    const hub = newHub();
    const page = listen(hub, [customerTopic("alicia"), storeTopic("fifth"), storeTopic("fifth")]);
    await advance(0);

    await record(
      ...Array.from({ length: 50 }, () => ({ kind: "event" as const, customerId: "alicia", storeId: "fifth" })),
      { kind: "hold", customerId: "alicia", storeId: "fifth" },
    );
    await advance(1);

    expect(page.heard.map((c) => c.kind)).toEqual(["event", "hold"]);
  });

  it("catches up on a backlog larger than one read within the same tick", async () => {
    const hub = newHub({ batchSize: 10 });
    const alicia = listen(hub, [customerTopic("alicia")]);
    await advance(0);

    // 35 different customers' rows first, so the listener's row is on the fourth page.
    await record(...Array.from({ length: 35 }, (_, i) => ({ kind: "event" as const, customerId: `c${i}` })), { kind: "event", customerId: "alicia" });
    await advance(1);

    expect(alicia.heard).toHaveLength(1);
  });

  it("reads the feed with the same few queries for 300 open pages as for one", async () => {
    async function queriesFor(pages: number) {
      const hub = newHub();
      const queries = countFeedQueries();
      for (let i = 0; i < pages; i++) listen(hub, [customerTopic(`customer-${i}`), storeTopic("fifth")]);
      await advance(0);
      for (let tick = 0; tick < 5; tick++) {
        await record({ kind: "event", customerId: `customer-${tick}`, storeId: "fifth" });
        await advance(1);
      }
      const feedQueries = queries.count();
      queries.restore();
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      return feedQueries;
    }

    const forOne = await queriesFor(1);
    const forThreeHundred = await queriesFor(300);
    // Where the feed ends, one prune, then one read per tick.
    expect(forOne).toBe(1 + 1 + 5);
    expect(forThreeHundred).toBe(forOne);
  });

  it("every one of 300 pages on the store hears a change once", async () => {
    const hub = newHub();
    const pages = Array.from({ length: 300 }, () => listen(hub, [storeTopic("fifth")]));
    await advance(0);
    await record({ kind: "mention", storeId: "fifth" });
    await advance(1);
    expect(pages.every((p) => p.heard.length === 1)).toBe(true);
  });

  it("polls only while someone listens, and starts again from the end of the feed", async () => {
    const hub = newHub();
    const queries = countFeedQueries();
    const first = listen(hub, [storeTopic("fifth")]);
    await advance(2);
    expect(hub.polling).toBe(true);

    first.unsubscribe();
    first.unsubscribe(); // twice is harmless
    expect(hub.subscriberCount).toBe(0);
    expect(hub.polling).toBe(false);
    const queriesWhenStopped = queries.count();
    await record({ kind: "mention", storeId: "fifth" });
    await advance(10);
    expect(queries.count()).toBe(queriesWhenStopped);

    const second = listen(hub, [storeTopic("fifth")]);
    await advance(2);
    expect(second.heard).toEqual([]); // recorded while no one listened: the page reloads on reconnect
    await record({ kind: "mention", storeId: "fifth" });
    await advance(1);
    expect(second.heard).toHaveLength(1);
    queries.restore();
  });

  it("keeps delivering when one listener throws or a read fails", async () => {
    const hub = newHub();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    listen(hub, [storeTopic("fifth")]);
    hub.subscribe([storeTopic("fifth")], () => {
      throw new Error("broken page");
    });
    const fine = listen(hub, [storeTopic("fifth")]);
    await advance(0);

    await record({ kind: "hold", storeId: "fifth" });
    await advance(1);
    expect(fine.heard).toHaveLength(1);

    const select = vi.spyOn(db, "select").mockImplementationOnce(() => {
      throw new Error("database is locked");
    });
    await record({ kind: "hold", storeId: "fifth", customerId: "x" });
    await advance(1);
    expect(fine.heard).toHaveLength(1);
    await advance(1);
    expect(fine.heard).toHaveLength(2);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/reading the change feed failed/), expect.any(Error));
    select.mockRestore();
    error.mockRestore();
  });

  it("deletes rows older than a day, at most once an hour", async () => {
    let now = Date.parse("2026-03-02T12:00:00Z");
    const hub = newHub({ now: () => now });
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
    await db.transaction(async (tx) => {
      await recordChanges(tx, [{ kind: "event", customerId: "old" }], at(25));
      await recordChanges(tx, [{ kind: "event", customerId: "recent" }], at(23));
    });
    const remaining = async () => (await db.select({ customerId: changeFeed.customerId }).from(changeFeed)).map((r) => r.customerId);

    listen(hub, [storeTopic("fifth")]);
    await advance(0);
    expect(await remaining()).toEqual(["recent"]);

    const prune = vi.spyOn(db, "delete");
    now += 30 * 60_000;
    await advance(3);
    expect(prune).not.toHaveBeenCalled();

    now += 31 * 60_000; // an hour since the last prune; "recent" is now 24 h 1 min old
    await advance(1);
    expect(prune).toHaveBeenCalledTimes(1);
    expect(await remaining()).toEqual([]);
    prune.mockRestore();
  });
});

describe.runIf(currentDialect() === "pg")("LiveHub listening for committed changes (PostgreSQL)", () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  async function pushHub() {
    const { pool } = await openTestDatabase();
    const hub = new LiveHub({ db: () => db, source: postgresChangeSource(pool!), intervalMs: 60_000, coalesceMs: 20 });
    return { hub, pool: pool! };
  }
  const until = async (check: () => boolean, ms = 2_000) => {
    const deadline = Date.now() + ms;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };

  it("delivers a committed change to the customer's and the store's listeners, and to no one else", async () => {
    const { hub } = await pushHub();
    const alicia = listen(hub, [customerTopic("alicia")]);
    const other = listen(hub, [customerTopic("bob"), storeTopic("oak")]);
    await until(() => false, 200); // listening
    await record({ kind: "event", customerId: "alicia", storeId: "fifth" });
    await until(() => alicia.heard.length > 0);
    expect(alicia.heard).toEqual([{ kind: "event", customerId: "alicia", storeId: "fifth" }]);
    expect(other.heard).toEqual([]);
  });

  it("never skips a row committed after a later one (sequence numbers out of commit order)", async () => {
    const { hub, pool } = await pushHub();
    const page = listen(hub, [storeTopic("fifth")]);
    await until(() => false, 200);
    // Transaction A takes a seq first but commits last.
    const a = await pool.connect();
    await a.query("begin");
    await a.query("insert into change_feed (kind, customer_id, store_id, at) values ('hold', 'first', 'fifth', 1)");
    await record({ kind: "event", customerId: "second", storeId: "fifth" });
    await until(() => page.heard.length >= 1);
    await a.query("commit");
    a.release();
    await until(() => page.heard.length >= 2);
    expect(page.heard.map((c) => c.customerId)).toEqual(["second", "first"]);
  });

  it("hears nothing of a transaction that rolled back", async () => {
    const { hub } = await pushHub();
    const page = listen(hub, [storeTopic("fifth")]);
    await until(() => false, 200);
    await db
      .transaction(async (tx) => {
        await recordChanges(tx, [{ kind: "hold", storeId: "fifth" }]);
        throw new Error("changed my mind");
      })
      .catch(() => {});
    await record({ kind: "event", storeId: "fifth" });
    await until(() => page.heard.length > 0);
    await until(() => false, 100);
    expect(page.heard.map((c) => c.kind)).toEqual(["event"]);
  });

  it("gathers a batch into one delivery per distinct change, and stops listening when the last page leaves", async () => {
    const { hub, pool } = await pushHub();
    const page = listen(hub, [customerTopic("alicia")]);
    await until(() => false, 200);
    await record(...Array.from({ length: 50 }, () => ({ kind: "event" as const, customerId: "alicia" })), { kind: "hold", customerId: "alicia" });
    await until(() => page.heard.length >= 2);
    await until(() => false, 100);
    expect(page.heard.map((c) => c.kind)).toEqual(["event", "hold"]);
    const before = pool.totalCount - pool.idleCount;
    page.unsubscribe();
    await until(() => pool.totalCount - pool.idleCount < before);
    expect(pool.totalCount - pool.idleCount).toBe(before - 1);
  });

  it("closes every open stream on shutdown", async () => {
    const { hub } = await pushHub();
    let closed = 0;
    hub.subscribe([storeTopic("fifth")], () => {}, () => closed++);
    hub.subscribe([customerTopic("alicia"), storeTopic("fifth")], () => {}, () => closed++);
    hub.shutdown();
    expect(closed).toBe(2);
    expect(hub.subscriberCount).toBe(0);
  });
});
