import { describe, expect, it } from "vitest";
import { inboxSummary } from "./inbox-summary";

describe("inboxSummary", () => {
  it("gives the whole count when every waiting post is shown", () => {
    expect(inboxSummary({ shown: 0, waiting: 0, late: 0 })).toBe("Every post has an answer.");
    expect(inboxSummary({ shown: 1, waiting: 1, late: 0 })).toBe("1 post waiting for an answer, oldest first");
    expect(inboxSummary({ shown: 12, waiting: 12, late: 3 })).toBe("12 posts waiting for an answer, oldest first · 3 waiting over a day");
  });

  it("says the list is capped and gives the real total when more are waiting", () => {
    expect(inboxSummary({ shown: 100, waiting: 1234, late: 40 })).toBe("Showing the oldest 100 of 1,234 posts waiting for an answer · 40 waiting over a day");
    // Every post shown is late, so newer ones not shown may be late too.
    expect(inboxSummary({ shown: 100, waiting: 250, late: 100 })).toBe("Showing the oldest 100 of 250 posts waiting for an answer · at least 100 waiting over a day");
  });
});
