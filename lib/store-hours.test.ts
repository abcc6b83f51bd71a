import { describe, expect, it } from "vitest";
import { localTimeOn } from "./dates";
import { closingTime, describeDayHours, extendedHoldEnd, holdEnd, isOpenOn, nextOpenDay, parseDayHours, parseWeeklyHours, pickUpChoices, serializeWeeklyHours, type StoreSchedule } from "./store-hours";

// The demo stores' hours: late on Thursday and Friday, short on Sunday.
const HOURS = { mon: "10:00–20:00", tue: "10:00–20:00", wed: "10:00–20:00", thu: "10:00–21:00", fri: "10:00–21:00", sat: "10:00–20:00", sun: "11:00–18:00" };
const newYork = (closures: Record<string, string | null> = {}): StoreSchedule => ({ timeZone: "America/New_York", hours: parseWeeklyHours(HOURS), closures: new Map(Object.entries(closures)) });
/** A wall-clock time in New York as an instant. */
const ny = (day: string, time: string) => localTimeOn(day, time, "America/New_York");
const DAY = 86_400_000;
const latestFrom = (now: Date) => new Date(now.getTime() + 14 * DAY);

describe("parsing hours", () => {
  it("reads the stored form with an en dash or a hyphen, and nothing else", () => {
    expect(parseDayHours("10:00–20:00")).toEqual({ opens: "10:00", closes: "20:00" });
    expect(parseDayHours("09:30-17:45")).toEqual({ opens: "09:30", closes: "17:45" });
    for (const bad of ["Closed", "", "20:00–10:00", "10:00–10:00", "25:00–26:00", "10–20", undefined]) expect(parseDayHours(bad)).toBeNull();
  });

  it("writes back what it reads, leaving closed days out, and describes a day on the 12-hour clock", () => {
    const hours = parseWeeklyHours({ ...HOURS, sun: "Closed" });
    expect(hours.sun).toBeNull();
    expect(serializeWeeklyHours(hours)).toEqual(Object.fromEntries(Object.entries(HOURS).filter(([day]) => day !== "sun")));
    expect(describeDayHours(hours.thu)).toBe("10:00 AM – 9:00 PM");
    expect(describeDayHours(null)).toBe("Closed");
  });
});

describe("closing time", () => {
  it("is the store's local closing time on that day", () => {
    // Monday 23 November 2026: 8 pm in New York is 01:00 UTC the next day (EST, UTC−5).
    expect(closingTime(newYork(), "2026-11-23")).toEqual(new Date("2026-11-24T01:00:00Z"));
    expect(closingTime(newYork(), "2026-11-22")).toEqual(new Date("2026-11-22T23:00:00Z"));
  });

  it("follows daylight saving on the days the clocks change", () => {
    // Sunday 8 March 2026: clocks go forward at 2 am, so 6 pm is EDT (UTC−4).
    expect(closingTime(newYork(), "2026-03-08")).toEqual(new Date("2026-03-08T22:00:00Z"));
    expect(closingTime(newYork(), "2026-03-07")).toEqual(new Date("2026-03-08T01:00:00Z"));
    // Sunday 1 November 2026: clocks go back at 2 am, so 6 pm is EST (UTC−5).
    expect(closingTime(newYork(), "2026-11-01")).toEqual(new Date("2026-11-01T23:00:00Z"));
    expect(closingTime(newYork(), "2026-10-31")).toEqual(new Date("2026-11-01T00:00:00Z"));
  });

  it("is null on a closure, which is not an open day", () => {
    const schedule = newYork({ "2026-11-26": "Thanksgiving" });
    expect(closingTime(schedule, "2026-11-26")).toBeNull();
    expect(isOpenOn(schedule, "2026-11-26")).toBe(false);
    expect(nextOpenDay(schedule, "2026-11-25")).toBe("2026-11-27");
  });

  it("skips weekdays without hours", () => {
    const schedule: StoreSchedule = { ...newYork(), hours: parseWeeklyHours({ ...HOURS, sun: "Closed", mon: "" }) };
    expect(nextOpenDay(schedule, "2026-11-21")).toBe("2026-11-24");
  });
});

