import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { LiveHub, storeTopic } from "@/lib/live";
import { openTestDatabase } from "@/lib/testing/db";
import { handleShutdown } from "@/lib/shutdown";

// The process's database and live hub, where getDb() and getLiveHub() keep them.
const processSlots = globalThis as unknown as {
  shopkeeperDb?: OpenDatabase;
  shopkeeperLiveHub?: LiveHub;
  shopkeeperShutdownHooked?: boolean;
  shopkeeperShuttingDown?: boolean;
};

afterEach(() => {
  processSlots.shopkeeperDb = undefined;
  processSlots.shopkeeperLiveHub = undefined;
  processSlots.shopkeeperShutdownHooked = undefined;
  processSlots.shopkeeperShuttingDown = undefined;
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("handleShutdown", () => {
  it("closes live streams at the signal, and the database only when the process exits", async () => {
    const database = await openTestDatabase();
    processSlots.shopkeeperDb = database;
    const hub = new LiveHub({ db: () => database.db, intervalMs: 60_000 });
    processSlots.shopkeeperLiveHub = hub;
    let streamsClosed = 0;
    hub.subscribe([storeTopic("fifth")], () => {}, () => streamsClosed++);

    const processEvents = new EventEmitter();
    handleShutdown(processEvents);
    processEvents.emit("SIGTERM", "SIGTERM");
    await turn();

    // The health check says so, and the streams are closed (Next waits for every open connection)…
    expect(processSlots.shopkeeperShuttingDown).toBe(true);
    expect(streamsClosed).toBe(1);
    // …but the requests under way, and their after() work, still have the database while Next drains them.
    await turn();
    await expect(database.ping()).resolves.toBeUndefined();

    processEvents.emit("exit", 143);
    await turn();
    await expect(database.ping()).rejects.toThrow();
    if (database.dialect === "sqlite") expect(database.sqlite!.open).toBe(false);
    expect(processSlots.shopkeeperDb).toBeUndefined();
  });

  it("hooks the process once", async () => {
    const processEvents = new EventEmitter();
    handleShutdown(processEvents);
    handleShutdown(processEvents);
    expect(processEvents.listenerCount("SIGTERM")).toBe(1);
    expect(processEvents.listenerCount("exit")).toBe(1);
  });
});
