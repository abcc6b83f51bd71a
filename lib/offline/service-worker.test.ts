import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NEVER_HANDLED, serviceWorkerMain, type ServiceWorkerConfig } from "./service-worker";

const ORIGIN = "https://shop.example";
const config: ServiceWorkerConfig = {
  pagesCache: "shopkeeper-pages-v1",
  staticCache: "shopkeeper-static-v1",
  cachePrefix: "shopkeeper-",
  offlinePath: "/offline",
  lastResortHtml: "<p>No connection</p>",
  slowNetworkMs: 50,
};

/** Cache Storage as the browser has it, in memory: keyed by URL, ignoring the query only when asked. */
function memoryCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const open = async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, store);
    return {
      match: async (request: Request | string) => store.get(typeof request === "string" ? request : request.url)?.clone(),
      put: async (request: Request | string, response: Response) => void store.set(typeof request === "string" ? request : request.url, response),
    };
  };
  return { stores, api: { open, keys: async () => [...stores.keys()], delete: async (name: string) => stores.delete(name) } };
}

type Listener = (event: unknown) => void;

/** Runs the worker in a fake global scope and hands back its fetch handling. */
function startWorker() {
  const listeners = new Map<string, Listener>();
  const scope = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
    skipWaiting: vi.fn(),
    clients: { claim: vi.fn(async () => {}) },
  };
  serviceWorkerMain(scope, config, NEVER_HANDLED);
  /** The worker's answer, or null when it leaves the request to the browser. */
  return async (url: string, init: { mode?: RequestMode; method?: string } = {}): Promise<Response | null> => {
    let answer: Promise<Response> | null = null;
    const request = { url: `${ORIGIN}${url}`, method: init.method ?? "GET", mode: init.mode ?? "navigate" } as Request;
    listeners.get("fetch")!({ request, respondWith: (response: Promise<Response>) => (answer = response) });
    return answer ? await answer : null;
  };
}

let caches: ReturnType<typeof memoryCaches>;
let network: ReturnType<typeof vi.fn>;

beforeEach(() => {
  caches = memoryCaches();
  network = vi.fn(async () => new Response("from the network", { headers: { "Content-Type": "text/html" } }));
  vi.stubGlobal("caches", caches.api);
  vi.stubGlobal("fetch", network);
});

afterEach(() => vi.unstubAllGlobals());

async function keep(path: string, body: string) {
  await (await caches.api.open(config.pagesCache)).put(`${ORIGIN}${path}`, new Response(body));
}

describe("the staff app's service worker", () => {
  it("leaves alone what it must never answer: posts, customers' pages, sign-in, the API, media and other sites", async () => {
    const fetchThrough = startWorker();
    await keep("/c/abc", "a customer's page");
    expect(await fetchThrough("/customers/1", { method: "POST" })).toBeNull();
    for (const path of ["/c/abc", "/login", "/api/live", "/media/products/coat.svg"]) expect(await fetchThrough(path)).toBeNull();
    // Data fetches (a page's own fetch, the router's) go straight to the network.
    expect(await fetchThrough("/customers/1", { mode: "cors" })).toBeNull();
    expect(network).not.toHaveBeenCalled();
  });

  it("online, always serves pages from the network, even when a copy is kept", async () => {
    const fetchThrough = startWorker();
    await keep("/customers/1", "kept copy");
    expect(await (await fetchThrough("/customers/1"))!.text()).toBe("from the network");
  });

  it("offline, serves the kept copy of a page, whatever its query", async () => {
    const fetchThrough = startWorker();
    await keep("/customers/1", "kept copy");
    network.mockRejectedValue(new TypeError("Failed to fetch"));
    expect(await (await fetchThrough("/customers/1?view=notes"))!.text()).toBe("kept copy");
  });

  it("offline, shows the offline page for a page that was not kept, and a plain note if even that is missing", async () => {
    const fetchThrough = startWorker();
    network.mockRejectedValue(new TypeError("Failed to fetch"));
    const bare = (await fetchThrough("/customers/2"))!;
    expect(bare.status).toBe(503);
    expect(await bare.text()).toBe("<p>No connection</p>");
    await keep("/offline", "saved on this tablet");
    expect(await (await fetchThrough("/customers/2"))!.text()).toBe("saved on this tablet");
  });

  it("serves the kept copy when the network hangs, and the network's answer when it comes in time", async () => {
    const fetchThrough = startWorker();
    await keep("/today", "kept today");
    network.mockImplementationOnce(() => new Promise(() => {}));
    expect(await (await fetchThrough("/today"))!.text()).toBe("kept today");
  });

  it("keeps hashed scripts once fetched and serves them from the cache after", async () => {
    const fetchThrough = startWorker();
    network.mockImplementation(async () => new Response("chunk"));
    await fetchThrough("/_next/static/chunks/app.js", { mode: "no-cors" });
    network.mockRejectedValue(new TypeError("Failed to fetch"));
    expect(await (await fetchThrough("/_next/static/chunks/app.js", { mode: "no-cors" }))!.text()).toBe("chunk");
    expect(network).toHaveBeenCalledTimes(1);
  });
});
