import { serviceWorkerMain, NEVER_HANDLED, type ServiceWorkerConfig } from "@/lib/offline/service-worker";
import { CACHE_PREFIX, PAGES_CACHE, STATIC_CACHE } from "@/lib/offline/page-cache";

// Public (proxy.ts leaves it alone): the browser checks it for updates even on
// the sign-in page, and it holds nothing but code.

const LAST_RESORT_HTML = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Shopkeeper</title>
<body style="font:18px/1.5 system-ui,sans-serif;color:#1c1917;background:#f7f5f2;margin:0;padding:3rem 1.5rem"><main style="max-width:36rem;margin:auto">
<h1 style="font-size:1.5rem">No connection</h1><p>This page is not saved on this tablet. It opens again when the connection is back.</p>
<p><a href="/today" style="color:#1d4ed8">Today</a> · <a href="/clients" style="color:#1d4ed8">My clients</a></p></main></body></html>`;

const config: ServiceWorkerConfig = {
  pagesCache: PAGES_CACHE,
  staticCache: STATIC_CACHE,
  cachePrefix: CACHE_PREFIX,
  offlinePath: "/offline",
  lastResortHtml: LAST_RESORT_HTML,
  slowNetworkMs: 8_000,
};

const SOURCE = `"use strict";\n(${serviceWorkerMain.toString()})(self, ${JSON.stringify(config)}, ${NEVER_HANDLED.toString()});\n`;

export function GET() {
  return new Response(SOURCE, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // Checked on every visit, so a new version reaches tablets at once.
      "Cache-Control": "no-cache",
      // The worker's own fetches: this site only.
      "Content-Security-Policy": "default-src 'self'",
    },
  });
}
