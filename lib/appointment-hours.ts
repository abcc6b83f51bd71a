import { describeDayHours, WEEKDAYS, type WeeklyHours } from "./store-hours";

/** How long an appointment takes, as a customer reads it: "30 minutes", "1 hour", "1 h 30 min", "2 hours". */
export function appointmentLength(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  if (minutes % 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
}

/** How each kind of appointment reads. */
export const KIND_LABELS = { styling: "Styling", fitting: "Fitting", pick_up: "Pick-up" } as const;

const SHORT: Record<(typeof WEEKDAYS)[number], string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/** An associate's weekly windows as a week form shows them: a day's first window, or off. */
export function availabilityWeek(windows: ReadonlyArray<{ weekday: string; starts: string; ends: string }>): WeeklyHours {
  const week = Object.fromEntries(WEEKDAYS.map((day) => [day, null])) as WeeklyHours;
  for (const w of windows) {
    const day = w.weekday as (typeof WEEKDAYS)[number];
    if (WEEKDAYS.includes(day) && !week[day]) week[day] = { opens: w.starts, closes: w.ends };
  }
  return week;
}

/**
 * A week in one line, runs of days with the same hours together:
 * "Mon–Sat 10:00 AM – 7:00 PM". An empty week reads "no hours".
 */
export function describeWeek(hours: WeeklyHours): string {
  const runs: Array<{ first: string; last: string; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text = hours[day] ? describeDayHours(hours[day]) : null;
    const last = runs.at(-1);
    const previous = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (text && last && previous && last.last === SHORT[previous] && last.text === text) last.last = SHORT[day];
    else if (text) runs.push({ first: SHORT[day], last: SHORT[day], text });
  }
  if (!runs.length) return "no hours";
  return runs.map((r) => `${r.first === r.last ? r.first : `${r.first}–${r.last}`} ${r.text}`).join(", ");
}
