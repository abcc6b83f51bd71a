import { describe, expect, it } from "vitest";
import { TIMELINE_PAGE, timelineLength } from "./activity-timeline";

describe("timelineLength", () => {
  it("shows the first page unless the address asks for more, in whole pages, up to a bound", () => {
    expect(timelineLength(undefined)).toBe(TIMELINE_PAGE);
    expect(timelineLength("20")).toBe(20);
    expect(timelineLength("25")).toBe(30);
    expect(timelineLength("abc")).toBe(TIMELINE_PAGE);
    expect(timelineLength("-40")).toBe(TIMELINE_PAGE);
    expect(timelineLength(["20", "30"])).toBe(TIMELINE_PAGE);
    expect(timelineLength("1000000")).toBe(500);
  });
});
