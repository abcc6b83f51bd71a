// Events per second through POST /api/v1/batch against a running production
// server, and whether ingest stays flat. Start the app first
// (`npm run build && npm start`), then:
//
//   npm run bench:ingest                                     # http://localhost:3000, 20 s, 4 connections
//   npm run bench:ingest -- --long                           # 2,000,000 events, events/s for every 100,000
//   npm run bench:ingest -- --events 500000 --window 50000   # any number of events, any window
//   BASE_URL=http://localhost:3107 npm run bench:ingest -- --duration 30 --connections 8
//   WRITE_KEY=shk_… npm run bench:ingest                     # use a key made on the Event sources page
//
//   DATABASE_URL=postgres://… npm run bench:ingest           # an app running on PostgreSQL
//   npm run bench:ingest -- --database postgres://user@host/shop   # or name the database here (a URL or a SQLite file)
//
// Without WRITE_KEY it makes a key named "Benchmark" for the first manager's
// store in the database the app uses: --database if given, else
// PostgreSQL when DATABASE_URL is a postgres:// URL, else the SQLite file at
// DATABASE_PATH (default data/shopkeeper.db). Point it at the same database
// as the app. It also reads customers' emails and the catalogue's
// skus from there, so batches look like a real shop's traffic: 100–500 calls
// each (views, cart changes, wishlists, searches, checkouts, orders, a few
// identify and page calls), for customers known by email, for anonymous
// browsers and for products outside the catalogue. Every messageId is unique.
// Most browsers are new in every request (and about half of them sign in,
// which hands their anonymous events to the customer: identify's hot
// update); some come back across requests, and a few crawlers never sign in,
// so events nobody owns pile up under a handful of anonymous ids.
//
// What it prints, each beside a baseline from the same run:
// - events/s for every window of events (--window; 100,000 in a long run) and
//   the slowest window ÷ the first (target ≥ 0.5). ANALYZE runs part way
//   (--analyze-at; 300,000 events in a long run), so the plans are exercised
//   with statistics of skewed data, and the database keeps whatever it held
//   before (seeding's statistics, say);
// - a probe of another page (--probe, default /login) a few times a second
//   while events go in: its p99 (target ≤ 100 ms), and its p99 on the idle
//   server, measured first;
// - the server's longest event-loop stall (target ≤ 50 ms), if it was started
//   with SHOPKEEPER_EVENT_LOOP_REPORT=<file> and this script is given the same
//   variable (or --event-loop-report <file>);
// - then the line `npm run bench` collects: BENCH {…}.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { eq, isNotNull } from "drizzle-orm";
import { defaultTarget, describeDatabase, openDatabase, targetFrom, type DatabaseTarget } from "@/db";
import { customers, productVariants, staff } from "@/db/schema";
import { Rng } from "../db/seed/random";
import { createSourceKey } from "../lib/source-keys";
import { basicAuthorization } from "../lib/ingest/write-key-format";
import { numberFlag as flag, printBench, textFlag as text, type BenchFigure } from "./bench-support";

