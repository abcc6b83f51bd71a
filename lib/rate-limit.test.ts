import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows the limit per window and per key, then refuses until the window ends", () => {
    const limiter = new RateLimiter(3, 60_000);
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take("10.0.0.1", t))).toEqual([true, true, true, false]);
    expect(limiter.take("10.0.0.2", t)).toBe(true);
    expect(limiter.take("10.0.0.1", t + 59_999)).toBe(false);
    expect(limiter.take("10.0.0.1", t + 60_000)).toBe(true);
  });
});
