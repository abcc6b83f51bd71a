import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { openDatabase, type Db, type OpenDatabase } from "@/db";
import { currentDialect } from "@/db/dialect";
import { auditLog, holds, storeClosures, stores } from "@/db/schema";
import { localTimeOn } from "./dates";
import { createPgTestDatabase, createSqliteTestFile, createTestDb, dropPgTestDatabase, pgUrl } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { extendHold, getAvailability, MAX_HOLD_DAYS, placeHold } from "./holds";

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");

async function setup(db: Db, onHand: number) {
  const store = await createStore(db);
  const staffId = (await createStaff(db, { storeId: store.id })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand });
  return { storeId: store.id, staffId, customerId, variantId };
}

describe("placeHold", () => {
  let db: Db;
  let ids: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    db = await createTestDb();
    ids = await setup(db, 2);
  });
  const hold = (key: string, at = now, hours = 48) => placeHold(db, { ...ids, expiresAt: new Date(at.getTime() + hours * HOUR), idempotencyKey: key, now: at });

  it("takes a unit and refuses once none is left, saying how many are available", async () => {
    expect(await hold("a")).toMatchObject({ ok: true, replayed: false });
    expect(await getAvailability(db, { ...ids, now })).toBe(1);
    expect(await hold("b")).toMatchObject({ ok: true });
    expect(await hold("c")).toEqual({ ok: false, reason: "unavailable", available: 0 });
    expect(await db.select().from(holds)).toHaveLength(2);
  });

  it("returns the same hold for a resubmitted form instead of holding twice", async () => {
    const first = await hold("same-form");
    const again = await hold("same-form");
    expect(again).toEqual({ ok: true, holdId: first.ok ? first.holdId : "", replayed: true });
    expect(await db.select().from(holds)).toHaveLength(1);
  });

  it("answers a form submitted twice at once with one hold", async () => {
    const [a, b] = await Promise.all([hold("double-click"), hold("double-click")]);
    expect(a.ok && b.ok && a.holdId === b.holdId).toBe(true);
    expect([a, b].map((r) => r.ok && r.replayed).sort()).toEqual([false, true]);
    expect(await db.select().from(holds)).toHaveLength(1);
  });

  it("never answers with another staff member's hold for the same key", async () => {
    const mine = await hold("shared-key");
    const colleague = (await createStaff(db, { storeId: ids.storeId, name: "Sam Ortiz" })).id;
    const theirs = await placeHold(db, { ...ids, staffId: colleague, expiresAt: new Date(now.getTime() + HOUR), idempotencyKey: "shared-key", now });
    expect(theirs).toMatchObject({ ok: true, replayed: false });
    expect(theirs.ok && mine.ok && theirs.holdId !== mine.holdId).toBe(true);
    const rows = await db.select({ staffId: holds.staffId }).from(holds).orderBy(asc(holds.createdAt), asc(holds.staffId));
    expect(rows.map((r) => r.staffId).sort()).toEqual([ids.staffId, colleague].sort());
  });

  it("frees the unit the moment a hold expires, with no sweep", async () => {
    await hold("short", now, 1);
    await hold("long", now, 48);
    expect(await getAvailability(db, { ...ids, now })).toBe(0);
    const later = new Date(now.getTime() + 2 * HOUR);
    expect(await getAvailability(db, { ...ids, now: later })).toBe(1);
    expect(await hold("after-expiry", later)).toMatchObject({ ok: true });
  });

  it("changes nothing for a customer or variant that does not exist", async () => {
    expect(await placeHold(db, { ...ids, customerId: "forged", expiresAt: new Date(now.getTime() + HOUR), idempotencyKey: "x", now })).toEqual({ ok: false, reason: "not_found" });
    expect(await placeHold(db, { ...ids, variantId: "forged", expiresAt: new Date(now.getTime() + HOUR), idempotencyKey: "y", now })).toEqual({ ok: false, reason: "not_found" });
    expect(await db.select().from(holds)).toHaveLength(0);
  });
});

// SQLite: separate connections (worker threads, as separate tablets would be
// separate processes) are serialised by SQLite's own write lock.
describe.runIf(currentDialect() === "sqlite")("placeHold under concurrency (SQLite, several connections)", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("gives exactly 3 holds out of 50 simultaneous attempts from 5 connections on 3 units", async () => {
    const { file, remove } = createSqliteTestFile();
    cleanups.push(remove);
    const database = await openDatabase({ dialect: "sqlite", file }, { migrate: false });
    cleanups.push(() => database.close());
    const { db } = database;
    const ids = await setup(db, 3);

    const WORKERS = 5;
    const barrier = new SharedArrayBuffer(8);
    const gate = new Int32Array(barrier);
    const workers = Array.from(
      { length: WORKERS },
      (_, worker) =>
        new Worker(new URL("./testing/hold-worker.mjs", import.meta.url), {
          execArgv: ["--conditions=react-server"],
          workerData: { file, attempts: 10, barrier, worker, ...ids },
        }),
    );
    cleanups.push(async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    });
    const results = workers.map(
      (w) =>
        new Promise<string[]>((resolve, reject) => {
          w.once("message", resolve);
          w.once("error", reject);
        }),
    );
    // Release every worker at once, after all of them have opened their connection.
    while (Atomics.load(gate, 1) < WORKERS) await new Promise((r) => setTimeout(r, 10));
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);

    const outcomes = (await Promise.all(results)).flat();
    expect(outcomes).toHaveLength(50);
    expect(outcomes.filter((o) => o === "held")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "unavailable")).toHaveLength(47);
    expect(await db.select().from(holds).where(eq(holds.variantId, ids.variantId))).toHaveLength(3);
    expect(await getAvailability(db, { storeId: ids.storeId, variantId: ids.variantId })).toBe(0);
  });
});

