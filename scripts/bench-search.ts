// Lookup and profile latency at scale. Builds (or reuses) a large database,
// then prints p50/p95/p99 for a mix of name, email, phone and handle lookups
// and for loading a full profile.
//
//   npm run bench:search                        # 1,000,000 customers
//   npm run bench:search -- --customers 200000  # smaller, quicker
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SingleBar, Presets } from "cli-progress";
import { sql } from "drizzle-orm";
import { openDatabase } from "../db/index";
import { customerHandles, customers } from "../db/schema";
import { seedDatabase } from "../db/seed/index";
import { Rng } from "../db/seed/random";
import { searchCustomers } from "../lib/customer-search";
import { getCustomerProfile } from "../lib/customer-profile";
import { formatPhone } from "../lib/format";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const target = Number(flag("--customers") ?? 1_000_000);
const file = path.resolve(process.env.BENCH_DATABASE_PATH ?? `data/bench/shopkeeper-${target}.db`);
const SAMPLES = Number(flag("--samples") ?? 2000);

async function prepare() {
  if (fs.existsSync(file)) {
    const { db, sqlite } = openDatabase(file);
    const [row] = await db.select({ n: sql<number>`count(*)` }).from(customers);
    if (Number(row?.n) === target) return { db, sqlite };
    sqlite.close();
    fs.rmSync(file);
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
  console.log(`Building ${file} with ${target.toLocaleString("en-US")} customers (reused next time)`);
  const { db, sqlite } = openDatabase(file);
  const bar = new SingleBar({ format: "  {bar} {percentage}% | {value}/{total} customers | {duration_formatted}" }, Presets.shades_classic);
  bar.start(target, 0);
  await seedDatabase(db, { customers: target, onProgress: (done) => bar.update(done) });
  bar.stop();
  sqlite.pragma("optimize");
  return { db, sqlite };
}

function percentiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1)! };
}

const { db, sqlite } = await prepare();
const rng = new Rng(7);
const [{ maxRow } = { maxRow: 0 }] = await db.select({ maxRow: sql<number>`max(rowid)` }).from(customers);
const sampleCustomer = () =>
  db
    .select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email, phone: customers.phone })
    .from(customers)
    .where(sql`rowid = ${rng.int(1, maxRow)}`)
    .get();

// What associates type: a few letters of each name, a whole or partial email,
// a phone number as the customer says it, a handle with or without the @.
const queries: Array<{ kind: string; query: string }> = [];
while (queries.length < SAMPLES) {
  const c = sampleCustomer();
  if (!c) continue;
  const kind = ["name", "name", "email", "phone", "handle"][queries.length % 5]!;
  if (kind === "name") {
    queries.push({ kind, query: rng.chance(0.5) ? `${c.firstName.slice(0, rng.int(3, 6))} ${c.lastName.slice(0, rng.int(2, 5))}` : `${c.lastName} ${c.firstName.slice(0, 2)}` });
  } else if (kind === "email" && c.email) {
    queries.push({ kind, query: rng.chance(0.5) ? c.email : c.email.slice(0, c.email.indexOf("@") + 1) });
  } else if (kind === "phone" && c.phone) {
    queries.push({ kind, query: rng.chance(0.5) ? formatPhone(c.phone) : formatPhone(c.phone).slice(0, 10) });
  } else if (kind === "handle") {
    const h = db.select({ handle: customerHandles.handle }).from(customerHandles).where(sql`${customerHandles.customerId} = ${c.id}`).get();
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
  const c = sampleCustomer();
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
const [count] = await db.select({ n: sql<number>`count(*)` }).from(customers);
console.log(`\n${Number(count?.n).toLocaleString("en-US")} customers, ${file}`);
row("lookup (all)", all);
for (const [kind, times] of byKind) row(`  lookup by ${kind}`, times);
row("full profile load", profileTimes);
console.log("Targets: lookup p95 ≤ 20 ms, profile p95 ≤ 30 ms.");
sqlite.close();
