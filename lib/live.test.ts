import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { changeFeed } from "@/db/schema";
import { recordChanges, type Change } from "@/lib/change-feed";
import { createTestDb } from "@/lib/testing/db";
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
/** Lets the hub's first tick (reading where the feed ends) run, then `ticks` more. */
const advance = (ticks: number) => vi.advanceTimersByTimeAsync(ticks * INTERVAL);

beforeEach(() => {
  vi.useFakeTimers();
  db = createTestDb();
  unsubscribes = [];
});

afterEach(() => {
  for (const unsubscribe of unsubscribes) unsubscribe();
  vi.useRealTimers();
});

describe("LiveHub", () => {
  it("delivers a change to the customer's and the store's listeners, and to no one else", async () => {
    const hub = newHub();
    const alicia = listen(hub, [customerTopic("alicia")]);
    const fifth = listen(hub, [storeTopic("fifth")]);
    const other = listen(hub, [customerTopic("bob"), storeTopic("oak")]);
    await advance(0);

    record({ kind: "event", customerId: "alicia", storeId: "fifth" });
    await advance(1);

    expect(alicia.heard).toEqual([{ kind: "event", customerId: "alicia", storeId: "fifth" }]);
    expect(fifth.heard).toEqual([{ kind: "event", customerId: "alicia", storeId: "fifth" }]);
    expect(other.heard).toEqual([]);
  });

  it("does not replay what was recorded before the first listener arrived", async () => {
    record({ kind: "mention", storeId: "fifth" });
    const hub = newHub();
    const fifth = listen(hub, [storeTopic("fifth")]);
    await advance(3);
    expect(fifth.heard).toEqual([]);

    record({ kind: "mention", storeId: "fifth", customerId: null });
    await advance(1);
    expect(fifth.heard).toEqual([{ kind: "mention", customerId: null, storeId: "fifth" }]);
  });

  it("tells a page about each distinct change once per read, even when it matches twice", async () => {
    const hub = newHub();
    const page = listen(hub, [customerTopic("alicia"), storeTopic("fifth"), storeTopic("fifth")]);
    await advance(0);

    record(
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
    record(...Array.from({ length: 35 }, (_, i) => ({ kind: "event" as const, customerId: `c${i}` })), { kind: "event", customerId: "alicia" });
    await advance(1);

    expect(alicia.heard).toHaveLength(1);
  });

  it("reads the feed with the same few queries for 300 open pages as for one", async () => {
    async function queriesFor(pages: number) {
      const hub = newHub();
      const prepare = vi.spyOn(db.$client, "prepare");
      for (let i = 0; i < pages; i++) listen(hub, [customerTopic(`customer-${i}`), storeTopic("fifth")]);
      await advance(0);
      for (let tick = 0; tick < 5; tick++) {
        record({ kind: "event", customerId: `customer-${tick}`, storeId: "fifth" });
        await advance(1);
      }
      const feedQueries = prepare.mock.calls.filter(([sql]) => /change_feed/.test(sql) && !/^insert/i.test(sql)).length;
      prepare.mockRestore();
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
    record({ kind: "mention", storeId: "fifth" });
    await advance(1);
    expect(pages.every((p) => p.heard.length === 1)).toBe(true);
  });

  it("polls only while someone listens, and starts again from the end of the feed", async () => {
    const hub = newHub();
    const prepare = vi.spyOn(db.$client, "prepare");
    const first = listen(hub, [storeTopic("fifth")]);
    await advance(2);
    expect(hub.polling).toBe(true);

    first.unsubscribe();
    first.unsubscribe(); // twice is harmless
    expect(hub.subscriberCount).toBe(0);
    expect(hub.polling).toBe(false);
    const queriesWhenStopped = prepare.mock.calls.length;
    record({ kind: "mention", storeId: "fifth" });
    await advance(10);
    expect(prepare.mock.calls.length).toBe(queriesWhenStopped + 1); // only the insert above

    const second = listen(hub, [storeTopic("fifth")]);
    await advance(2);
    expect(second.heard).toEqual([]); // recorded while no one listened: the page reloads on reconnect
    record({ kind: "mention", storeId: "fifth" });
    await advance(1);
    expect(second.heard).toHaveLength(1);
    prepare.mockRestore();
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

    record({ kind: "hold", storeId: "fifth" });
    await advance(1);
    expect(fine.heard).toHaveLength(1);

    const select = vi.spyOn(db, "select").mockImplementationOnce(() => {
      throw new Error("database is locked");
    });
    record({ kind: "hold", storeId: "fifth", customerId: "x" });
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
    db.transaction((tx) => {
      recordChanges(tx, [{ kind: "event", customerId: "old" }], at(25));
      recordChanges(tx, [{ kind: "event", customerId: "recent" }], at(23));
    });
    const remaining = () => db.select({ customerId: changeFeed.customerId }).from(changeFeed).all().map((r) => r.customerId);

    listen(hub, [storeTopic("fifth")]);
    await advance(0);
    expect(remaining()).toEqual(["recent"]);

    const prune = vi.spyOn(db, "delete");
    now += 30 * 60_000;
    await advance(3);
    expect(prune).not.toHaveBeenCalled();

    now += 31 * 60_000; // an hour since the last prune; "recent" is now 24 h 1 min old
    await advance(1);
    expect(prune).toHaveBeenCalledTimes(1);
    expect(remaining()).toEqual([]);
    prune.mockRestore();
  });
});