// PostgreSQL: two pools (as two app instances would have) on one database; the
// store_stock row lock is what keeps the last unit from going twice.
describe.runIf(currentDialect() === "pg")("placeHold under concurrency (PostgreSQL, two pools)", () => {
  let name: string;
  const handles: OpenDatabase[] = [];
  beforeEach(async () => {
    name = await createPgTestDatabase();
    handles.push(await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 10 }));
    handles.push(await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 10 }));
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await dropPgTestDatabase(name);
  });

  it("gives exactly 1 hold out of 100 simultaneous attempts across both pools on the last unit", async () => {
    const [first, second] = handles.map((h) => h.db) as [Db, Db];
    const ids = await setup(first, 1);
    const expiresAt = new Date(Date.now() + HOUR);
    // Every connection of both pools open before the start, so the attempts truly overlap.
    await Promise.all(handles.flatMap((h) => Array.from({ length: 10 }, () => h.pool!.query("select pg_sleep(0.05)"))));

    const outcomes = await Promise.all(
      Array.from({ length: 100 }, async (_, attempt) => {
        const result = await placeHold(attempt % 2 ? second : first, { ...ids, expiresAt, idempotencyKey: `attempt-${attempt}` });
        return result.ok ? "held" : result.reason;
      }),
    );
    expect(outcomes.filter((o) => o === "held")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "unavailable")).toHaveLength(99);
    expect(await second.select().from(holds).where(eq(holds.variantId, ids.variantId))).toHaveLength(1);
    expect(await getAvailability(second, { storeId: ids.storeId, variantId: ids.variantId })).toBe(0);
  });
});

// Issue 13: a hold ends at the store's closing time, in its own time zone, never on a closed day.
describe("hold ends at closing time", () => {
  const HOURS = { mon: "10:00–20:00", tue: "10:00–20:00", wed: "10:00–20:00", thu: "10:00–21:00", fri: "10:00–21:00", sat: "10:00–20:00", sun: "11:00–18:00" };
  const ny = (day: string, time: string) => localTimeOn(day, time, "America/New_York");
  let db: Db;
  let ids: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    db = await createTestDb();
    ids = await setup(db, 3);
    await db.update(stores).set({ openingHours: HOURS }).where(eq(stores.id, ids.storeId));
    await db.insert(storeClosures).values({ storeId: ids.storeId, day: "2026-11-26", reason: "Thanksgiving" });
  });
  const placeFor = async (days: number, at: Date, key = "k") => {
    const placed = await placeHold(db, { ...ids, days, idempotencyKey: key, now: at });
    if (!placed.ok) throw new Error(placed.reason);
    const [row] = await db.select({ expiresAt: holds.expiresAt }).from(holds).where(eq(holds.id, placed.holdId));
    return { holdId: placed.holdId, expiresAt: row!.expiresAt };
  };

  it("places a 2-day hold until closing on the second open day, whatever the hour it was placed", async () => {
    expect((await placeFor(2, ny("2026-11-23", "14:52"))).expiresAt).toEqual(ny("2026-11-25", "20:00"));
  });

  it("places a hold after closing (7 pm on a Sunday, closed at 6) until closing the next day", async () => {
    expect((await placeFor(1, ny("2026-11-22", "19:00"))).expiresAt).toEqual(ny("2026-11-23", "20:00"));
  });

  it("does not count a closure as a day", async () => {
    expect((await placeFor(1, ny("2026-11-25", "12:00"))).expiresAt).toEqual(ny("2026-11-27", "21:00"));
  });

  it("records the end it chose in the audit log", async () => {
    const { holdId, expiresAt } = await placeFor(1, ny("2026-11-23", "12:00"));
    const [entry] = await db.select({ detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.targetId, holdId), eq(auditLog.action, "hold.placed")));
    expect(entry!.detail).toMatchObject({ expiresAt: expiresAt.toISOString() });
  });

  it("extends to closing on the next open day, stepping over the closure", async () => {
    const now = ny("2026-11-24", "15:00");
    const { holdId } = await placeFor(1, ny("2026-11-24", "09:00"));
    const extended = await extendHold(db, { holdId, storeId: ids.storeId, staffId: ids.staffId, now });
    expect(extended).toEqual({ ok: true, expiresAt: ny("2026-11-25", "20:00") });
    expect(await extendHold(db, { holdId, storeId: ids.storeId, staffId: ids.staffId, now })).toEqual({ ok: true, expiresAt: ny("2026-11-27", "21:00") });
    const [row] = await db.select({ expiresAt: holds.expiresAt }).from(holds).where(eq(holds.id, holdId));
    expect(row!.expiresAt).toEqual(ny("2026-11-27", "21:00"));
  });

  it("never extends past the longest hold allowed", async () => {
    const now = ny("2026-11-23", "12:00");
    const { holdId } = await placeFor(7, now);
    let last: Date | undefined;
    for (let i = 0; i < 20; i++) {
      const result = await extendHold(db, { holdId, storeId: ids.storeId, staffId: ids.staffId, now });
      if (result.ok) last = result.expiresAt;
    }
    expect(last!.getTime()).toBeLessThanOrEqual(now.getTime() + MAX_HOLD_DAYS * 86_400_000);
    expect(last).toEqual(ny("2026-12-06", "18:00"));
  });
});
