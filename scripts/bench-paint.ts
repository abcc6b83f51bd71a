// First paint on the devices people use, measured in Chromium through
// Playwright and the DevTools protocol, against a production build:
//
// - the customer page (/c/<token>, what a customer opens from a link on her
//   phone) at 390×844 with Lighthouse's mobile throttling: 562.5 ms round trip,
//   1.47 Mbps down, 675 kbps up, CPU 4×;
// - Alicia's profile (/customers/<id>) on a tablet, 820×1180, CPU 4×, signed in
//   as Maya.
// - Alicia's profile opened offline from the tablet's kept copy (issue 15):
//   the same tablet, after the profile was opened once online and kept; the
//   baseline is the same profile opened online from the same tablet in the
//   same run (its scripts already cached, as a tablet in daily use has them).
//
// Each of the runs loads the page and, in the same run under the same
// throttling, the /login page as a baseline, each in a fresh browser context
// (a cold cache, as a customer opening a link). Each run also loads a bare
// page (the page's heading and nothing else: no stylesheet, no script, served
// at once by a small server of the bench's own) under the same throttling:
// the soonest this browser, device and network paint anything, which is the
// floor any of the app's pages can get to. Printed per page: LCP, time
// until a button works (its element is hydrated: React has attached its
// handlers), JavaScript transferred before that, each a median of the runs and
// beside the baseline's.
//
//   npm run build && npm run bench:paint                      # SQLite
//   DATABASE_URL=postgres://…/postgres npm run bench:paint    # PostgreSQL
//   npm run bench:paint -- --runs 5 --port 3240
//
// Builds nothing: it needs `npm run build` first. It seeds a demo database of
// its own (SQLite: data/paint/; PostgreSQL: a database h_paint_<pid> made on
// DATABASE_URL's server and dropped at the end), puts a coat aside for Alicia
// and makes her a private link.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { openDatabase, type DatabaseTarget } from "@/db";
import { seedDatabase } from "../db/seed/index";
import { placeHold } from "../lib/holds";
import { sendLinkToCustomer } from "../lib/customer-links";
import { admin, numberFlag, printBench, startServer, type BenchFigure } from "./bench-support";

const RUNS = numberFlag("--runs", 5);
const PORT = numberFlag("--port", 3240);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// As playwright.config.ts launches it.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

