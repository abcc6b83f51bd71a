// The profile page of a customer with a lot going on, through a production
// server: its throughput next to the /login page's (same run, same server),
// its HTML size after 1,000 online events, its time after 11 s without a
// request next to its time straight after another, and the time to pick
// suggestions at a store carrying 50,000 variants, next to a primary-key read.
//
//   npm run build && npm run bench:profile                 # SQLite, then PostgreSQL
//   npm run bench:profile -- --database sqlite             # one of them
//   DATABASE_URL=postgres://…/empty npm run bench:profile  # PostgreSQL, in that empty database
//   npm run bench:profile -- --duration 5 --variants 20000 # quicker
//
// From a fresh clone: it seeds the demo retailer into a new SQLite file
// (data/bench/profile.db) or a PostgreSQL database of its own (h_profile_<pid>
// on TEST_PG_ADMIN_URL's server, dropped at the end), adds the events and the
// large catalogue, and starts `next start` on --port (default 3230).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import { isPostgresUrl } from "../db/dialect";
import { admin, dropDatabase, numberFlag, pgUrl, printBench, startServer, textFlag, tsx, type BenchFigure } from "./bench-support";

const PORT = numberFlag("--port", 3230);
const DURATION = numberFlag("--duration", 10);
const EVENTS = numberFlag("--events", 1_000);
const VARIANTS = numberFlag("--variants", 50_000);
const CONNECTIONS = numberFlag("--connections", 8);
const SAMPLES = numberFlag("--samples", 300);

const chosen = textFlag("--database");
const url = process.env.DATABASE_URL;
const passOn = process.argv.slice(2).filter((arg, i, all) => arg !== "--database" && all[i - 1] !== "--database");

/** PostgreSQL in a database of our own, dropped afterwards. */
async function inOwnPgDatabase(port: number) {
  const database = `h_profile_${process.pid}`;
  await admin(`CREATE DATABASE "${database}"`);
  try {
    await tsx("scripts/bench-profile.ts", [...passOn, "--database", "pg", "--port", String(port)], { DATABASE_URL: pgUrl(database) });
  } finally {
    await dropDatabase(database);
  }
}

if (chosen === undefined && url === undefined) {
  // Both databases, each in a process of its own (the schema is chosen when it is first imported).
  await tsx("scripts/bench-profile.ts", [...passOn, "--database", "sqlite"], { DATABASE_URL: "" });
  await inOwnPgDatabase(PORT + 1);
  process.exit(0);
}
const dialect = chosen === "pg" || (chosen === undefined && isPostgresUrl(url)) ? "pg" : "sqlite";
if (dialect === "pg" && !isPostgresUrl(url)) {
  await inOwnPgDatabase(PORT);
  process.exit(0);
}
if (dialect === "sqlite") process.env.DATABASE_URL = "";

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

// The schema module reads DATABASE_URL when it is first imported: only now.
const { describeDatabase, openDatabase, defaultTarget } = await import("@/db");
const { customers, stores } = await import("@/db/schema");
const { isSeeded, seedDatabase } = await import("@/db/seed/index");
const { ALICIA } = await import("@/db/seed/story");
const { addCatalogue, addOnlineEvents } = await import("./bench-profile-data");
const { suggestSetAsides } = await import("@/lib/suggestions");

