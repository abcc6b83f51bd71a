import { describe, expect, it } from "vitest";
import { addDays, daysBetween, describeDueDate, isIsoDate, localDate, startOfLocalDay } from "./dates";
import { resolvePeriod } from "./periods";
import { csvCell, toCsv } from "./csv";
import { formatDuration } from "./format";

describe("store calendar dates", () => {
  it("reads the local date in the store's zone", () => {
    const lateEvening = new Date("2026-11-24T03:30:00Z"); // 22:30 on the 23rd in New York
    expect(localDate(lateEvening, "America/New_York")).toBe("2026-11-23");
    expect(localDate(lateEvening, "Europe/Paris")).toBe("2026-11-24");
  });

  it("finds local midnight, across daylight saving changes", () => {
    expect(startOfLocalDay("2026-11-23", "America/New_York").toISOString()).toBe("2026-11-23T05:00:00.000Z");
    expect(startOfLocalDay("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    // The day clocks go back in the US (Nov 1, 2026) still starts at EDT midnight.
    expect(startOfLocalDay("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-03-29", "Europe/London").toISOString()).toBe("2026-03-29T00:00:00.000Z");
  });

  it("does date arithmetic on calendar dates", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(daysBetween("2026-11-20", "2026-11-23")).toBe(3);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("23/11/2026")).toBe(false);
  });

  it("describes due dates from today", () => {
    expect(describeDueDate("2026-11-20", "2026-11-23")).toEqual({ label: "3 days overdue", state: "overdue" });
    expect(describeDueDate("2026-11-22", "2026-11-23")).toEqual({ label: "1 day overdue", state: "overdue" });
    expect(describeDueDate("2026-11-23", "2026-11-23")).toEqual({ label: "Today", state: "today" });
    expect(describeDueDate("2026-11-24", "2026-11-23").label).toBe("Tomorrow");
    expect(describeDueDate("2026-11-27", "2026-11-23").label).toBe("Fri, Nov 27");
  });
});

describe("resolvePeriod", () => {
  const now = new Date("2026-11-23T17:00:00Z");
  const zone = { timeZone: "America/New_York", now };

  it("defaults to the last 30 days, today included", () => {
    const { ok, period } = resolvePeriod({}, zone);
    expect(ok).toBe(true);
    expect(period).toMatchObject({ firstDay: "2026-10-25", lastDay: "2026-11-23", days: 30, preset: 30, bucketDays: 1, label: "Last 30 days" });
    expect(period.to.toISOString()).toBe("2026-11-24T05:00:00.000Z");
  });

  it("accepts the presets and custom ranges of whole days", () => {
    expect(resolvePeriod({ days: "7" }, zone).period).toMatchObject({ firstDay: "2026-11-17", days: 7 });
    const custom = resolvePeriod({ from: "2026-01-01", to: "2026-06-30" }, zone);
    expect(custom).toMatchObject({ ok: true, period: { days: 181, preset: null, bucketDays: 7 } });
  });

  it("explains and falls back on periods it cannot show", () => {
    for (const search of [{ days: "12" }, { from: "2026-11-10", to: "2026-11-01" }, { from: "2027-01-01", to: "2027-01-02" }, { from: "2024-01-01", to: "2026-01-01" }, { from: "yesterday", to: "2026-11-01" }]) {
      const result = resolvePeriod(search, zone);
      expect(result.ok, JSON.stringify(search)).toBe(false);
      expect(result.period.days).toBe(30);
      if (!result.ok) expect(result.message).toMatch(/here are the last 30 days/);
    }
  });
});

describe("CSV", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvCell('She said "hi", then left')).toBe('"She said ""hi"", then left"');
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(toCsv(["a", "b"], [[1, "x\ny"]])).toBe('a,b\r\n1,"x\ny"\r\n');
  });
});

describe("formatDuration", () => {
  it("reads like people say it, and never says 24 h", () => {
    expect(formatDuration(12)).toBe("12 min");
    expect(formatDuration(200)).toBe("3 h 20 min");
    expect(formatDuration(4290)).toBe("3 days"); // 71.5 h
    expect(formatDuration(26 * 60)).toBe("1 day 2 h");
  });
});