describe("holdEnd", () => {
  const end = (now: Date, days: number, schedule = newYork()) => holdEnd(schedule, { now, days, latest: latestFrom(now) });

  it("ends at closing time on the next full open day for a hold placed during opening hours", () => {
    expect(end(ny("2026-11-23", "11:00"), 1)).toEqual(ny("2026-11-24", "20:00"));
    expect(end(ny("2026-11-23", "11:00"), 2)).toEqual(ny("2026-11-25", "20:00"));
  });

  it("counts today for a hold placed before opening", () => {
    expect(end(ny("2026-11-23", "08:15"), 1)).toEqual(ny("2026-11-23", "20:00"));
  });

  it("ends at tomorrow's closing for a hold placed after closing (7 pm on a Sunday, closed at 6)", () => {
    expect(end(ny("2026-11-22", "19:00"), 1)).toEqual(ny("2026-11-23", "20:00"));
    // Late at night, past midnight UTC, the store's own calendar still decides.
    expect(end(ny("2026-11-22", "23:30"), 1)).toEqual(ny("2026-11-23", "20:00"));
  });

  it("never ends on a closure: the closed day does not count", () => {
    const schedule = newYork({ "2026-11-26": "Thanksgiving" });
    expect(end(ny("2026-11-25", "12:00"), 1, schedule)).toEqual(ny("2026-11-27", "21:00"));
    expect(end(ny("2026-11-24", "12:00"), 2, schedule)).toEqual(ny("2026-11-27", "21:00"));
  });

  it("ends across a daylight-saving change at the local closing time", () => {
    expect(end(ny("2026-03-06", "12:00"), 2)).toEqual(new Date("2026-03-08T22:00:00Z"));
  });

  it("stops at the last closing time within the longest hold allowed", () => {
    const now = ny("2026-11-23", "11:00");
    const latest = new Date(now.getTime() + 3 * DAY);
    expect(holdEnd(newYork(), { now, days: 7, latest })).toEqual(ny("2026-11-25", "20:00"));
  });

  it("gives at least one day, whatever it is asked", () => {
    expect(end(ny("2026-11-23", "11:00"), 0)).toEqual(ny("2026-11-24", "20:00"));
  });

  it("falls back to whole days for a store whose hours were never set", () => {
    const now = ny("2026-11-23", "11:00");
    expect(holdEnd({ timeZone: "America/New_York", hours: parseWeeklyHours({}), closures: new Map() }, { now, days: 2, latest: latestFrom(now) })).toEqual(new Date(now.getTime() + 2 * DAY));
  });
});

describe("extendedHoldEnd", () => {
  const extend = (expiresAt: Date, now: Date, schedule = newYork()) => extendedHoldEnd(schedule, { expiresAt, now, latest: latestFrom(now) });

  it("moves a running hold to closing time on the next open day", () => {
    expect(extend(ny("2026-11-23", "20:00"), ny("2026-11-23", "15:00"))).toEqual(ny("2026-11-24", "20:00"));
  });

  it("steps over a closure", () => {
    expect(extend(ny("2026-11-25", "20:00"), ny("2026-11-25", "15:00"), newYork({ "2026-11-26": null }))).toEqual(ny("2026-11-27", "21:00"));
  });

  it("counts from today for a hold that has already ended", () => {
    expect(extend(ny("2026-11-21", "20:00"), ny("2026-11-23", "11:00"))).toEqual(ny("2026-11-24", "20:00"));
  });
});

describe("pickUpChoices", () => {
  it("offers no time today at 7 pm on a Sunday when the store closed at 6", () => {
    const now = ny("2026-11-22", "19:00");
    const choices = pickUpChoices(newYork(), { now, holdEnds: ny("2026-11-24", "20:00") });
    expect(choices.map((c) => c.value)).toEqual(["2026-11-23", "2026-11-24"]);
    expect(choices[0]).toEqual({ value: "2026-11-23", label: "Tomorrow, 10:00 AM – 8:00 PM", detail: "Mon, Nov 23, 10:00 AM – 8:00 PM" });
    expect(choices.some((c) => /today/i.test(c.label))).toBe(false);
  });

  it("offers the rest of today while the store is open, on the 12-hour clock only", () => {
    const choices = pickUpChoices(newYork(), { now: ny("2026-11-22", "14:10"), holdEnds: ny("2026-11-23", "20:00") });
    expect(choices.map((c) => c.label)).toEqual(["Today, until 6:00 PM", "Tomorrow, 10:00 AM – 8:00 PM"]);
    expect(choices.map((c) => c.label + c.detail).join(" ")).not.toMatch(/\b(1[3-9]|2[0-3]):\d\d/);
  });

  it("offers nothing after the hold ends, and cuts the last day at the hold's end", () => {
    const choices = pickUpChoices(newYork(), { now: ny("2026-11-23", "09:00"), holdEnds: ny("2026-11-24", "15:00") });
    expect(choices.map((c) => c.detail)).toEqual(["Mon, Nov 23, 10:00 AM – 8:00 PM", "Tue, Nov 24, 10:00 AM – 3:00 PM"]);
    expect(pickUpChoices(newYork(), { now: ny("2026-11-24", "16:00"), holdEnds: ny("2026-11-24", "15:00") })).toEqual([]);
  });

  it("leaves out closures", () => {
    const choices = pickUpChoices(newYork({ "2026-11-26": "Thanksgiving" }), { now: ny("2026-11-25", "19:00"), holdEnds: ny("2026-11-27", "21:00") });
    expect(choices.map((c) => c.value)).toEqual(["2026-11-25", "2026-11-27"]);
    expect(choices[1]!.label).toBe("Friday, Nov 27, 10:00 AM – 9:00 PM");
  });
});