const env: Record<string, string> = dialect === "pg" ? { DATABASE_URL: url! } : { DATABASE_URL: "", DATABASE_PATH: path.resolve("data/bench/profile.db") };
if (dialect === "sqlite") {
  process.env.DATABASE_PATH = env.DATABASE_PATH;
  fs.mkdirSync(path.dirname(env.DATABASE_PATH!), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(env.DATABASE_PATH! + suffix, { force: true });
}
const label = dialect === "pg" ? "PostgreSQL" : "SQLite";
const target = defaultTarget();

// --- Data -------------------------------------------------------------------
{
  const database = await openDatabase(target);
  if (await isSeeded(database.db)) {
    await database.close();
    throw new Error(`${describeDatabase(target)} already holds data: point DATABASE_URL at a new, empty database.`);
  }
  console.log(`${label}: seeding the demo retailer into ${describeDatabase(target)}…`);
  const started = performance.now();
  await seedDatabase(database.db, { sqlite: database.sqlite });
  await database.close();
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const database = await openDatabase(target, { migrate: false });
const { db } = database;
const [alicia] = await db.select({ id: customers.id }).from(customers).where(eq(customers.email, ALICIA.email)).limit(1);
const [flagship] = await db.select({ id: stores.id }).from(stores).where(eq(stores.name, "Fifth Avenue")).limit(1);
if (!alicia || !flagship) throw new Error("The demo seed has no Alicia or no Fifth Avenue store.");
await addOnlineEvents(database, { customerId: alicia.id, count: EVENTS });
console.log(`  ${EVENTS.toLocaleString("en-US")} online events added for Alicia`);

// --- Through the server -------------------------------------------------------

const require = createRequire(import.meta.url);
interface CannonResult {
  requests: { total: number; average: number };
  duration: number;
  non2xx: number;
  errors: number;
}
const autocannon = require("autocannon") as (options: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<CannonResult>;

async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map(csrf.headers.getSetCookie().map((c) => c.split(";")[0]!.split(/=(.*)/s) as [string, string]));
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: "shopkeeper" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token="));
  if (!session) throw new Error(`Could not sign in as ${email} (status ${response.status}).`);
  return session.split(";")[0]!;
}

/** Requests per second on one page, refusing a run with errors or anything but 200s. */
async function throughput(pageUrl: string, seconds: number, headers?: Record<string, string>) {
  const result = await autocannon({ url: pageUrl, connections: CONNECTIONS, duration: seconds, headers });
  if (result.non2xx || result.errors) throw new Error(`${pageUrl}: ${result.non2xx} answers other than 2xx and ${result.errors} errors`);
  return result.requests.total / (result.duration || seconds);
}

/** Profile and /login in turns (two rounds each), so drift on a shared machine falls on both. */
async function measurePages(base: string, cookie: string) {
  const profileUrl = `${base}/customers/${alicia!.id}`;
  const page = await fetch(profileUrl, { headers: { cookie } });
  const html = await page.text();
  if (page.status !== 200 || !html.includes("Online activity")) throw new Error(`The profile answered ${page.status} without its timeline: not signed in?`);
  // "Show more" is a link that works: the next page of the timeline has more entries in it.
  const putAside = (text: string) => text.split("Put aside").length;
  const more = await (await fetch(`${profileUrl}?activity=20`, { headers: { cookie } })).text();
  if (!html.includes("?activity=20") || putAside(more) <= putAside(html)) throw new Error("The timeline's Show more link is missing or shows nothing more.");
  await throughput(`${base}/login`, 2);
  await throughput(profileUrl, 2, { cookie });
  const login: number[] = [];
  const profile: number[] = [];
  for (let round = 0; round < 2; round++) {
    login.push(await throughput(`${base}/login`, DURATION / 2));
    profile.push(await throughput(profileUrl, DURATION / 2, { cookie }));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { login: mean(login), profile: mean(profile), htmlBytes: Buffer.byteLength(html) };
}

/**
 * The profile's time after the server was left alone for 11 s (longer than
 * pg's default 10 s for closing unused connections), beside its time straight
 * after: what a quiet store's tablet waits for. Medians of `rounds`.
 */
async function afterIdle(base: string, cookie: string, rounds = 3) {
  const profileUrl = `${base}/customers/${alicia!.id}`;
  const timed = async () => {
    const started = performance.now();
    const response = await fetch(profileUrl, { headers: { cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`The profile answered ${response.status}`);
    return performance.now() - started;
  };
  const idle: number[] = [];
  const busy: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    idle.push(await timed());
    busy.push(await timed());
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return { idle: median(idle), busy: median(busy) };
}

// --- Suggestions in process -----------------------------------------------------

async function timeSuggestions(storeId: string) {
  const pkRead = () => db.select({ id: customers.id, firstName: customers.firstName }).from(customers).where(eq(customers.id, alicia!.id)).limit(1);
  const suggest = () => suggestSetAsides(db, { customerId: alicia!.id, storeId });
  for (let i = 0; i < 30; i++) await Promise.all([pkRead(), suggest()].map((p) => p.then(() => {})));
  const pk: number[] = [];
  const suggestions: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    let t = performance.now();
    await pkRead();
    pk.push(performance.now() - t);
    t = performance.now();
    await suggest();
    suggestions.push(performance.now() - t);
  }
  const at = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const picked = await suggest();
  return { pk50: at(pk, 50), pk95: at(pk, 95), s50: at(suggestions, 50), s95: at(suggestions, 95), picked };
}

const figures: BenchFigure[] = [];
const round2 = (n: number) => Math.round(n * 100) / 100;
const server = await startServer(PORT, env);
try {
  const cookie = await signIn(server.url, "maya@shop.example");
  console.log(`\n${label}: Alicia's profile after ${EVENTS.toLocaleString("en-US")} events, ${CONNECTIONS} connections, ${DURATION} s per page`);
  const demo = await measurePages(server.url, cookie);
  const ratio = demo.profile / demo.login;
  console.log(`  /login            ${demo.login.toFixed(1).padStart(8)} req/s`);
  console.log(`  profile           ${demo.profile.toFixed(1).padStart(8)} req/s   ${ratio.toFixed(2)}× /login   (target ≥ 0.3×)`);
  console.log(`  profile HTML      ${(demo.htmlBytes / 1024).toFixed(1).padStart(8)} KB    (target ≤ 120 KB)`);
  const quiet = await afterIdle(server.url, cookie);
  console.log(`  after 11 s idle   ${quiet.idle.toFixed(1).padStart(8)} ms     straight after another ${quiet.busy.toFixed(1)} ms: ${(quiet.idle / quiet.busy).toFixed(2)}×`);
  figures.push(
    { label: "profile after 11 s idle ÷ straight after another", value: round2(quiet.idle), unit: "ms", baseline: round2(quiet.busy), ratio: round2(quiet.idle / quiet.busy) },
    { label: "profile req/s ÷ /login req/s", value: round2(demo.profile), unit: "req/s", baseline: round2(demo.login), ratio: round2(ratio), target: "≥ 0.3×", pass: ratio >= 0.3 },
    { label: `profile HTML after ${EVENTS} events`, value: round2(demo.htmlBytes / 1024), unit: "KB", target: "≤ 120 KB", pass: demo.htmlBytes <= 120 * 1024 },
  );

  console.log(`\n${label}: adding ${VARIANTS.toLocaleString("en-US")} variants at Fifth Avenue…`);
  const added = await addCatalogue(database, { storeId: flagship.id, variants: VARIANTS });
  console.log(`  ${added.products.toLocaleString("en-US")} products, ${added.variants.toLocaleString("en-US")} variants stocked at Fifth Avenue (${added.stocked.toLocaleString("en-US")} rows in its stock)`);

  const timing = await timeSuggestions(flagship.id);
  const sRatio = timing.s50 / timing.pk50;
  console.log(`  suggestions       p50 ${timing.s50.toFixed(3)} ms   p95 ${timing.s95.toFixed(3)} ms   (target ≤ 1 ms)`);
  console.log(`  primary-key read  p50 ${timing.pk50.toFixed(3)} ms   p95 ${timing.pk95.toFixed(3)} ms   suggestions ÷ read ${sRatio.toFixed(1)}×`);
  console.log(`  picked: ${timing.picked.map((s) => `${s.name} (${s.colour} ${s.size}, ${s.score.toFixed(1)})`).join("; ")}`);
  figures.push({
    label: `suggestions at ${VARIANTS} variants (p50) ÷ primary-key read`,
    value: round2(timing.s50 * 1000) / 1000,
    unit: "ms",
    baseline: round2(timing.pk50 * 1000) / 1000,
    ratio: round2(sRatio),
    target: "≤ 1 ms",
    pass: timing.s50 <= 1,
  });

  const big = await measurePages(server.url, cookie);
  const bigRatio = big.profile / big.login;
  console.log(`  with them: profile ${big.profile.toFixed(1)} req/s, /login ${big.login.toFixed(1)} req/s: ${bigRatio.toFixed(2)}×`);
  figures.push({ label: `profile ÷ /login with ${VARIANTS} variants at the store`, value: round2(big.profile), unit: "req/s", baseline: round2(big.login), ratio: round2(bigRatio), target: "≥ 0.3×", pass: bigRatio >= 0.3 });
} finally {
  await server.stop();
  await database.close();
}
printBench({ name: "profile", database: dialect, figures });
process.exit(0);
