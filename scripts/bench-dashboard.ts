// Manager reports at scale: one busy store with a year of history, then
// p50/p95 for the dashboard figures and trend per period, a big client book
// page and audit pages. Runs on SQLite (a file of its own per scale, reused)
// or on PostgreSQL when DATABASE_URL names one (an empty database, filled
// once and reused at the same scale).
//
//   npm run bench:dashboard                    # 20 associates, a year: ~250k holds, ~150k posts, ~400k contacts, ~1M audit entries
//   npm run bench:dashboard -- --scale 0.2     # a fifth of that, quicker
//   DATABASE_URL=postgres://localhost/bench npm run bench:dashboard -- --scale 0.2
//
// Issue 11, target 4 ("no request stalls the others"): the manager's page
// (figures and trend together) for a year and for 90 days, from the roll-ups,
// each beside the same page counted from the rows as before (the baseline,
// measured in the same run), checked equal to it; and the event loop's longest
// stall (monitorEventLoopDelay) while the pages run, beside the longest stall
// of an idle wait of the same length. Ends with one `BENCH {…}` line.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type Database from "better-sqlite3";
import type pg from "pg";
import { sql } from "drizzle-orm";
import { defaultTarget, describeDatabase, openDatabase, type DatabaseTarget } from "@/db";
import { currentDialect, selectRows } from "../db/dialect";
import { Rng } from "../db/seed/random";
import { getStoreDashboard, getStoreTrend } from "../lib/dashboard";
import { rebuildReportRollups } from "../lib/daily-figures-rebuild";
import { clientListParams, listClients } from "../lib/client-books";
import { auditParams, listAudit } from "../lib/audit-view";
import { localDate } from "../lib/dates";
import { bucketEdges, resolvePeriod, type ReportPeriod } from "../lib/periods";
import { startEventLoopMonitor } from "../lib/event-loop-monitor";
import { printBench, type BenchFigure } from "./bench-support";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const scale = Number(flag("--scale") ?? 1);
const target: DatabaseTarget = currentDialect() === "pg" ? defaultTarget() : { dialect: "sqlite", file: path.resolve(`data/bench/dashboard-${scale}.db`) };
const DAY = 86_400_000;
const ZONE = "America/New_York";
/** The bench store's name says the scale it was built at, so a database is only reused at that scale. */
const STORE_NAME = `Busy Street (bench scale ${scale})`;
const now = new Date();
const n = (count: number) => Math.round(count * scale);

type Value = string | number | null;

/** Appends rows table by table: prepared statements in one transaction on SQLite, multi-row inserts on PostgreSQL. */
interface Loader {
  insert(table: string, columns: string[]): (...row: Value[]) => Promise<void>;
  finish(): Promise<void>;
}

function sqliteLoader(sqlite: Database.Database): Loader {
  sqlite.pragma("synchronous = OFF");
  sqlite.exec("BEGIN");
  return {
    insert(table, columns) {
      const statement = sqlite.prepare(`insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`);
      return async (...row) => {
        statement.run(...row);
      };
    },
    async finish() {
      sqlite.exec("COMMIT");
      sqlite.pragma("optimize");
      sqlite.pragma("synchronous = NORMAL");
    },
  };
}

/** One transaction on one connection; rows go in batches well under PostgreSQL's 65,535 bound parameters. */
async function pgLoader(pool: pg.Pool): Promise<Loader> {
  const client = await pool.connect();
  // Row triggers (the report roll-ups) off for the load: they are computed
  // once at the end instead (build()). Needs a superuser; else they run.
  await client.query("set session_replication_role = replica").catch(() => undefined);
  await client.query("begin");
  let pending: (() => Promise<void>) | null = null;
  return {
    insert(table, columns) {
      const perBatch = Math.min(5_000, Math.floor(60_000 / columns.length));
      let values: Value[] = [];
      const flush = async () => {
        if (!values.length) return;
        const rows = values.length / columns.length;
        const tuples = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
        const params = values;
        values = [];
        await client.query(`insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")}`, params);
      };
      return async (...row) => {
        // Starting a table sends what is left of the one before.
        if (pending !== flush) {
          await pending?.();
          pending = flush;
        }
        values.push(...row);
        if (values.length >= perBatch * columns.length) await flush();
      };
    },
    async finish() {
      try {
        await pending?.();
        await client.query("commit");
        await client.query("set session_replication_role = default");
      } finally {
        client.release();
      }
    },
  };
}

