import { describe, expect, it } from "vitest";
import { createTestDb } from "./testing/db";
import { RateLimiter } from "./rate-limit";

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
