import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { OpenDatabase } from "@/db";
import { currentDialect } from "@/db/dialect";
import { customers, onlineEvents } from "@/db/schema";
import { openTestDatabase } from "@/lib/testing/db";
import { breather, chunked, claimUnlinkedEvents, linkAnonymous, type Tx } from "./event-statements";

// identify's hot statement gives a browser's anonymous events to a customer.
// Its plan must not depend on what the planner's statistics say: on skewed
// data, once ANALYZE has run (or ran long before the skew), it still reads the
// browser's unlinked events through online_events_unlinked_idx, never the
// (customer_id, occurred_at) index where every anonymous event of the shop sits
// under NULL. The plan is asked of the real statement (the query builder the
// event writer runs), so changing its predicate or dropping the index fails here.

let database: OpenDatabase;
const BUSY_BROWSERS = ["anon-busy-1", "anon-busy-2", "anon-busy-3"];
const at = new Date("2026-03-02T15:00:00Z");

beforeEach(async () => {
  database = await openTestDatabase();
  if (database.pool) await database.pool.query("alter table online_events set (autovacuum_enabled = false)");
});

async function addCustomers(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (const chunk of chunked(ids, 200)) await database.db.insert(customers).values(chunk.map((id, i) => ({ id, firstName: "Skew", lastName: `Customer ${i}` })));
  return ids;
}

/** `count` events for the customer (null: nobody yet) from the browser (null: none). */
function events(count: number, customerId: string | null, anonymousId: (i: number) => string | null) {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    customerId,
    anonymousId: anonymousId(i),
    type: "product_viewed" as const,
    occurredAt: new Date(at.getTime() - i * 1000),
    createdAt: at,
  }));
}

async function insert(rows: Array<typeof onlineEvents.$inferInsert>) {
  await database.db.transaction(async (tx) => {
    for (const chunk of chunked(rows, 500)) await tx.insert(onlineEvents).values(chunk);
  });
}

/** Events that are all somebody's: thousands under one customer, a few under each of the others. */
async function linkedHistory() {
  const [whale, ...others] = await addCustomers(151);
  await insert(events(6_000, whale!, (i) => (i % 3 ? null : `anon-whale-${i % 7}`)));
  await insert(others.flatMap((id, n) => events(8, id, (i) => (i % 2 ? null : `anon-linked-${n}`))));
}

/** Thousands of events nobody owns yet, under a few browsers, and one new browser's handful. */
async function unlinkedSkew() {
  await insert(events(12_000, null, (i) => BUSY_BROWSERS[i % BUSY_BROWSERS.length]!));
  await insert(events(500, null, () => null));
  await insert(events(5, null, () => "anon-new"));
}

async function analyze() {
  if (database.sqlite) database.sqlite.exec("ANALYZE");
  else await database.pool!.query("ANALYZE online_events");
}

/** Every index the statement's plan reads online_events through, and whether it scans the table whole. */
async function accessPaths(anonymousId: string): Promise<{ indexes: string[]; fullScan: boolean; plan: string }> {
  const customerId = (await addCustomers(1))[0]!;
  const statement = await database.db.transaction(async (tx) => claimUnlinkedEvents(tx, { anonymousId, customerId }).toSQL());
  if (database.sqlite) {
    const rows = database.sqlite.prepare(`explain query plan ${statement.sql}`).all(...(statement.params as unknown[])) as Array<{ detail: string }>;
    const plan = rows.map((r) => r.detail).join("\n");
    return { indexes: [...plan.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)].map((m) => m[1]!), fullScan: /\bSCAN online_events\b/.test(plan), plan };
  }
  const { rows } = await database.pool!.query<{ "QUERY PLAN": string }>(`explain ${statement.sql}`, statement.params as unknown[]);
  const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
  return { indexes: [...plan.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:using|on) (\w+)/g)].map((m) => m[1]!), fullScan: /Seq Scan on online_events/.test(plan), plan };
}

async function expectUnlinkedIndex(anonymousId: string) {
  const { indexes, fullScan, plan } = await accessPaths(anonymousId);
  expect(indexes, plan).toEqual(["online_events_unlinked_idx"]);
  expect(fullScan, plan).toBe(false);
}

describe(`identify's update of a browser's events (${currentDialect()})`, () => {
  it("reads the browser's unlinked events through the partial index after ANALYZE on skewed data", async () => {
    await linkedHistory();
    await unlinkedSkew();
    await analyze();
    await expectUnlinkedIndex(BUSY_BROWSERS[0]!);
    await expectUnlinkedIndex("anon-new");
    await expectUnlinkedIndex("anon-never-seen");
  });

  it("keeps the plan with statistics taken before any event was anonymous", async () => {
    await linkedHistory();
    await analyze();
    await unlinkedSkew();
    await expectUnlinkedIndex(BUSY_BROWSERS[0]!);
    await expectUnlinkedIndex("anon-new");
  });

  it.runIf(currentDialect() === "sqlite")("keeps the plan when sqlite_stat1 says the worst about the partial index", async () => {
    await linkedHistory();
    await unlinkedSkew();
    await analyze();
    const sqlite = database.sqlite!;
    const stat = sqlite.prepare("update sqlite_stat1 set stat = ? where idx = ?");
    stat.run("10000000 10000000", "online_events_unlinked_idx");
    stat.run("10000000 1 1", "online_events_customer_time_idx");
    stat.run("10000000 1", "online_events_anonymous_idx");
    sqlite.exec("ANALYZE sqlite_schema"); // reloads the statistics just written
    await expectUnlinkedIndex(BUSY_BROWSERS[0]!);
  });

  it("moves only that browser's events nobody owns", async () => {
    const [alicia, bob] = await addCustomers(2);
    await insert([...events(3, null, () => "anon-a"), ...events(2, bob!, () => "anon-a"), ...events(4, null, () => "anon-b")]);
    const moved = await database.db.transaction((tx: Tx) => linkAnonymous(tx, { anonymousId: "anon-a", customerId: alicia!, at }));
    expect(moved).toBe(3);
    const rows = await database.db.select({ customerId: onlineEvents.customerId, anonymousId: onlineEvents.anonymousId }).from(onlineEvents);
    const count = (customerId: string | null, anonymousId: string) => rows.filter((r) => r.customerId === customerId && r.anonymousId === anonymousId).length;
    expect([count(alicia!, "anon-a"), count(bob!, "anon-a"), count(null, "anon-a"), count(null, "anon-b")]).toEqual([3, 2, 0, 4]);
  });
});

describe("breather", () => {
  it("gives the batches in flight one slice per turn of the event loop between them, in turn", async () => {
    // Another request's steps: one per turn of the event loop, as a page's steps resume.
    let turn = 0;
    let running = true;
    const tick = () => {
      turn++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const slices: Array<{ batch: string; turn: number }> = [];
    const batch = async (name: string) => {
      for (let slice = 0; slice < 4; slice++) {
        slices.push({ batch: name, turn });
        await breather();
      }
    };
    await Promise.all(["a", "b", "c"].map(batch));
    running = false;
    expect(slices).toHaveLength(12);
    // Waiting for its turn, no slice runs in the same turn as another batch's: the other request gets a turn between any two.
    const afterFirst = slices.slice(3).map((s) => s.turn);
    expect(new Set(afterFirst).size).toBe(afterFirst.length);
    // Each batch in turn, oldest waiting first.
    expect(slices.slice(3).map((s) => s.batch).join("")).toBe("abcabcabc");
  });
});
