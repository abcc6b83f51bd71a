// The staff app's service worker, served as /sw.js (app/sw.js/route.ts).
//
// It stays out of the way online: pages always come from the network, and
// only when the network does not answer does it serve the copy the tablet
// kept (lib/offline/page-cache.ts decides what is kept; this never keeps a
// page itself). Customer pages (/c/…), sign-in, the API and media are never
// touched. Scripts and styles under /_next/static/ are hashed and never
// change, so they come from the cache once fetched.
//
// The function is sent to the browser as its source text (`toString`), so it
// must not use anything from outside its own body: what it needs comes in
// `config`.

export interface ServiceWorkerConfig {
  pagesCache: string;
  staticCache: string;
  cachePrefix: string;
  offlinePath: string;
  /** Served when the network is down and no copy of the page (or of the offline page) was kept. */
  lastResortHtml: string;
  /** How long a page may take before the kept copy is shown instead, when there is one. */
  slowNetworkMs: number;
}

/** Paths the worker never answers for: customers' pages, sign-in, route handlers, product images. */
export const NEVER_HANDLED = /^\/(?:c|api|login|media)(?:\/|$)/;

/* eslint-disable @typescript-eslint/no-explicit-any -- the worker's own global scope has no types in this DOM-typed project */
export function serviceWorkerMain(sw: any, config: ServiceWorkerConfig, neverHandled: RegExp) {
  sw.addEventListener("install", () => {
    // A new version takes over at once: it holds no state of its own that an old page depends on.
    sw.skipWaiting();
  });

  sw.addEventListener("activate", (event: any) => {
    event.waitUntil(
      (async () => {
        // Caches an older version named differently are dropped.
        for (const name of await caches.keys()) {
          if (name.startsWith(config.cachePrefix) && name !== config.pagesCache && name !== config.staticCache) await caches.delete(name);
        }
        await sw.clients.claim();
      })(),
    );
  });

  sw.addEventListener("fetch", (event: any) => {
    const request: Request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (url.origin !== sw.location.origin) return;
    if (url.pathname.startsWith("/_next/static/")) {
      event.respondWith(fromCacheFirst(request));
      return;
    }
    if (request.mode !== "navigate" || neverHandled.test(url.pathname)) return;
    event.respondWith(fromNetworkFirst(request, url));
  });

  async function fromCacheFirst(request: Request): Promise<Response> {
    const statics = await caches.open(config.staticCache);
    const kept = await statics.match(request);
    if (kept) return kept;
    const response = await fetch(request);
    if (response.ok) await statics.put(request, response.clone());
    return response;
  }

  async function fromNetworkFirst(request: Request, url: URL): Promise<Response> {
    // The network first, without waiting for the cache lookup.
    const network = fetch(request);
    network.catch(() => {});
    const pages = await caches.open(config.pagesCache);
    // Kept without their query: /customers/x?view=notes is the same profile.
    const kept = await pages.match(url.origin + url.pathname);
    if (!kept) {
      try {
        return await network;
      } catch {
        return (await pages.match(url.origin + config.offlinePath)) ?? new Response(config.lastResortHtml, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
    }
    // A kept copy exists: the network still wins, unless it fails or hangs (Wi-Fi that is connected but goes nowhere).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), config.slowNetworkMs);
    });
    try {
      const first = await Promise.race([network, slow]);
      return first ?? kept;
    } catch {
      return kept;
    } finally {
      clearTimeout(timer);
    }
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
