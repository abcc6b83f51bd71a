import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createTestDb } from "./testing/db";
import { watchPeerAddresses } from "./client-address";
import { clientAddress, RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows the limit per window and per key, then refuses until the window ends", async () => {
    const db = await createTestDb();
    const limiter = new RateLimiter("test", 3, 60_000, () => db);
    const t = 1_000_000;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.take("10.0.0.1", t));
    expect(results).toEqual([true, true, true, false]);
    expect(await limiter.take("10.0.0.2", t)).toBe(true);
    expect(await limiter.take("10.0.0.1", t + 59_999)).toBe(false);
    expect(await limiter.take("10.0.0.1", t + 60_000)).toBe(true);
  });

  it("counts attempts made at the same moment together, as two app instances would", async () => {
    const db = await createTestDb();
    const a = new RateLimiter("shared", 10, 60_000, () => db);
    const b = new RateLimiter("shared", 10, 60_000, () => db);
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take("10.0.0.9", 5_000)));
    expect(outcomes.filter(Boolean)).toHaveLength(10);
  });

  it("keeps two limiters' keys apart", async () => {
    const db = await createTestDb();
    const first = new RateLimiter("first", 1, 60_000, () => db);
    const second = new RateLimiter("second", 1, 60_000, () => db);
    expect(await first.take("k", 0)).toBe(true);
    expect(await second.take("k", 0)).toBe(true);
    expect(await first.take("k", 0)).toBe(false);
  });
});

describe("clientAddress", () => {
  // A real HTTP server, stamped the way the app's server is (instrumentation.ts),
  // answering with the address each request is counted against.
  async function serve(trustedProxies: string[]) {
    watchPeerAddresses();
    const server = http.createServer((request, response) => {
      response.end(clientAddress(new Headers(request.headers as Record<string, string>), trustedProxies));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const ask = async (headers: Record<string, string>) => (await fetch(`http://127.0.0.1:${port}/c/token`, { headers })).text();
    return { ask, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it("throttles 200 requests from one client whatever X-Forwarded-For it makes up", async () => {
    const db = await createTestDb();
    const limiter = new RateLimiter("customer-page", 60, 10 * 60_000, () => db);
    const { ask, close } = await serve([]);
    try {
      const allowed = [];
      for (let i = 0; i < 200; i++) {
        const madeUp = `203.0.113.${i % 250}, 198.51.${i}.7`;
        const address = await ask({ "x-forwarded-for": madeUp, "x-real-ip": `192.0.2.${i % 250}` });
        allowed.push(await limiter.take(address, 1_000));
      }
      expect(allowed.filter(Boolean)).toHaveLength(60);
      expect(await ask({ "x-forwarded-for": "192.0.2.1" })).toBe("127.0.0.1");
    } finally {
      await close();
    }
  });

  it("takes the hop before a trusted proxy, and the socket's address from anyone else", async () => {
    const { ask, close } = await serve(["127.0.0.0/8"]);
    try {
      // The proxy at 127.0.0.1 appended the address it saw; what the client wrote before that is ignored.
      expect(await ask({ "x-forwarded-for": "192.0.2.1, 198.51.100.7" })).toBe("198.51.100.7");
      expect(await ask({})).toBe("127.0.0.1");
    } finally {
      await close();
    }
  });

  it("is 'unknown' for a request that was never stamped, whatever its headers claim", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.1", "x-real-ip": "192.0.2.2" }), [])).toBe("unknown");
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.1", "x-shopkeeper-peer": "guess" }), [])).toBe("unknown");
  });
});
