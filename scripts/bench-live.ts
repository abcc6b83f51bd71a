// Live updates with a store full of tablets: opens many live streams on one
// customer's profile (as a signed-in associate), then posts events for that
// customer through /api/v1/track and measures how long each stream takes to
// hear about them. The app's poller reads the change feed once per interval
// for all streams together, so the database sees the same load for 1 tablet
// as for hundreds.
//
//   npm run build && DATABASE_PATH=… npm start      # in one terminal
//   BASE_URL=http://localhost:3000 npm run bench:live -- --tablets 300 --rounds 10
// On PostgreSQL, set the same DATABASE_URL for the app and this script.
import { performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import { describeDatabase, openDatabase } from "@/db";
import { customers, staff } from "@/db/schema";
import { createSourceKey } from "../lib/source-keys";
import { basicAuthorization } from "../lib/ingest/write-key-format";
import { ALICIA } from "../db/seed/story";

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const BASE_URL = (process.env.BASE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const TABLETS = flag("--tablets", 300);
const ROUNDS = flag("--rounds", 10);

const database = await openDatabase(undefined, { migrate: false });
const { db } = database;
const [alicia] = await db.select({ id: customers.id }).from(customers).where(eq(customers.email, ALICIA.email)).limit(1);
const [manager] = await db.select({ id: staff.id, storeId: staff.storeId }).from(staff).where(eq(staff.email, "grace@shop.example")).limit(1);
if (!alicia || !manager) throw new Error(`${describeDatabase()} has no demo data: seed it first.`);
const writeKey = process.env.WRITE_KEY ?? (await createSourceKey(db, { storeId: manager.storeId, staffId: manager.id, name: `Live benchmark ${new Date().toISOString().slice(0, 16)}` })).key;
await database.close();

/** Signs in through Auth.js's credentials endpoint, as the login form does, and returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${BASE_URL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  // The same cookie can be set twice in one answer (by the proxy and by the route): the last one counts.
  const jar = new Map(csrf.headers.getSetCookie().map((c) => c.split(";")[0]!.split(/=(.*)/s) as [string, string]));
  const csrfCookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const response = await fetch(`${BASE_URL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password: "shopkeeper" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token="));
  if (!session) throw new Error(`Could not sign in as ${email} (status ${response.status}).`);
  return session.split(";")[0]!;
}

const cookie = await signIn("maya@shop.example");
const topic = `customer:${alicia.id}`;
let opened = 0;

async function openTablet() {
  const response = await fetch(`${BASE_URL}/api/live?topics=${encodeURIComponent(topic)}`, { headers: { cookie, accept: "text/event-stream" } });
  if (response.status !== 200 || !response.body) throw new Error(`/api/live answered ${response.status}`);
  opened += 1;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const listeners: Array<(at: number) => void> = [];
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (message.startsWith("event: change")) for (const listener of listeners.splice(0)) listener(performance.now());
      }
    }
  })().catch(() => {});
  return { next: () => new Promise<number>((resolve) => listeners.push(resolve)) };
}

console.log(`Opening ${TABLETS} live streams on Alicia's profile at ${BASE_URL}…`);
const tablets = [];
for (let i = 0; i < TABLETS; i += 25) tablets.push(...(await Promise.all(Array.from({ length: Math.min(25, TABLETS - i) }, openTablet))));
console.log(`${opened} open. Posting ${ROUNDS} Product Viewed events for her, one at a time.\n`);

const latencies: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const heard = tablets.map((t) => t.next());
  const sentAt = performance.now();
  const response = await fetch(`${BASE_URL}/api/v1/track`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basicAuthorization(writeKey) },
    body: JSON.stringify({ type: "track", event: "Product Viewed", userId: `bench-${Date.now()}`, context: { traits: { email: ALICIA.email } }, properties: { name: `Benchmark coat ${round}`, price: 420 } }),
  });
  if (!response.ok) throw new Error(`/api/v1/track answered ${response.status}: ${await response.text()}`);
  const times = await Promise.race([Promise.all(heard), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("Some streams heard nothing within 10 s")), 10_000))]);
  latencies.push(...times.map((t) => t - sentAt));
  await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
}
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0);
console.log(`From POST /api/v1/track to the change arriving on each of ${TABLETS} open streams (${latencies.length} deliveries):`);
console.log(`  p50 ${at(50)} ms · p95 ${at(95)} ms · p99 ${at(99)} ms · max ${latencies.at(-1)!.toFixed(0)} ms`);
process.exit(0);