// Lighthouse's "mobile slow 4G" (devtools throttling): 150 ms × 3.75, 1.6 Mbps × 0.9 × 1024, 750 kbps × 0.9.
const MOBILE_NETWORK = { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const TABLET = { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

// --- A demo database of our own ---------------------------------------------------------------

let target: DatabaseTarget;
let serverEnv: Record<string, string>;
let cleanUp = async () => {};
const pgServer = process.env.DATABASE_URL;
if (pgServer) {
  const database = `h_paint_${process.pid}`;
  const adminUrl = Object.assign(new URL(pgServer), { pathname: "/postgres" }).toString();
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  const url = Object.assign(new URL(pgServer), { pathname: `/${database}` }).toString();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${database}"`);
  cleanUp = async () => void (await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  target = { dialect: "pg", url };
  serverEnv = { DATABASE_URL: url };
} else {
  const file = path.resolve("data/paint/shopkeeper-paint.db");
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  target = { dialect: "sqlite", file };
  serverEnv = { DATABASE_URL: "", DATABASE_PATH: file };
}
const dialect = target.dialect === "pg" ? "PostgreSQL" : "SQLite";

async function seed(baseUrl: string) {
  const database = await openDatabase(target);
  try {
    const { db } = database;
    const { story, stores } = await seedDatabase(db, { customers: 2400, sqlite: database.sqlite });
    const flagship = stores[0]!;
    const maya = flagship.associateIds[0]!;
    const now = new Date();
    const hold = await placeHold(db, {
      customerId: story.customerId,
      variantId: story.coatVariantId,
      storeId: flagship.id,
      staffId: maya,
      expiresAt: new Date(now.getTime() + 2 * 86_400_000),
      idempotencyKey: randomUUID(),
      now,
    });
    if (!hold.ok) throw new Error(`Could not put the coat aside for Alicia: ${hold.reason}`);
    const link = await sendLinkToCustomer(db, {
      customerId: story.customerId,
      holdIds: [hold.holdId],
      channel: "in_store",
      message: "the Milly coat is in your size and ready to try on after court.",
      staffId: maya,
      storeId: flagship.id,
      baseUrl,
      now,
    });
    if (!link.ok) throw new Error(`Could not make Alicia a link: ${link.reason}`);
    return { customerId: story.customerId, linkPath: new URL(link.url).pathname };
  } finally {
    await database.close();
  }
}

// --- The floor: a bare page, served at once --------------------------------------------------

/** A page with `heading` and nothing else, as small as HTML gets: what it takes to paint anything here. */
function bareHtml(heading: string) {
  const escaped = heading.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escaped}</title></head><body><main><h1>${escaped}</h1></main></body></html>`;
}

async function startBareServer(): Promise<{ url: (heading: string) => string; stop: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const heading = new URL(request.url ?? "/", "http://localhost").searchParams.get("heading") ?? "Shopkeeper";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(bareHtml(heading));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (heading) => `http://localhost:${port}/?${new URLSearchParams({ heading })}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- One page load, measured ------------------------------------------------------------------

interface Load {
  /** Largest contentful paint, ms after navigation start. */
  lcp: number;
  /** When the chosen button was hydrated, ms after navigation start. */
  interactive: number;
  /** Bytes of JavaScript transferred (compressed, with headers) before then. */
  jsBytes: number;
  /** The HTML's first and last byte, ms after navigation start: what the server and network take. */
  firstByte: number;
  lastByte: number;
  /** Requests the first paint had to wait for after the HTML (stylesheets, blocking scripts). */
  blocking: number;
}

interface Conditions {
  device: typeof PHONE | typeof TABLET;
  network?: typeof MOBILE_NETWORK;
  cpu: number;
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

// Runs in the page before any of its own scripts: records LCP candidates, and
// polls for the first element matching the selector that React has hydrated
// (it keeps the props on a `__reactProps$…` key of the DOM node).
const OBSERVER = `(() => {
  const paint = (window.__paint = { lcp: 0, interactive: null });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) paint.lcp = e.startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
  const selector = window.__paintSelector;
  const poll = () => {
    const button = document.querySelector(selector);
    if (button && Object.keys(button).some((k) => k.startsWith("__reactProps$"))) paint.interactive = performance.now();
    else setTimeout(poll, 5);
  };
  poll();
})();`;

async function load(browser: Browser, url: string, button: string, conditions: Conditions): Promise<Load> {
  const context = await browser.newContext({ ...conditions.device, storageState: conditions.storageState });
  try {
    const page = await context.newPage();
    await page.addInitScript(`window.__paintSelector = ${JSON.stringify(button)};\n${OBSERVER}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (conditions.network) await cdp.send("Network.emulateNetworkConditions", conditions.network);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: conditions.cpu });
    const response = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
    if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url} went to ${page.url()}`);
    await page.waitForFunction(() => (window as unknown as { __paint: { interactive: number | null } }).__paint.interactive !== null, undefined, { timeout: 60_000 });
    // LCP candidates stop at the first input; there is none, so let late paints land.
    await page.waitForTimeout(500);
    return await page.evaluate(() => {
      const { lcp, interactive } = (window as unknown as { __paint: { lcp: number; interactive: number } }).__paint;
      const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) => new URL(e.name).pathname.endsWith(".js") && e.responseEnd <= interactive);
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      const blocking = (performance.getEntriesByType("resource") as Array<PerformanceResourceTiming & { renderBlockingStatus?: string }>).filter((e) => e.renderBlockingStatus === "blocking").length;
      return { lcp, interactive, jsBytes: scripts.reduce((sum, e) => sum + e.transferSize, 0), firstByte: navigation?.responseStart ?? NaN, lastByte: navigation?.responseEnd ?? NaN, blocking };
    });
  } finally {
    await context.close();
  }
}

/** The bare page under `conditions`, in a fresh context as `load` does: its LCP (its heading) and its HTML's first byte. */
async function loadBare(browser: Browser, url: string, conditions: Conditions): Promise<{ lcp: number; firstByte: number }> {
  const context = await browser.newContext({ ...conditions.device });
  try {
    const page = await context.newPage();
    await page.addInitScript(`window.__paintSelector = "body";\n${OBSERVER}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (conditions.network) await cdp.send("Network.emulateNetworkConditions", conditions.network);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: conditions.cpu });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { __paint: { lcp: number } }).__paint.lcp > 0, undefined, { timeout: 60_000 });
    await page.waitForTimeout(500);
    return await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      return { lcp: (window as unknown as { __paint: { lcp: number } }).__paint.lcp, firstByte: navigation?.responseStart ?? NaN };
    });
  } finally {
    await context.close();
  }
}

/**
 * Alicia's profile on a tablet that kept it: opened once online (the tablet
 * keeps it), then, alternately, opened online and with the network off. Each
 * measured load is a fresh navigation in the same context, so both have the
 * same warm script cache; only where the page comes from differs.
 */
async function offlineLoads(browser: Browser, url: string, button: string, conditions: Conditions, runs: number) {
  const context = await browser.newContext({ ...conditions.device, storageState: conditions.storageState });
  try {
    const page = await context.newPage();
    await page.addInitScript(`window.__paintSelector = ${JSON.stringify(button)};\n${OBSERVER}`);
    await page.goto(url, { waitUntil: "load" });
    const path = new URL(url).pathname;
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    // Until the tablet has kept the profile (page.waitForFunction would not wait for an async check).
    for (let waited = 0; !(await page.evaluate(async (p) => Boolean(await (await caches.open("shopkeeper-pages-v1")).match(new URL(p, location.origin).href)), path)); waited += 200) {
      if (waited > 30_000) throw new Error("The tablet did not keep the profile within 30 s.");
      await page.waitForTimeout(200);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: conditions.cpu });
    const measure = async (offline: boolean) => {
      await context.setOffline(offline);
      // As DevTools' "Offline": the network and navigator.onLine alike.
      await cdp.send("Network.emulateNetworkConditions", { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      await page.waitForFunction(() => (window as unknown as { __paint: { interactive: number | null } }).__paint.interactive !== null, undefined, { timeout: 60_000 });
      await page.waitForTimeout(300);
      const result = await page.evaluate(() => ({
        ...(window as unknown as { __paint: { lcp: number; interactive: number } }).__paint,
        fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      }));
      // The tablet's copy, saying so (and not a page that failed to load).
      if (offline) {
        await page.getByRole("heading", { name: /Offline: Alicia's profile as of/ }).waitFor({ timeout: 15_000 });
      }
      await context.setOffline(false);
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      return result;
    };
    const online: Array<{ lcp: number; interactive: number; fcp: number }> = [];
    const offline: Array<{ lcp: number; interactive: number; fcp: number }> = [];
    for (let run = 1; run <= runs; run++) {
      online.push(await measure(false));
      offline.push(await measure(true));
      console.log(`profile offline run ${run}: first paint ${offline.at(-1)!.fcp.toFixed(0)} ms (online ${online.at(-1)!.fcp.toFixed(0)}), LCP ${offline.at(-1)!.lcp.toFixed(0)} ms (online ${online.at(-1)!.lcp.toFixed(0)}), button works at ${offline.at(-1)!.interactive.toFixed(0)} ms (online ${online.at(-1)!.interactive.toFixed(0)})`);
    }
    return { online, offline };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// --- The run ----------------------------------------------------------------------------------

const server = await (async () => {
  const baseUrl = `http://localhost:${PORT}`;
  console.log(`Seeding a demo database (${dialect})…`);
  const story = await seed(baseUrl);
  const started = await startServer(PORT, serverEnv);
  return { ...started, ...story };
})().catch(async (error) => {
  await cleanUp();
  throw error;
});

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const bare = await startBareServer();
try {
  // Maya's session, once; each measured load starts from a cold cache with it.
  const signIn = await browser.newContext(TABLET);
  const page = await signIn.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill("maya@shop.example");
  await page.getByLabel("Password").fill("shopkeeper");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  const maya = await signIn.storageState();
  await signIn.close();

  const login = `${server.url}/login`;
  const loginButton = "main button[type=submit]";
  const pages = [
    {
      name: "customer page",
      label: "Customer page on a phone (slow 4G, CPU 4×)",
      url: `${server.url}${server.linkPath}`,
      button: "main form button[type=submit]",
      conditions: { device: PHONE, network: MOBILE_NETWORK, cpu: 4 } as Conditions,
      // Her page's heading, as the bare page's (the LCP element of both).
      bareHeading: "Hi Alicia, this is waiting for you",
      lcpTarget: 1100,
      interactiveTarget: 2500,
    },
    {
      name: "profile",
      label: "Alicia's profile on a tablet (CPU 4×)",
      url: `${server.url}/customers/${server.customerId}`,
      button: "main button[type=submit]",
      conditions: { device: TABLET, cpu: 4, storageState: maya } as Conditions,
      bareHeading: "Alicia Fernández",
      lcpTarget: 600,
      interactiveTarget: undefined,
    },
  ];

  // One unmeasured load of each, so the server's first-request work is not in run 1.
  for (const p of pages) {
    await load(browser, p.url, p.button, { ...p.conditions, network: undefined, cpu: 1 });
    await load(browser, login, loginButton, { ...p.conditions, storageState: undefined, network: undefined, cpu: 1 });
  }

  const figures: BenchFigure[] = [];
  const kib = (bytes: number) => bytes / 1024;
  for (const p of pages) {
    const measured: Load[] = [];
    const baseline: Load[] = [];
    const floor: Array<{ lcp: number; firstByte: number }> = [];
    for (let run = 1; run <= RUNS; run++) {
      baseline.push(await load(browser, login, loginButton, { ...p.conditions, storageState: undefined }));
      measured.push(await load(browser, p.url, p.button, p.conditions));
      floor.push(await loadBare(browser, bare.url(p.bareHeading), p.conditions));
      const [m, b, f] = [measured.at(-1)!, baseline.at(-1)!, floor.at(-1)!];
      console.log(
        `${p.name} run ${run}: HTML ${m.firstByte.toFixed(0)}–${m.lastByte.toFixed(0)} ms (/login ${b.firstByte.toFixed(0)}–${b.lastByte.toFixed(0)}), LCP ${m.lcp.toFixed(0)} ms (/login ${b.lcp.toFixed(0)}, bare page ${f.lcp.toFixed(0)}), button works at ${m.interactive.toFixed(0)} ms (/login ${b.interactive.toFixed(0)}), JS ${kib(m.jsBytes).toFixed(1)} KiB (/login ${kib(b.jsBytes).toFixed(1)})`,
      );
    }
    const medians = (loads: Load[]) => ({
      lcp: median(loads.map((l) => l.lcp)),
      interactive: median(loads.map((l) => l.interactive)),
      jsBytes: median(loads.map((l) => l.jsBytes)),
      lastByte: median(loads.map((l) => l.lastByte)),
      afterHtml: median(loads.map((l) => l.lcp - l.firstByte)),
      blocking: Math.max(...loads.map((l) => l.blocking)),
    });
    const [m, b] = [medians(measured), medians(baseline)];
    const floorLcp = median(floor.map((f) => f.lcp));
    console.log(`\n${p.label}, ${dialect}, median of ${RUNS}, baseline /login in the same run:`);
    console.log(`  HTML complete                ${m.lastByte.toFixed(0).padStart(6)} ms   /login ${b.lastByte.toFixed(0).padStart(6)} ms   ×${(m.lastByte / b.lastByte).toFixed(2)}`);
    console.log(`  render-blocking requests     ${String(m.blocking).padStart(6)}      /login ${String(b.blocking).padStart(6)}       (most in any run)`);
    // No second round trip before the first paint: LCP comes within one round trip of the HTML's first byte.
    console.log(`  LCP after the HTML's 1st byte${m.afterHtml.toFixed(0).padStart(6)} ms   /login ${b.afterHtml.toFixed(0).padStart(6)} ms   ×${(m.afterHtml / b.afterHtml).toFixed(2)}`);
    console.log(`  LCP                          ${m.lcp.toFixed(0).padStart(6)} ms   /login ${b.lcp.toFixed(0).padStart(6)} ms   ×${(m.lcp / b.lcp).toFixed(2)}   target ≤ ${p.lcpTarget} ms`);
    console.log(`  LCP of the bare page (floor) ${floorLcp.toFixed(0).padStart(6)} ms   the page ${m.lcp.toFixed(0).padStart(6)} ms   ×${(m.lcp / floorLcp).toFixed(2)}   (${(m.lcp - floorLcp).toFixed(0)} ms above it)`);
    console.log(`  button works                 ${m.interactive.toFixed(0).padStart(6)} ms   /login ${b.interactive.toFixed(0).padStart(6)} ms   ×${(m.interactive / b.interactive).toFixed(2)}${p.interactiveTarget ? `   target ≤ ${p.interactiveTarget} ms` : ""}`);
    console.log(`  JS transferred before then   ${kib(m.jsBytes).toFixed(1).padStart(6)} KiB  /login ${kib(b.jsBytes).toFixed(1).padStart(6)} KiB  ×${(m.jsBytes / b.jsBytes).toFixed(2)}\n`);
    figures.push({ label: `${p.name}: render-blocking requests after the HTML`, value: m.blocking, unit: "", baseline: b.blocking, target: "0", pass: m.blocking === 0 });
    figures.push({ label: `${p.name}: LCP`, value: Math.round(m.lcp), unit: "ms", baseline: Math.round(b.lcp), ratio: m.lcp / b.lcp, target: `≤ ${p.lcpTarget} ms`, pass: m.lcp <= p.lcpTarget });
    // The same LCP beside the bare page's: how far above what this browser and network allow at all.
    figures.push({ label: `${p.name}: LCP ÷ a bare page's (the floor here)`, value: Math.round(m.lcp), unit: "ms", baseline: Math.round(floorLcp), ratio: m.lcp / floorLcp });
    figures.push({
      label: `${p.name}: button works`,
      value: Math.round(m.interactive),
      unit: "ms",
      baseline: Math.round(b.interactive),
      ratio: m.interactive / b.interactive,
      ...(p.interactiveTarget ? { target: `≤ ${p.interactiveTarget} ms`, pass: m.interactive <= p.interactiveTarget } : {}),
    });
    figures.push({ label: `${p.name}: JS before a button works`, value: Math.round(kib(m.jsBytes) * 10) / 10, unit: "KiB", baseline: Math.round(kib(b.jsBytes) * 10) / 10, ratio: m.jsBytes / b.jsBytes });
  }
  // Issue 15: how long a kept profile takes to open with the network off, beside the same tablet online.
  const profile = pages.find((p) => p.name === "profile")!;
  const kept = await offlineLoads(browser, profile.url, profile.button, profile.conditions, RUNS);
  const [offLcp, onLcp] = [median(kept.offline.map((l) => l.lcp)), median(kept.online.map((l) => l.lcp))];
  const [offFcp, onFcp] = [median(kept.offline.map((l) => l.fcp)), median(kept.online.map((l) => l.fcp))];
  const [offReady, onReady] = [median(kept.offline.map((l) => l.interactive)), median(kept.online.map((l) => l.interactive))];
  console.log(`\nAlicia's profile opened offline from the tablet's copy (CPU 4×), ${dialect}, median of ${RUNS}, baseline: online, same tablet, same run:`);
  console.log(`  first paint (the profile)    ${offFcp.toFixed(0).padStart(6)} ms   online ${onFcp.toFixed(0).padStart(6)} ms   ×${(offFcp / onFcp).toFixed(2)}`);
  // Offline, the largest paint is the "Offline: … as of" notice, drawn once the page knows it is offline (after hydration).
  console.log(`  LCP                          ${offLcp.toFixed(0).padStart(6)} ms   online ${onLcp.toFixed(0).padStart(6)} ms   ×${(offLcp / onLcp).toFixed(2)}`);
  console.log(`  button works                 ${offReady.toFixed(0).padStart(6)} ms   online ${onReady.toFixed(0).padStart(6)} ms   ×${(offReady / onReady).toFixed(2)}\n`);
  figures.push({ label: "profile offline (kept copy): first paint", value: Math.round(offFcp), unit: "ms", baseline: Math.round(onFcp), ratio: offFcp / onFcp });
  figures.push({ label: "profile offline (kept copy): LCP", value: Math.round(offLcp), unit: "ms", baseline: Math.round(onLcp), ratio: offLcp / onLcp });
  figures.push({ label: "profile offline (kept copy): button works", value: Math.round(offReady), unit: "ms", baseline: Math.round(onReady), ratio: offReady / onReady });
  printBench({ name: "paint", database: target.dialect, figures });
} finally {
  await browser.close();
  await bare.stop();
  await server.stop();
  await cleanUp();
}
