// The store inbox at scale (issue 12, "1,000 waiting conversations load as
// fast as 10"): the inbox's first page (listStoreInbox: the page and its count, posts, texts and emails merged)
// with 10, 1,000 and 10,000 posts waiting at one store, on SQLite and on
// PostgreSQL, each figure next to the 10-post store measured in the same run.
// Other stores' posts and answered posts are there too, as in a real chain.
//
//   npm run bench:inbox                       # both databases
//   npm run bench:inbox -- --database sqlite  # one of them
//
// Each run makes its databases (a temporary SQLite file, or a PostgreSQL
// database on TEST_PG_ADMIN_URL's server) and drops them at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { admin, dropDatabase, numberFlag, pgUrl, printBench, textFlag, tsx, type BenchFigure } from "./bench-support";

const SAMPLES = numberFlag("--samples", 400);
const SIZES = [10, 1_000, 10_000];
const chosen = textFlag("--database");

if (!chosen) {
  await tsx("scripts/bench-inbox.ts", [...process.argv.slice(2), "--database", "sqlite"], { DATABASE_URL: "" });
  const database = `h_inbox_${process.pid}`;
  await admin(`CREATE DATABASE "${database}"`);
  try {
    await tsx("scripts/bench-inbox.ts", [...process.argv.slice(2), "--database", "pg"], { DATABASE_URL: pgUrl(database) });
  } finally {
    await dropDatabase(database);
  }
  process.exit(0);
}

const dialect = chosen === "pg" ? "pg" : "sqlite";
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "shopkeeper-inbox-")), "inbox.db");
if (dialect === "sqlite") {
  process.env.DATABASE_URL = "";
  process.env.DATABASE_PATH = file;
}
// The schema module reads DATABASE_URL when it is first imported: only now.
const { openDatabase, defaultTarget } = await import("@/db");
const { customers, inboundMessages, socialMentions, staff, stores } = await import("@/db/schema");
const { inboxFilters, listStoreInbox: listInbox } = await import("@/lib/inbox");

const database = await openDatabase(defaultTarget());
const { db } = database;
const now = Date.now();

/**
 * A store with `waiting` conversations nobody answered (half posts on X and
 * Instagram, half texts and emails), and as many answered ones, from
 * customers of its associate.
 */
async function store(name: string, waiting: number) {
  const storeId = `store-${name}`;
  await db.insert(stores).values({ id: storeId, name, city: "New York", address: "1 Bench St", phone: `+1212555${String(waiting).padStart(4, "0").slice(-4)}`, timezone: "America/New_York", openingHours: {} });
  const staffId = `staff-${name}`;
  await db.insert(staff).values({ id: staffId, name: `Associate ${name}`, email: `${name}@bench.example`, passwordHash: "x", role: "associate", storeId });
  const posts: Array<typeof socialMentions.$inferInsert> = [];
  const messages: Array<typeof inboundMessages.$inferInsert> = [];
  const people: Array<typeof customers.$inferInsert> = [];
  for (let i = 0; i < waiting * 2; i++) {
    const customerId = `${name}-c${i}`;
    people.push({ id: customerId, firstName: "Bench", lastName: `Customer ${i}`, homeStoreId: storeId, assignedStaffId: i % 3 === 0 ? staffId : null, createdAt: new Date(now - 86_400_000) });
    const at = new Date(now - (i + 1) * 60_000);
    const open = i < waiting;
    if (i % 2) {
      posts.push({ id: `${name}-m${i}`, network: i % 4 === 1 ? "x" : "instagram", externalId: `${name}-${i}`, handle: `fan${i}`, text: `Post ${i} about the store`, url: `https://x.com/fan${i}/status/${i}`, postedAt: at, customerId, storeId, status: open ? "new" : "replied" });
    } else {
      const sms = i % 4 === 0;
      messages.push({ id: `${name}-t${i}`, channel: sms ? "sms" : "email", sender: sms ? `+1212555${String(i).padStart(4, "0")}` : `c${i}@bench.example`, body: `Message ${i} to the store`, providerId: `${name}-p${i}`, status: open ? "waiting" : "answered", receivedAt: at, customerId, storeId });
    }
  }
  for (let i = 0; i < people.length; i += 500) await db.insert(customers).values(people.slice(i, i + 500));
  for (let i = 0; i < posts.length; i += 500) await db.insert(socialMentions).values(posts.slice(i, i + 500));
  for (let i = 0; i < messages.length; i += 500) await db.insert(inboundMessages).values(messages.slice(i, i + 500));
  return { storeId, staffId };
}

const stores10 = await store("ten", SIZES[0]!);
const bigger = [];
for (const size of SIZES.slice(1)) bigger.push({ size, ...(await store(`s${size}`, size)) });
// As the databases' own statistics jobs would have by now (autovacuum; SQLite ships no statistics, issue 11).
if (dialect === "pg") await database.pool!.query("ANALYZE");

async function time(at: { storeId: string; staffId: string }, filters: Record<string, string>) {
  const parsed = inboxFilters.parse(filters);
  for (let i = 0; i < 30; i++) await listInbox(db, { ...at, filters: parsed });
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await listInbox(db, { ...at, filters: parsed });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

const label = dialect === "pg" ? "PostgreSQL" : "SQLite";
console.log(`\n${label}: the inbox's first page (20 conversations and the count), ${SAMPLES} samples each`);
const figures: BenchFigure[] = [];
const round = (n: number) => Math.round(n * 1000) / 1000;
for (const [what, filters] of [
  ["waiting, every channel", {}],
  ["waiting, my clients, on X", { owner: "mine", channel: "x" }],
  ["waiting, texts", { channel: "sms" }],
  ["answered", { status: "answered" }],
] as const) {
  const base = await time(stores10, filters);
  console.log(`  ${what}: 10 waiting p50 ${base.p50.toFixed(3)} ms p95 ${base.p95.toFixed(3)} ms`);
  for (const b of bigger) {
    const t = await time(b, filters);
    const ratio = t.p95 / base.p95;
    console.log(`  ${what}: ${b.size.toLocaleString("en-US")} waiting p50 ${t.p50.toFixed(3)} ms p95 ${t.p95.toFixed(3)} ms, ${ratio.toFixed(2)}× the 10-post store`);
    figures.push({ label: `inbox page, ${what}, ${b.size} waiting (p95) ÷ 10 waiting`, value: round(t.p95), unit: "ms", baseline: round(base.p95), ratio: Math.round(ratio * 100) / 100, target: "as fast as 10", pass: ratio <= 1.5 });
  }
}
await database.close();
fs.rmSync(path.dirname(file), { recursive: true, force: true });
printBench({ name: "inbox", database: dialect, figures });
process.exit(0);