async function build() {
  if (target.dialect === "sqlite") {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(target.file + suffix, { force: true });
  }
  const database = await openDatabase(target);
  console.log(`Building the bench store in ${describeDatabase(target)} (reused next time)…`);
  const loader = database.sqlite ? sqliteLoader(database.sqlite) : await pgLoader(database.pool!);
  const rng = new Rng(11);
  const started = performance.now();
  // Whole milliseconds, as the app writes them (PostgreSQL keeps them in a bigint).
  const ago = (days: number) => Math.round(now.getTime() - rng.next() * days * DAY);

  await loader.insert("stores", ["id", "name", "city", "address", "phone", "timezone", "opening_hours"])("store", STORE_NAME, "New York", "1 Busy St", "+12125550100", ZONE, "{}");
  const staff = Array.from({ length: 21 }, (_, i) => `staff-${i}`);
  const addStaff = loader.insert("staff", ["id", "name", "email", "password_hash", "role", "store_id"]);
  for (const [i, id] of staff.entries()) await addStaff(id, `Person ${i}`, `p${i}@bench.example`, "x", i === 0 ? "manager" : "associate", "store");
  const associates = staff.slice(1);
  await loader.insert("products", ["id", "style_code", "name", "brand", "category", "price_cents", "image_url"])("p", "P-1", "Coat", "Brand", "coats", 50000, "/x.svg");
  await loader.insert("product_variants", ["id", "product_id", "sku", "size", "colour", "colour_hex", "price_cents", "image_url"])("v", "p", "SKU-1", "M", "Blue", "#00f", 50000, "/x.svg");
  const customers = n(60_000);
  const addCustomer = loader.insert("customers", ["id", "first_name", "last_name", "email", "home_store_id", "assigned_staff_id"]);
  for (let i = 0; i < customers; i++) await addCustomer(`c${i}`, `First${i % 500}`, `Last${i % 997}`, `c${i}@bench.example`, "store", i % 10 === 0 ? null : associates[i % associates.length]!);
  const customer = () => `c${rng.int(0, customers - 1)}`;
  const who = () => rng.pick(associates);

  const addHold = loader.insert("holds", ["id", "customer_id", "variant_id", "store_id", "staff_id", "status", "expires_at", "idempotency_key", "created_at", "resolved_at"]);
  for (let i = 0; i < n(250_000); i++) {
    const created = ago(365);
    const status = rng.pick(["picked_up", "picked_up", "released", "expired", "active"] as const);
    await addHold(`h${i}`, customer(), "v", "store", who(), status, created + 2 * DAY, `k${i}`, created, status === "active" ? null : created + rng.int(1, 47) * 3_600_000);
  }
  const addMention = loader.insert("social_mentions", ["id", "network", "external_id", "handle", "text", "url", "posted_at", "store_id", "status", "replied_by_staff_id", "replied_at", "customer_id"]);
  for (let i = 0; i < n(150_000); i++) {
    const posted = ago(365);
    const replied = rng.chance(0.6);
    await addMention(`m${i}`, "x", String(i), "h", "t", "u", posted, "store", replied ? "replied" : "new", replied ? who() : null, replied ? posted + rng.int(5, 3000) * 60_000 : null, customer());
  }
  const addContact = loader.insert("contacts", ["id", "customer_id", "staff_id", "store_id", "kind", "at"]);
  for (let i = 0; i < n(400_000); i++) await addContact(`ct${i}`, customer(), who(), "store", "call", ago(365));
  const addNote = loader.insert("notes", ["id", "customer_id", "staff_id", "store_id", "body", "created_at"]);
  for (let i = 0; i < n(120_000); i++) await addNote(`n${i}`, customer(), who(), "store", "n", ago(365));
  const addFollowUp = loader.insert("follow_ups", ["id", "customer_id", "store_id", "staff_id", "created_by_staff_id", "due_on", "reason", "status", "done_at", "done_by_staff_id"]);
  for (let i = 0; i < n(40_000); i++) {
    const staffId = who();
    const done = rng.chance(0.8);
    const at = ago(365);
    await addFollowUp(`f${i}`, customer(), "store", staffId, staffId, localDate(new Date(at), ZONE), "r", done ? "done" : "open", done ? at : null, done ? staffId : null);
  }
  const addAudit = loader.insert("audit_log", ["id", "at", "staff_id", "store_id", "action", "target_type", "target_id", "customer_id"]);
  for (let i = 0; i < n(1_000_000); i++) {
    const c = customer();
    await addAudit(`a${i}`, ago(365), who(), "store", rng.pick(["customer.viewed", "customer.viewed", "customer.viewed", "hold.placed", "note.added"]), "customer", c, c);
  }
  await loader.finish();
  if (database.pool) {
    await rebuildReportRollups(database.db);
    await database.pool.query("analyze");
  }
  await database.close();
  console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Whether the database already holds the bench store at this scale; refuses a database with anything else in it. */
async function isBuilt(): Promise<boolean> {
  if (target.dialect === "sqlite") return fs.existsSync(target.file);
  const database = await openDatabase(target);
  try {
    const stores = await selectRows<{ id: string; name: string }>(database.db, sql`select id, name from stores`);
    if (!stores.length) return false;
    const bench = stores.find((s) => s.id === "store");
    if (stores.length === 1 && bench?.name === STORE_NAME) return true;
    const why = bench ? `it was filled at another scale (${bench.name})` : "it holds other data";
    throw new Error(`${describeDatabase(target)} cannot be used for the bench: ${why}. Point DATABASE_URL at a new, empty database.`);
  } finally {
    await database.close();
  }
}

if (!(await isBuilt())) await build();
const database = await openDatabase(target);
const { db } = database;
const count = async (table: string) => Number((await selectRows<{ n: number }>(db, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
const counts = Object.fromEntries(await Promise.all(["customers", "holds", "social_mentions", "contacts", "notes", "follow_ups", "audit_log"].map(async (t) => [t, await count(t)] as const)));
const shown = (table: string) => counts[table]!.toLocaleString("en-US");
console.log(`Measuring ${target.dialect === "pg" ? "PostgreSQL" : "SQLite"}: ${describeDatabase(target)}`);
console.log(`One store, 20 associates: ${shown("customers")} customers, ${shown("holds")} holds, ${shown("social_mentions")} posts, ${shown("contacts")} contacts, ${shown("notes")} notes, ${shown("follow_ups")} follow-ups, ${shown("audit_log")} audit entries\n`);

async function time(label: string, runs: number, work: () => Promise<unknown>) {
  await work(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(`${label.padEnd(44)} p50 ${at(50).padStart(7)} ms   p95 ${at(95).padStart(7)} ms`);
}

const today = localDate(now, ZONE);
for (const days of ["7", "30", "90"]) {
  const { period } = resolvePeriod({ days }, { timeZone: ZONE, now });
  await time(`dashboard figures, last ${days} days`, 20, () => getStoreDashboard(db, { storeId: "store", period, today, now }));
  await time(`trend chart, last ${days} days`, 20, () => getStoreTrend(db, { storeId: "store", edges: bucketEdges(period, ZONE) }));
}
const { period: year } = resolvePeriod({ from: localDate(new Date(now.getTime() - 364 * DAY), ZONE), to: today }, { timeZone: ZONE, now });
await time("dashboard figures, a whole year", 10, () => getStoreDashboard(db, { storeId: "store", period: year, today, now }));
await time("trend chart, a whole year (weekly)", 10, () => getStoreTrend(db, { storeId: "store", edges: bucketEdges(year, ZONE) }));
for (const sort of ["name", "last_contact", "next_follow_up"] as const) {
  await time(`client book of ~${Math.round((counts.customers! * 0.9) / 20).toLocaleString("en-US")}, sorted by ${sort}`, 20, () =>
    listClients(db, { owner: { staffId: "staff-2" }, now, today, params: clientListParams.parse({ sort }) }),
  );
}
await time("audit, newest page", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({}) }));
await time("audit, one rare action (reassignments)", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({ action: "customer.reassigned" }) }));
await time("audit, one associate, one action", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({ staff: "staff-3", action: "note.added" }) }));
await time("audit, one customer", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({ customer: "c42" }) }));

