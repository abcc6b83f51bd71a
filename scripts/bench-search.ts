// Lookup and profile latency at scale. Builds (or reuses) a large database,
// then prints p50/p95/p99 for a mix of name, email, phone and handle lookups
// and for loading a full profile.
//
//   npm run bench:search                        # 1,000,000 customers, SQLite file in data/bench/
//   npm run bench:search -- --customers 200000  # smaller, quicker
//   DATABASE_URL=postgres://… npm run bench:search -- --customers 200000
//
// With a PostgreSQL DATABASE_URL it measures that database: an empty one is
// seeded (and reused next time when it holds the asked-for number of
// customers); one holding other data is refused, never emptied.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { SingleBar, Presets } from "cli-progress";
import { asc, eq, gte, sql } from "drizzle-orm";
import { describeDatabase, openDatabase, targetFrom, type DatabaseTarget, type OpenDatabase } from "@/db";
import { isPostgresUrl } from "@/db/dialect";
import { customerHandles, customers } from "@/db/schema";
import { isSeeded, seedDatabase } from "../db/seed/index";
import { Rng } from "../db/seed/random";
import { searchCustomers } from "../lib/customer-search";
import { getCustomerProfile } from "../lib/customer-profile";
import { formatPhone } from "../lib/format";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const wanted = Number(flag("--customers") ?? 1_000_000);
const SAMPLES = Number(flag("--samples") ?? 2000);
const target: DatabaseTarget = isPostgresUrl(process.env.DATABASE_URL)
  ? targetFrom(process.env.DATABASE_URL)
  : targetFrom(process.env.BENCH_DATABASE_PATH ?? `data/bench/shopkeeper-${wanted}.db`);
const where = `${target.dialect === "pg" ? "PostgreSQL" : "SQLite"} ${describeDatabase(target)}`;

async function customerCount(db: OpenDatabase["db"]) {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(customers);
  return Number(row?.n ?? 0);
}

async function prepare(): Promise<OpenDatabase> {
  if (target.dialect === "sqlite" && fs.existsSync(target.file)) {
    const opened = await openDatabase(target);
    if ((await customerCount(opened.db)) === wanted) return opened;
    await opened.close();
    fs.rmSync(target.file);
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(target.file + suffix, { force: true });
  }
  const opened = await openDatabase(target);
  if (target.dialect === "pg" && (await isSeeded(opened.db))) {
    const count = await customerCount(opened.db);
    if (count === wanted) return opened;
    await opened.close();
    throw new Error(`${where} holds ${count.toLocaleString("en-US")} customers, not ${wanted.toLocaleString("en-US")}: pass --customers ${count}, or point DATABASE_URL at an empty database.`);
  }
  console.log(`Building ${where} with ${wanted.toLocaleString("en-US")} customers (reused next time)`);
  const bar = new SingleBar({ format: "  {bar} {percentage}% | {value}/{total} customers | {duration_formatted}" }, Presets.shades_classic);
  bar.start(wanted, 0);
  await seedDatabase(opened.db, { customers: wanted, onProgress: (done) => bar.update(done), sqlite: opened.sqlite });
  bar.stop();
  // Fresh statistics for the planner, as a long-running database would have.
  if (opened.sqlite) opened.sqlite.pragma("optimize");
  if (opened.pool) await opened.pool.query("vacuum analyze");
  return opened;
}

function percentiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1)! };
}

const opened = await prepare().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const { db } = opened;
const rng = new Rng(7);
const hex = () => Array.from({ length: 8 }, () => rng.int(0, 15).toString(16)).join("");
// A random customer on either database: the first id at or after a random
// point among the ids (random hex), through the primary key.
const sampleCustomer = async () => {
  const columns = { id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email, phone: customers.phone };
  const [c] = await db.select(columns).from(customers).where(gte(customers.id, hex())).orderBy(asc(customers.id)).limit(1);
  return c ?? (await db.select(columns).from(customers).orderBy(asc(customers.id)).limit(1))[0];
};

// What associates type: a few letters of each name, a whole or partial email,
// a phone number as the customer says it, a handle with or without the @.
const queries: Array<{ kind: string; query: string }> = [];
while (queries.length < SAMPLES) {
  const c = await sampleCustomer();
  if (!c) continue;
  const kind = ["name", "name", "email", "phone", "handle"][queries.length % 5]!;
  if (kind === "name") {
    queries.push({ kind, query: rng.chance(0.5) ? `${c.firstName.slice(0, rng.int(3, 6))} ${c.lastName.slice(0, rng.int(2, 5))}` : `${c.lastName} ${c.firstName.slice(0, 2)}` });
  } else if (kind === "email" && c.email) {
    queries.push({ kind, query: rng.chance(0.5) ? c.email : c.email.slice(0, c.email.indexOf("@") + 1) });
  } else if (kind === "phone" && c.phone) {
    queries.push({ kind, query: rng.chance(0.5) ? formatPhone(c.phone) : formatPhone(c.phone).slice(0, 10) });
  } else if (kind === "handle") {
    const [h] = await db.select({ handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, c.id)).limit(1);
    if (h) queries.push({ kind, query: rng.chance(0.5) ? `@${h.handle}` : h.handle });
  }
}

for (const { query } of queries.slice(0, 100)) await searchCustomers(db, { query }); // warm up

const byKind = new Map<string, number[]>();
const all: number[] = [];
for (const { kind, query } of queries) {
  const start = performance.now();
  await searchCustomers(db, { query });
  const ms = performance.now() - start;
  all.push(ms);
  byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
}

const profileTimes: number[] = [];
for (let i = 0; i < Math.min(SAMPLES, 1000); i++) {
  const c = await sampleCustomer();
  if (!c) continue;
  const start = performance.now();
  await getCustomerProfile(db, { customerId: c.id });
  profileTimes.push(performance.now() - start);
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`.padStart(10);
const row = (label: string, times: number[]) => {
  const p = percentiles(times);
  console.log(`${label.padEnd(22)} n=${String(p.n).padStart(5)}  p50${fmt(p.p50)}  p95${fmt(p.p95)}  p99${fmt(p.p99)}  max${fmt(p.max)}`);
};
console.log(`\n${(await customerCount(db)).toLocaleString("en-US")} customers, ${where}`);
row("lookup (all)", all);
for (const [kind, times] of byKind) row(`  lookup by ${kind}`, times);
row("full profile load", profileTimes);
console.log("Targets: lookup p95 ≤ 20 ms, profile p95 ≤ 30 ms.");
await opened.close();
