// Events per second through POST /api/v1/batch against a running app, with
// autocannon. Start the app first (`npm run build && npm start`, or
// `npm run dev`), then:
//
//   npm run bench:ingest                                     # http://localhost:3000, 20 s, 4 connections
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
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { eq, isNotNull } from "drizzle-orm";
import { defaultTarget, describeDatabase, openDatabase, targetFrom, type DatabaseTarget } from "@/db";
import { customers, productVariants, staff } from "@/db/schema";
import { Rng } from "../db/seed/random";
import { createSourceKey } from "../lib/source-keys";
import { basicAuthorization } from "../lib/ingest/write-key-format";

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const text = (name: string) => {
  const i = process.argv.indexOf(name);
  const inline = process.argv.find((arg) => arg.startsWith(`${name}=`));
  return i >= 0 ? process.argv[i + 1] : inline?.slice(name.length + 1);
};
const DATABASE = text("--database");
const TARGET: DatabaseTarget = DATABASE ? targetFrom(DATABASE) : defaultTarget();
const DATABASE_NAME = `${TARGET.dialect === "pg" ? "PostgreSQL" : "SQLite"} ${describeDatabase(TARGET)}`;
const BASE_URL = (process.env.BASE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const DURATION = flag("--duration", 20);
const CONNECTIONS = flag("--connections", 4);
const MIN_BATCH = flag("--min", 100);
const MAX_BATCH = Math.max(MIN_BATCH, flag("--max", 500));
const TEMPLATES = 60;

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

const MID = "__MID__";
const QUERIES = ["blue wool coat", "silk scarf", "ankle boots", "linen shirt", "cashmere", "tote bag", "midi dress"];
const EVENTS: Array<[string, number]> = [
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

/**
 * One batch body with a placeholder in every messageId: each request swaps
 * in its own prefix, so building a request costs one string replace.
 */
function makeTemplate(rng: Rng, shop: Shop): { body: string; calls: number } {
  const size = rng.int(MIN_BATCH, MAX_BATCH);
  const sessions = Array.from({ length: Math.max(5, Math.round(size / 8)) }, () => ({
    anonymousId: randomUUID(),
    email: rng.chance(0.55) ? rng.pick(shop.emails) : null,
    app: rng.chance(0.3),
  }));
  const total = EVENTS.reduce((sum, [, weight]) => sum + weight, 0);
  const pickEvent = () => {
    let roll = rng.int(1, total);
    for (const [name, weight] of EVENTS) if ((roll -= weight) <= 0) return name;
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
      messageId: `${MID}-${i}`,
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

interface Histogram {
  average: number;
  p50: number;
  p97_5: number;
  p99: number;
}
interface Result {
  duration: number;
  requests: Histogram & { total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => PromiseLike<Result>;

async function main() {
  const shop = await loadShop();
  const rng = new Rng(4242);
  const templates = Array.from({ length: TEMPLATES }, () => makeTemplate(rng, shop));
  const headers = { "content-type": "application/json", authorization: basicAuthorization(shop.writeKey) };
  const run = randomUUID().slice(0, 8);
  let sequence = 0;

  // One request first: it checks the key and the address, and warms the route up.
  const probe = await fetch(`${BASE_URL}/api/v1/batch`, { method: "POST", headers, body: templates[0]!.body.replaceAll(MID, `${run}-warm`) }).catch((error: Error) => error);
  if (probe instanceof Error) throw new Error(`Cannot reach ${BASE_URL}: is the app running? (${probe.message})`);
  if (!probe.ok) throw new Error(`${BASE_URL}/api/v1/batch answered ${probe.status}: ${await probe.text()}`);

  let processed = 0;
  let stored = 0;
  let rejected = 0;
  const require = createRequire(import.meta.url);
  const autocannon = require("autocannon") as Autocannon;
  console.log(`Measuring the app at ${BASE_URL} on ${DATABASE_NAME}`);
  console.log(`POST ${BASE_URL}/api/v1/batch for ${DURATION} s over ${CONNECTIONS} connections, ${MIN_BATCH}–${MAX_BATCH} calls a batch…`);
  const result = await autocannon({
    url: BASE_URL,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: "POST",
        path: "/api/v1/batch",
        headers,
        setupRequest: (request: Record<string, unknown>) => {
          const template = templates[sequence % templates.length]!;
          sequence += 1;
          return { ...request, body: template.body.replaceAll(MID, `${run}-${sequence}`) };
        },
        onResponse: (status: number, body: string) => {
          if (status < 200 || status >= 300) return;
          try {
            const answer = JSON.parse(body) as { accepted: number; duplicates: number; ignored: number; errors: unknown[] };
            processed += answer.accepted + answer.duplicates + answer.ignored + answer.errors.length;
            stored += answer.accepted;
            rejected += answer.errors.length;
          } catch {
            // Counted by autocannon as a response; nothing to add here.
          }
        },
      },
    ],
  });

  const perSecond = (n: number) => Math.round(n / result.duration).toLocaleString("en-US");
  const ms = (n: number) => `${n.toLocaleString("en-US")} ms`;
  console.log("");
  console.log(`Database           ${DATABASE_NAME}`);
  console.log(`Events/s           ${perSecond(processed)}  (calls in 2xx answers; ${perSecond(stored)}/s stored, ${rejected} rejected as invalid)`);
  console.log(`Requests/s         ${result.requests.average.toLocaleString("en-US")} average, ${result.requests.total.toLocaleString("en-US")} in ${result.duration} s`);
  console.log(`Latency            p50 ${ms(result.latency.p50)} · p97.5 ${ms(result.latency.p97_5)} · p99 ${ms(result.latency.p99)} · mean ${ms(Math.round(result.latency.average))}`);
  console.log(`Non-2xx answers    ${result.non2xx}${result.non2xx ? ` ${JSON.stringify(result.statusCodeStats)}` : ""}`);
  console.log(`Connection errors  ${result.errors} (timeouts ${result.timeouts})`);
}

await main();