const DATABASE = text("--database");
const TARGET: DatabaseTarget = DATABASE ? targetFrom(DATABASE) : defaultTarget();
const DATABASE_NAME = `${TARGET.dialect === "pg" ? "PostgreSQL" : "SQLite"} ${describeDatabase(TARGET)}`;
const BASE_URL = (process.env.BASE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const LONG = process.argv.includes("--long");
/** Stop after this many events (a long run), else after --duration seconds. */
const EVENTS = flag("--events", LONG ? 2_000_000 : 0) || null;
const DURATION = flag("--duration", 20);
const WINDOW = flag("--window", EVENTS ? 100_000 : 20_000);
const ANALYZE_AT = flag("--analyze-at", EVENTS ? 300_000 : 60_000);
const CONNECTIONS = flag("--connections", 4);
const MIN_BATCH = flag("--min", 100);
const MAX_BATCH = Math.max(MIN_BATCH, flag("--max", 500));
const PROBE_PATH = text("--probe") ?? "/login";
const PROBES_PER_SECOND = flag("--probe-rate", 5);
const BASELINE_SECONDS = flag("--baseline", 10);
/** The file a server started with SHOPKEEPER_EVENT_LOOP_REPORT writes (lib/event-loop-monitor.ts): its event loop's longest stall. */
const LOOP_REPORT = text("--event-loop-report") ?? process.env.SHOPKEEPER_EVENT_LOOP_REPORT;
const TEMPLATES = 60;
const RETURNING_BROWSERS = 2_000;
const CRAWLERS = 3;

interface Shop {
  emails: string[];
  skus: string[];
  writeKey: string;
}

/** The key, and what the shop's database knows, so events match real customers and products. */
async function loadShop(): Promise<Shop> {
  let emails: string[] = [];
  let skus: string[] = [];
  let writeKey = process.env.WRITE_KEY;
  try {
    const database = await openDatabase(TARGET, { migrate: false, poolSize: 2 });
    try {
      const { db } = database;
      emails = (await db.select({ email: customers.email }).from(customers).where(isNotNull(customers.email)).limit(3000)).map((c) => c.email!);
      skus = (await db.select({ sku: productVariants.sku }).from(productVariants).limit(3000)).map((v) => v.sku);
      if (!writeKey) {
        const [manager] = await db.select({ id: staff.id, storeId: staff.storeId }).from(staff).where(eq(staff.role, "manager")).limit(1);
        if (!manager) throw new Error("The database has no manager to own a key: seed it first, or set WRITE_KEY.");
        const created = await createSourceKey(db, { storeId: manager.storeId, staffId: manager.id, name: `Benchmark ${new Date().toISOString().slice(0, 16)}` });
        writeKey = created.key;
        console.log(`Made the write key "${created.name}" in ${DATABASE_NAME} (revoke it on the Event sources page when done).`);
      }
    } finally {
      await database.close();
    }
  } catch (error) {
    if (!writeKey) throw error;
    console.log(`Could not read ${DATABASE_NAME} (${(error as Error).message}); sending made-up customers and products.`);
  }
  if (!emails.length) emails = Array.from({ length: 500 }, (_, i) => `bench.customer${i}@example.com`);
  if (!skus.length) skus = Array.from({ length: 300 }, (_, i) => `BENCH-${i}`);
  return { emails, skus, writeKey: writeKey! };
}

/** Swapped for the request's own prefix: in every messageId, and in the anonymous id of browsers new in that request. */
const REQ = "__REQ__";
const QUERIES = ["blue wool coat", "silk scarf", "ankle boots", "linen shirt", "cashmere", "tote bag", "midi dress"];
const EVENTS_MIX: Array<[string, number]> = [
  ["Product Viewed", 45],
  ["Product Added", 12],
  ["Product Removed", 4],
  ["Product Added to Wishlist", 8],
  ["Products Searched", 10],
  ["Cart Viewed", 6],
  ["Checkout Started", 5],
  ["Order Completed", 3],
  ["identify", 4],
  ["page", 3],
];

interface Session {
  anonymousId: string;
  email: string | null;
  app: boolean;
}

/** Who browses in one request: mostly browsers new in it, some that come back, now and then a crawler. */
function makeSessions(rng: Rng, shop: Shop, count: number, run: string): Session[] {
  return Array.from({ length: count }, (_, k) => {
    const roll = rng.next();
    if (roll < 0.04) return { anonymousId: `${run}-crawler-${rng.int(1, CRAWLERS)}`, email: null, app: false };
    if (roll < 0.3) return { anonymousId: `${run}-returning-${rng.int(1, RETURNING_BROWSERS)}`, email: rng.chance(0.15) ? rng.pick(shop.emails) : null, app: rng.chance(0.3) };
    return { anonymousId: `${REQ}-b${k}`, email: rng.chance(0.55) ? rng.pick(shop.emails) : null, app: rng.chance(0.3) };
  });
}

/**
 * One batch body with a placeholder in every messageId and new browser's
 * anonymous id: each request swaps in its own prefix, so building a request
 * costs one string replace.
 */
function makeTemplate(rng: Rng, shop: Shop, run: string): { body: string; calls: number } {
  const size = rng.int(MIN_BATCH, MAX_BATCH);
  const sessions = makeSessions(rng, shop, Math.max(5, Math.round(size / 8)), run);
  const total = EVENTS_MIX.reduce((sum, [, weight]) => sum + weight, 0);
  const pickEvent = () => {
    let roll = rng.int(1, total);
    for (const [name, weight] of EVENTS_MIX) if ((roll -= weight) <= 0) return name;
    return "Product Viewed";
  };
  const product = () =>
    rng.chance(0.85)
      ? { sku: rng.pick(shop.skus), price: rng.int(40, 900) }
      : { product_id: `ext-${rng.int(1, 5000)}`, sku: `EXT-${rng.int(1, 5000)}`, name: `Partner item ${rng.int(1, 5000)}`, price: rng.int(20, 400), url: "https://shop.example.com/p/1", image_url: "https://cdn.example.com/p/1.jpg" };
  const now = Date.now();
  const batch = Array.from({ length: size }, (_, i) => {
    const session = rng.pick(sessions);
    const name = pickEvent();
    const base = {
      messageId: `${REQ}-${i}`,
      anonymousId: session.anonymousId,
      timestamp: new Date(now - rng.int(0, 600_000)).toISOString(),
      context: {
        ...(session.email ? { traits: { email: session.email } } : {}),
        ...(session.app ? { app: { name: "Shop", version: "4.2.0" }, device: { type: "ios" } } : { page: { path: "/products", url: "https://shop.example.com/products" }, library: { name: "analytics.js", version: "5.2.0" } }),
      },
    };
    if (name === "identify") return { ...base, type: "identify", traits: session.email ? { email: session.email } : {} };
    if (name === "page") return { ...base, type: "page", name: "Products" };
    const properties =
      name === "Products Searched"
        ? { query: rng.pick(QUERIES) }
        : name === "Order Completed" || name === "Checkout Started" || name === "Cart Viewed"
          ? { order_id: `W-${randomUUID().slice(0, 8)}`, total: rng.int(100, 2000), currency: "USD", products: Array.from({ length: rng.int(1, 3) }, () => ({ ...product(), quantity: 1 })) }
          : { ...product(), brand: "House", currency: "USD" };
    return { ...base, type: "track", event: name, properties };
  });
  return { body: JSON.stringify({ batch, sentAt: new Date(now).toISOString() }), calls: size };
}

// --- measuring ---------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => `${Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en-US")) : "–"} ms`;
const count = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * Requests PROBE_PATH at a steady rate until stopped, one at a time. Each
 * latency counts from when the probe was due, so a probe held up behind a
 * slow one still shows the wait (ticks missed meanwhile are skipped: a
 * starved server is not buried under more probes). Latencies in ms, with
 * when each was due.
 */
function startProbe(rate: number) {
  const samples: Array<{ at: number; ms: number }> = [];
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    const interval = 1000 / rate;
    for (let due = performance.now(); !stopped; due += interval) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      try {
        const response = await fetch(`${BASE_URL}${PROBE_PATH}`, { redirect: "manual" });
        await response.arrayBuffer();
        if (response.status >= 500) failures += 1;
        else samples.push({ at: due, ms: performance.now() - due });
      } catch {
        failures += 1;
      }
      if (performance.now() - due > interval) due = performance.now() - interval;
    }
  })();
  return {
    samples,
    failures: () => failures,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * Refreshes the planner's statistics part way, as an operator or autovacuum
 * would: the run must stay flat with statistics taken from the skewed data
 * it has written so far. SQLite: a sampled ANALYZE (pragma optimize's limit,
 * so the write lock is held for milliseconds, not the seconds a full scan of
 * the table takes), then a table made and dropped, which changes the schema
 * and makes every connection, the server's included, read the new statistics.
 */
async function analyzeNow(): Promise<number> {
  const started = performance.now();
  if (TARGET.dialect === "sqlite") {
    const sqlite = new Database(TARGET.file);
    try {
      sqlite.pragma("busy_timeout = 10000");
      sqlite.pragma("analysis_limit = 1000");
      sqlite.exec("ANALYZE");
      sqlite.exec("CREATE TABLE bench_ingest_reload_statistics (x); DROP TABLE bench_ingest_reload_statistics;");
    } finally {
      sqlite.close();
    }
  } else {
    const client = new pg.Client({ connectionString: TARGET.url });
    await client.connect();
    try {
      await client.query("ANALYZE");
    } finally {
      await client.end();
    }
  }
  return performance.now() - started;
}

/** Starts a new window of the server's event-loop report (deleting the file resets it); `read` waits for a fresh write. */
function loopWindow() {
  if (!LOOP_REPORT || LOOP_REPORT === "stdout") return null;
  fs.rmSync(LOOP_REPORT, { force: true });
  return {
    async read(): Promise<{ maxMs: number; p99Ms: number } | null> {
      await sleep(700);
      try {
        return JSON.parse(fs.readFileSync(LOOP_REPORT, "utf8")) as { maxMs: number; p99Ms: number };
      } catch {
        return null;
      }
    },
  };
}

interface Answer {
  accepted: number;
  duplicates: number;
  ignored: number;
  errors: unknown[];
}

interface Window {
  from: number;
  to: number;
  seconds: number;
  perSecond: number;
  probeP99: number;
  postP99: number;
}

async function main() {
  const shop = await loadShop();
  const run = randomUUID().slice(0, 8);
  const rng = new Rng(4242);
  const templates = Array.from({ length: TEMPLATES }, () => makeTemplate(rng, shop, run));
  const headers = { "content-type": "application/json", authorization: basicAuthorization(shop.writeKey) };
  let sequence = 0;
  const nextBody = () => {
    const template = templates[sequence % templates.length]!;
    sequence += 1;
    return template.body.replaceAll(REQ, `${run}-${sequence}`);
  };

  // One request first: it checks the key and the address, and warms the route up.
  const first = await fetch(`${BASE_URL}/api/v1/batch`, { method: "POST", headers, body: nextBody() }).catch((error: Error) => error);
  if (first instanceof Error) throw new Error(`Cannot reach ${BASE_URL}: is the app running? (${first.message})`);
  if (!first.ok) throw new Error(`${BASE_URL}/api/v1/batch answered ${first.status}: ${await first.text()}`);
  await first.arrayBuffer();
  for (let i = 0; i < 5; i += 1) await (await fetch(`${BASE_URL}${PROBE_PATH}`, { redirect: "manual" })).arrayBuffer();

  console.log(`Measuring the app at ${BASE_URL} on ${DATABASE_NAME}`);
  console.log(`Baseline: GET ${PROBE_PATH} ${PROBES_PER_SECOND}×/s for ${BASELINE_SECONDS} s on the idle server…`);
  const idleLoop = loopWindow();
  const idle = startProbe(PROBES_PER_SECOND);
  await sleep(BASELINE_SECONDS * 1000);
  await idle.stop();
  const idleStall = await idleLoop?.read();
  const idleP99 = percentile(
    idle.samples.map((s) => s.ms),
    99,
  );
  console.log(`  p50 ${ms(percentile(idle.samples.map((s) => s.ms), 50))} · p99 ${ms(idleP99)} (${idle.samples.length} requests)`);

  const goal = EVENTS ? `${count(EVENTS)} events` : `${DURATION} s`;
  console.log(`POST /api/v1/batch until ${goal} over ${CONNECTIONS} connections, ${MIN_BATCH}–${MAX_BATCH} calls a batch, GET ${PROBE_PATH} ${PROBES_PER_SECOND}×/s meanwhile; ANALYZE after ${count(ANALYZE_AT)} events.`);
  console.log("");
  console.log("  events                     events/s   batch p99   probe p99");

  let processed = 0;
  let stored = 0;
  let rejected = 0;
  let failed = 0;
  let requests = 0;
  let postLatencies: number[] = [];
  const allPostLatencies: number[] = [];
  const windows: Window[] = [];
  let windowStart = { at: performance.now(), processed: 0 };
  let analyzed: Promise<void> | null = null;
  let analyzeNote = "";
  const busyLoop = loopWindow();
  const started = performance.now();
  const probe = startProbe(PROBES_PER_SECOND);
  // Ctrl-C (SIGINT) ends the run early and still prints what it measured.
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    console.log("  (interrupted: the requests under way finish, then the summary)");
  });
  const done = () => interrupted || (EVENTS ? processed >= EVENTS : performance.now() - started >= DURATION * 1000);

  const closeWindow = (now: number) => {
    const events = processed - windowStart.processed;
    const seconds = (now - windowStart.at) / 1000;
    const probes = probe.samples.filter((s) => s.at >= windowStart.at && s.at < now).map((s) => s.ms);
    const window: Window = { from: windowStart.processed, to: processed, seconds, perSecond: events / seconds, probeP99: percentile(probes, 99), postP99: percentile(postLatencies, 99) };
    windows.push(window);
    postLatencies = [];
    windowStart = { at: now, processed };
    const range = `${count(window.from)} – ${count(window.to)}`.padEnd(24);
    console.log(`  ${range}${count(window.perSecond).padStart(11)}${ms(window.postP99).padStart(12)}${ms(window.probeP99).padStart(12)}${analyzeNote}`);
    analyzeNote = "";
  };

  const worker = async () => {
    while (!done()) {
      const body = nextBody();
      const sent = performance.now();
      let answer: Answer | null = null;
      try {
        const response = await fetch(`${BASE_URL}/api/v1/batch`, { method: "POST", headers, body });
        if (response.ok) answer = (await response.json()) as Answer;
        else await response.arrayBuffer();
      } catch {
        answer = null;
      }
      const now = performance.now();
      requests += 1;
      if (!answer) {
        failed += 1;
        if (failed > 20 && failed > requests / 10) throw new Error(`${failed} of ${requests} requests failed: stopping.`);
        continue;
      }
      postLatencies.push(now - sent);
      allPostLatencies.push(now - sent);
      processed += answer.accepted + answer.duplicates + answer.ignored + answer.errors.length;
      stored += answer.accepted;
      rejected += answer.errors.length;
      if (processed - windowStart.processed >= WINDOW) closeWindow(now);
      if (!analyzed && processed >= ANALYZE_AT) {
        analyzed = analyzeNow().then(
          (took) => void (analyzeNote = `   ← ANALYZE (${ms(took)})`),
          (error: Error) => void (analyzeNote = `   ← ANALYZE failed: ${error.message}`),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await probe.stop();
  await analyzed;
  const busyStall = await busyLoop?.read();
  // A last partial window counts only if it is at least half a window (a short tail is noise).
  if (processed - windowStart.processed >= WINDOW / 2) closeWindow(performance.now());

  const busyProbes = probe.samples.map((s) => s.ms);
  const probeP99 = percentile(busyProbes, 99);
  const firstWindow = windows[0];
  const slowest = windows.reduce<Window | undefined>((low, w) => (!low || w.perSecond < low.perSecond ? w : low), undefined);
  const flatness = firstWindow && slowest ? slowest.perSecond / firstWindow.perSecond : NaN;

  console.log("");
  console.log(`Database           ${DATABASE_NAME}`);
  console.log(`Events/s           ${count(processed / elapsed)}  (${count(processed)} calls in 2xx answers in ${elapsed.toFixed(1)} s; ${count(stored / elapsed)}/s stored, ${rejected} rejected as invalid)`);
  console.log(`Batches            ${count(requests)} · p50 ${ms(percentile(allPostLatencies, 50))} · p99 ${ms(percentile(allPostLatencies, 99))} · failed ${failed}`);
  if (slowest && firstWindow) {
    console.log(`Slowest window     ${count(slowest.perSecond)} events/s (${count(slowest.from)} – ${count(slowest.to)}) ÷ first ${count(firstWindow.perSecond)} = ${flatness.toFixed(2)}  (target ≥ 0.5)`);
  }
  console.log(`Probe ${PROBE_PATH.padEnd(13)}p99 ${ms(probeP99)} while ingesting (${busyProbes.length} requests, ${probe.failures()} failed) · idle p99 ${ms(idleP99)} · ${(probeP99 / idleP99).toFixed(1)}×  (target ≤ 100 ms)`);

  if (busyStall) console.log(`Event loop         longest stall ${ms(busyStall.maxMs)} while ingesting (p99 ${ms(busyStall.p99Ms)}) · idle ${ms(idleStall?.maxMs ?? NaN)}  (target ≤ 50 ms)`);

  const figures: BenchFigure[] = [];
  if (slowest && firstWindow) {
    figures.push({
      label: `slowest ${count(WINDOW)}-event window ÷ first`,
      value: Math.round(slowest.perSecond),
      unit: "events/s",
      baseline: Math.round(firstWindow.perSecond),
      ratio: Number(flatness.toFixed(3)),
      target: "≥ 0.5×",
      pass: flatness >= 0.5,
    });
  }
  figures.push({
    label: `${PROBE_PATH} p99 while ingesting`,
    value: Number(probeP99.toFixed(1)),
    unit: "ms",
    baseline: Number(idleP99.toFixed(1)),
    ratio: Number((probeP99 / idleP99).toFixed(2)),
    target: "≤ 100 ms",
    pass: probeP99 <= 100 && probe.failures() === 0,
  });
  if (busyStall) {
    figures.push({
      label: "event loop's longest stall while ingesting",
      value: busyStall.maxMs,
      unit: "ms",
      baseline: idleStall?.maxMs,
      ratio: idleStall?.maxMs ? Number((busyStall.maxMs / idleStall.maxMs).toFixed(2)) : undefined,
      target: "≤ 50 ms",
      pass: busyStall.maxMs <= 50,
    });
  }
  figures.push({ label: "events/s overall", value: Math.round(processed / elapsed), unit: "events/s", baseline: firstWindow ? Math.round(firstWindow.perSecond) : undefined });
  printBench({ name: "ingest", database: TARGET.dialect, figures });
}

await main();
