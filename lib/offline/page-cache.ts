// The staff pages kept on the tablet for when the Wi-Fi drops: her client
// book, Today, the holds at her store and the profiles she opened lately
// (lib/offline/device-store.ts keeps that list). Kept in Cache Storage as the
// server sent them, headers included (each page's Content-Security-Policy
// names the nonce its own scripts carry), and served by the service worker
// (lib/offline/service-worker.ts) only when the network does not answer.

import { deleteDeviceDb } from "./device-store";

/** Cache names; the service worker reads the same ones. Bump a version to drop what older code kept. */
export const PAGES_CACHE = "shopkeeper-pages-v1";
export const STATIC_CACHE = "shopkeeper-static-v1";
export const CACHE_PREFIX = "shopkeeper-";

/** Pages every associate's tablet keeps: Today, her own client book, her store's holds, and where an unsaved page leads. */
export const ALWAYS_KEPT = ["/today", "/clients", "/holds", "/offline"] as const;

/** Sent with every page fetched for keeping, so the server does not count it as her opening the profile. */
export const KEEP_HEADER = "x-shopkeeper-keep";

/** The pages of one customer that work offline: the profile and its preferences form. */
export function profilePaths(customerId: string): string[] {
  return [`/customers/${customerId}`, `/customers/${customerId}/preferences`];
}

/** When a kept page was fetched (the `date` the cache saw), for "as of 10:42". */
export const KEPT_AT_HEADER = "x-shopkeeper-kept-at";

function cachesAvailable() {
  return typeof caches !== "undefined";
}

/**
 * Whether our service worker is in charge of this page, so a kept copy could
 * be served when the Wi-Fi drops. Until it is (its first seconds on a new
 * tablet, or a browser that runs no service worker), keeping copies would only
 * cost the server a render of each page for nothing.
 */
export function servedOffline(): boolean {
  return typeof navigator !== "undefined" && Boolean(navigator.serviceWorker?.controller);
}

/**
 * Fetches a page and keeps it, with the scripts and styles it needs. Only a
 * page the server really rendered for her is kept: a redirect (to /login: the
 * session ended) or an error keeps nothing and says why. The page is kept
 * last, once every script and style it needs is: a page kept before its
 * scripts, opened offline in that moment, could not run ("This page couldn't
 * load"), and `keptAt` would already have said it was there.
 */
export async function keepPage(path: string): Promise<"kept" | "signed-out" | "failed"> {
  if (!cachesAvailable()) return "failed";
  let response: Response;
  try {
    response = await fetch(path, { headers: { [KEEP_HEADER]: "1" }, credentials: "same-origin", cache: "no-store", redirect: "follow" });
  } catch {
    return "failed";
  }
  if (response.redirected && new URL(response.url).pathname === "/login") return "signed-out";
  if (!response.ok || !(response.headers.get("content-type") ?? "").includes("text/html")) return "failed";
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT_HEADER, String(Date.now()));
  if (!(await keepAssets(html))) return "failed";
  const pages = await caches.open(PAGES_CACHE);
  await pages.put(new URL(path, location.origin).href, new Response(html, { status: 200, headers }));
  return "kept";
}

/**
 * The page's own scripts and styles (hashed, never changing), kept once for
 * every page that needs them: those in its tags, and those its React payload
 * names for hydration (inside an inline script, as escaped JSON strings), which
 * the browser loads only once the page runs.
 */
async function keepAssets(html: string): Promise<boolean> {
  const assets = new Set([...html.matchAll(/\/_next\/static\/[^"'\\\s<>)]+/g)].map((m) => m[0]));
  if (!assets.size) return true;
  const statics = await caches.open(STATIC_CACHE);
  const missing = [];
  for (const asset of assets) if (!(await statics.match(asset))) missing.push(asset);
  const stored = await Promise.all(missing.map((asset) => statics.add(asset).then(() => true, () => false)));
  return stored.every(Boolean);
}

export async function forgetPages(paths: string[]) {
  if (!cachesAvailable()) return;
  const pages = await caches.open(PAGES_CACHE);
  await Promise.all(paths.map((path) => pages.delete(new URL(path, location.origin).href)));
}

/** When the kept copy of a page was fetched, or null if none is kept. */
export async function keptAt(path: string): Promise<number | null> {
  if (!cachesAvailable()) return null;
  const kept = await (await caches.open(PAGES_CACHE)).match(new URL(path, location.origin).href);
  const at = Number(kept?.headers.get(KEPT_AT_HEADER));
  return Number.isFinite(at) && at > 0 ? at : null;
}

/**
 * Everything this tablet kept for the person signed in: pages, scripts, the
 * queue of changes and the list of profiles. On sign-out, on a session the
 * server says has ended, and when someone else signs in.
 */
export async function clearDevice(): Promise<void> {
  if (cachesAvailable()) {
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  }
  if (typeof indexedDB !== "undefined") await deleteDeviceDb();
}
