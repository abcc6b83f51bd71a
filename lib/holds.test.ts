import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase, type Db } from "@/db";
import { holds } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { getAvailability, placeHold } from "./holds";

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");

function setup(db: Db, onHand: number) {
  const store = createStore(db);
  const staffId = createStaff(db, { storeId: store.id }).id;
  const customerId = createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { variantId } = createVariantInStock(db, { storeId: store.id, onHand });
  return { storeId: store.id, staffId, customerId, variantId };
}

describe("placeHold", () => {
  let db: Db;
  let ids: ReturnType<typeof setup>;
  beforeEach(() => {
    db = createTestDb();
    ids = setup(db, 2);
  });
  const hold = (key: string, at = now, hours = 48) => placeHold(db, { ...ids, expiresAt: new Date(at.getTime() + hours * HOUR), idempotencyKey: key, now: at });

  it("takes a unit and refuses once none is left, saying how many are available", async () => {
    expect(hold("a")).toMatchObject({ ok: true, replayed: false });
    expect(await getAvailability(db, { ...ids, now })).toBe(1);
    expect(hold("b")).toMatchObject({ ok: true });
    expect(hold("c")).toEqual({ ok: false, reason: "unavailable", available: 0 });
    expect(db.select().from(holds).all()).toHaveLength(2);
  });

  it("returns the same hold for a resubmitted form instead of holding twice", () => {
    const first = hold("same-form");
    const again = hold("same-form");
    expect(again).toEqual({ ok: true, holdId: first.ok ? first.holdId : "", replayed: true });
    expect(db.select().from(holds).all()).toHaveLength(1);
  });

  it("frees the unit the moment a hold expires, with no sweep", async () => {
    hold("short", now, 1);
    hold("long", now, 48);
    expect(await getAvailability(db, { ...ids, now })).toBe(0);
    const later = new Date(now.getTime() + 2 * HOUR);
    expect(await getAvailability(db, { ...ids, now: later })).toBe(1);
    expect(hold("after-expiry", later)).toMatchObject({ ok: true });
  });

  it("changes nothing for a customer or variant that does not exist", () => {
    expect(placeHold(db, { ...ids, customerId: "forged", expiresAt: new Date(now.getTime() + HOUR), idempotencyKey: "x", now })).toEqual({ ok: false, reason: "not_found" });
    expect(placeHold(db, { ...ids, variantId: "forged", expiresAt: new Date(now.getTime() + HOUR), idempotencyKey: "y", now })).toEqual({ ok: false, reason: "not_found" });
    expect(db.select().from(holds).all()).toHaveLength(0);
  });
});

describe("placeHold under concurrency", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("gives exactly 3 holds out of 50 simultaneous attempts from 5 connections on 3 units", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopkeeper-holds-"));
    dirs.push(dir);
    const file = path.join(dir, "race.db");
    const { db, sqlite } = openDatabase(file);
    const ids = setup(db, 3);

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
    await Promise.all(workers.map((w) => w.terminate()));
    expect(outcomes).toHaveLength(50);
    expect(outcomes.filter((o) => o === "held")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "unavailable")).toHaveLength(47);
    expect(db.select().from(holds).where(eq(holds.variantId, ids.variantId)).all()).toHaveLength(3);
    expect(await getAvailability(db, { storeId: ids.storeId, variantId: ids.variantId })).toBe(0);
    sqlite.close();
  });
});