// --- Target 4: the page from the roll-ups, beside the rows, and the event loop meanwhile.
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
/** What app/(staff)/store/page.tsx asks for: the figures and the trend, together. */
const page = (period: ReportPeriod, countRows = false) =>
  Promise.all([getStoreDashboard(db, { storeId: "store", period, today, now, countRows }), getStoreTrend(db, { storeId: "store", edges: bucketEdges(period, ZONE), countRows })]);
/** Wall times of each run; also the process's CPU time per run (what a shared, busy machine inflates least). */
const cpuTimes = new Map<() => Promise<unknown>, number[]>();
async function timesOf(runs: number, work: () => Promise<unknown>) {
  const times: number[] = [];
  const cpu: number[] = [];
  cpuTimes.set(work, cpu);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await work();
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    // Another request's turn: a stall shows as one long delay, not as back-to-back pages.
    await pause(5);
  }
  return times;
}
const { period: days90 } = resolvePeriod({ days: "90" }, { timeZone: ZONE, now });
const pages = [
  { label: "a year", period: year, target: 150 },
  { label: "90 days", period: days90, target: 50 },
];
console.log("\nTarget 4: the dashboard page (figures and trend) from the roll-ups, beside the same page counted from the rows");
for (const { label, period } of pages) {
  const [rolled, counted] = [await page(period), await page(period, true)];
  const same = JSON.stringify(rolled) === JSON.stringify(counted);
  console.log(`  ${label}: the roll-ups give ${same ? "the very figures the rows give" : "OTHER FIGURES than the rows"}`);
  if (!same) process.exitCode = 1;
}
const monitor = startEventLoopMonitor();
const figures: BenchFigure[] = [];
const rolledTimes = new Map<string, { wall: number; cpu: number }>();
const started = performance.now();
for (const { label, period } of pages) {
  const work = () => page(period);
  const wall = median(await timesOf(20, work));
  rolledTimes.set(label, { wall, cpu: median(cpuTimes.get(work)!) });
}
const busy = monitor.read();
const busyMs = performance.now() - started;
monitor.reset();
await pause(Math.max(1000, busyMs));
const idle = monitor.read();
monitor.stop();
for (const { label, period, target } of pages) {
  const { wall: value, cpu } = rolledTimes.get(label)!;
  const work = () => page(period, true);
  const baseline = median(await timesOf(3, work));
  const baselineCpu = median(cpuTimes.get(work)!);
  console.log(
    `  ${label.padEnd(8)} ${value.toFixed(1).padStart(7)} ms (target ≤ ${target} ms; CPU ${cpu.toFixed(1)} ms); counted from the rows ${baseline.toFixed(1).padStart(8)} ms (CPU ${baselineCpu.toFixed(1)} ms): ${(value / baseline).toFixed(3)}×`,
  );
  figures.push({ label: `dashboard page, ${label}`, value: round(value), unit: "ms", baseline: round(baseline), ratio: round(value / baseline, 3), target: `≤ ${target} ms`, pass: value <= target });
}
console.log(`  event loop while the pages ran: max ${busy.maxMs} ms, p99 ${busy.p99Ms} ms; idle wait as long: max ${idle.maxMs} ms (target ≤ 50 ms)`);
figures.push({ label: "event loop max delay during dashboard pages", value: busy.maxMs, unit: "ms", baseline: idle.maxMs, ratio: idle.maxMs ? round(busy.maxMs / idle.maxMs, 2) : undefined, target: "≤ 50 ms", pass: busy.maxMs <= 50 });
printBench({ name: "dashboard", database: target.dialect, figures });
await database.close();

function round(value: number, digits = 1) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
