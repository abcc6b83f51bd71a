import { describe, expect, it } from "vitest";
import { availabilityWeek, describeWeek } from "./appointment-hours";

describe("a week of hours in a line", () => {
  it("joins runs of days with the same hours, and skips days off", () => {
    const week = availabilityWeek([
      ...["mon", "tue", "wed", "thu", "fri"].map((weekday) => ({ weekday, starts: "10:00", ends: "19:00" })),
      { weekday: "sat", starts: "11:00", ends: "17:00" },
    ]);
    expect(describeWeek(week)).toBe("Mon–Fri 10:00 AM – 7:00 PM, Sat 11:00 AM – 5:00 PM");
  });

  it("does not join days across a day off", () => {
    const week = availabilityWeek(["mon", "wed"].map((weekday) => ({ weekday, starts: "10:00", ends: "12:00" })));
    expect(describeWeek(week)).toBe("Mon 10:00 AM – 12:00 PM, Wed 10:00 AM – 12:00 PM");
  });

  it("keeps a day's first window and ignores unknown days", () => {
    const week = availabilityWeek([
      { weekday: "tue", starts: "09:00", ends: "12:00" },
      { weekday: "tue", starts: "14:00", ends: "18:00" },
      { weekday: "someday", starts: "09:00", ends: "12:00" },
    ]);
    expect(week.tue).toEqual({ opens: "09:00", closes: "12:00" });
    expect(Object.values(week).filter(Boolean)).toHaveLength(1);
  });

  it("says when there are no hours", () => {
    expect(describeWeek(availabilityWeek([]))).toBe("no hours");
  });
});
