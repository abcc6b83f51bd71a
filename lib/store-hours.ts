// A store's opening hours and closures, and the times that follow from them:
// when a hold ends, which pick-up times a customer may choose. Pure (no
// database), so pages, actions and seeds share one set of rules. All days are
// the store's calendar dates ("YYYY-MM-DD") in its own time zone.

import { addDays, dateFormat, formatIsoDate, localDate, localTimeOn } from "./dates";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_NAMES: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };

/** One day's hours on the 24-hour clock, "HH:MM"; closes is after opens (no store stays open past midnight). */
export interface DayHours {
  opens: string;
  closes: string;
}

/** A weekday without hours is closed. */
export type WeeklyHours = Record<Weekday, DayHours | null>;

export interface StoreSchedule {
  timeZone: string;
  hours: WeeklyHours;
  /** Whole days closed, with the reason if one was given. */
  closures: ReadonlyMap<string, string | null>;
}

/** Every time the customer or staff read is written this one way (12-hour clock), like the rest of the app. */
const LOCALE = "en-US";

const CLOCK = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export function isClockTime(value: string): boolean {
  return CLOCK.test(value);
}

/** "10:00–20:00" (an en dash or a hyphen) as DayHours; "Closed", blanks and anything else as null. */
export function parseDayHours(text: string | undefined): DayHours | null {
  const m = /^\s*(\d{2}:\d{2})\s*[–-]\s*(\d{2}:\d{2})\s*$/.exec(text ?? "");
  if (!m || !isClockTime(m[1]!) || !isClockTime(m[2]!) || m[1]! >= m[2]!) return null;
  return { opens: m[1]!, closes: m[2]! };
}

/** The stored form of the hours (stores.opening_hours) as WeeklyHours. */
export function parseWeeklyHours(raw: Record<string, string> | null | undefined): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, parseDayHours(raw?.[day])])) as WeeklyHours;
}

/** WeeklyHours in their stored form: open days only, e.g. { mon: "10:00–20:00" }. */
export function serializeWeeklyHours(hours: WeeklyHours): Record<string, string> {
  return Object.fromEntries(WEEKDAYS.flatMap((day) => (hours[day] ? [[day, `${hours[day].opens}–${hours[day].closes}`]] : [])));
}

/** "18:00" as "6:00 PM". */
export function formatClock(time: string): string {
  return dateFormat(LOCALE, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(new Date(`1970-01-01T${time}:00Z`));
}

/** "10:00 AM – 8:00 PM", or "Closed". */
export function describeDayHours(hours: DayHours | null): string {
  return hours ? `${formatClock(hours.opens)} – ${formatClock(hours.closes)}` : "Closed";
}

/** An instant as the store's clock shows it: "6:00 PM". */
export function formatStoreTime(at: Date, timeZone: string): string {
  return dateFormat(LOCALE, { hour: "numeric", minute: "2-digit", timeZone }).format(at);
}

/** An instant as "Tue, Nov 24, 8:00 PM" on the store's clock. */
export function formatStoreDateTime(at: Date, timeZone: string): string {
  return dateFormat(LOCALE, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }).format(at);
}

export function weekdayOf(isoDate: string): Weekday {
  // getUTCDay: 0 is Sunday.
  return WEEKDAYS[(new Date(`${isoDate}T12:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** The hours the store keeps on a day, or null when it is closed (its weekday off, or a closure). */
export function hoursOn(schedule: StoreSchedule, isoDate: string): DayHours | null {
  if (schedule.closures.has(isoDate)) return null;
  return schedule.hours[weekdayOf(isoDate)];
}

export function isOpenOn(schedule: StoreSchedule, isoDate: string): boolean {
  return hoursOn(schedule, isoDate) !== null;
}

/** When the store closes on a day, or null when it does not open. */
export function closingTime(schedule: StoreSchedule, isoDate: string): Date | null {
  const hours = hoursOn(schedule, isoDate);
  return hours ? localTimeOn(isoDate, hours.closes, schedule.timeZone) : null;
}

export function openingTime(schedule: StoreSchedule, isoDate: string): Date | null {
  const hours = hoursOn(schedule, isoDate);
  return hours ? localTimeOn(isoDate, hours.opens, schedule.timeZone) : null;
}

/** A store with no open weekday at all (hours never set): times fall back to whole days. */
function keepsNoHours(schedule: StoreSchedule): boolean {
  return WEEKDAYS.every((day) => !schedule.hours[day]);
}

/** Far enough to step over any run of closures a store could set. */
const SEARCH_DAYS = 400;

/** The first open day after `isoDate`, or null if the store never opens again within a year. */
export function nextOpenDay(schedule: StoreSchedule, isoDate: string): string | null {
  for (let day = addDays(isoDate, 1), i = 0; i < SEARCH_DAYS; day = addDays(day, 1), i++) {
    if (isOpenOn(schedule, day)) return day;
  }
  return null;
}

/** The last closing time at or before `latest`, or null if there is none since `after`. */
function lastClosingBy(schedule: StoreSchedule, latest: Date, after: Date): Date | null {
  for (let day = localDate(latest, schedule.timeZone); ; day = addDays(day, -1)) {
    const close = closingTime(schedule, day);
    if (close && close <= after) return null;
    if (close && close <= latest) return close;
    if (localTimeOn(day, "00:00", schedule.timeZone) <= after) return null;
  }
}

/**
 * When a new hold ends: closing time on the `days`-th open day that is still
 * wholly ahead. A hold placed before opening counts today; one placed during
 * opening hours or after closing starts counting tomorrow, so "1 day" always
 * gives the customer one full day of opening hours. Never later than `latest`
 * (the longest a hold may run): then the last closing time before it.
 */
export function holdEnd(schedule: StoreSchedule, { now, days, latest }: { now: Date; days: number; latest: Date }): Date {
  // At least one day: "0 days" would otherwise never be reached and run to the limit.
  const wanted = Math.max(1, Math.floor(days));
  if (keepsNoHours(schedule)) return new Date(Math.min(now.getTime() + wanted * 86_400_000, latest.getTime()));
  let day = localDate(now, schedule.timeZone);
  let counted = 0;
  for (let i = 0; i < SEARCH_DAYS; day = addDays(day, 1), i++) {
    const opens = openingTime(schedule, day);
    if (!opens || opens < now) continue;
    const close = closingTime(schedule, day)!;
    if (close > latest) break;
    if (++counted === wanted) return close;
  }
  return lastClosingBy(schedule, latest, now) ?? latest;
}

/**
 * "+1 day" for a hold ending at `expiresAt`: closing time on the next open day
 * after the day it ends (or after today, for a hold that has already ended).
 * Never later than `latest`.
 */
export function extendedHoldEnd(schedule: StoreSchedule, { expiresAt, now, latest }: { expiresAt: Date; now: Date; latest: Date }): Date {
  const from = expiresAt > now ? expiresAt : now;
  if (keepsNoHours(schedule)) return new Date(Math.min(from.getTime() + 86_400_000, latest.getTime()));
  const day = nextOpenDay(schedule, localDate(from, schedule.timeZone));
  const close = day ? closingTime(schedule, day)! : null;
  if (close && close <= latest) return close;
  // At the limit already: keep the end it has rather than move it off closing time.
  return lastClosingBy(schedule, latest, from) ?? (expiresAt > now ? expiresAt : latest);
}

export interface PickUpChoice {
  /** The day, "YYYY-MM-DD": what the form sends. */
  value: string;
  /** How the customer reads it now: "Today, until 6:00 PM", "Tomorrow, 10:00 AM – 8:00 PM". */
  label: string;
  /** The same window without words that change meaning overnight, as kept and shown to staff: "Tue, Nov 24, 10:00 AM – 8:00 PM". */
  detail: string;
}

/** At most this many days are offered; "Another time" covers the rest. */
const MAX_PICK_UP_DAYS = 7;

/**
 * The days a customer can come by: only while the store is open, not in the
 * past, and before `holdEnds` (the first of their holds to end). Today is
 * offered only while the store is still open and the hold still runs.
 */
export function pickUpChoices(schedule: StoreSchedule, { now, holdEnds }: { now: Date; holdEnds: Date }): PickUpChoice[] {
  const tz = schedule.timeZone;
  const today = localDate(now, tz);
  const lastDay = localDate(holdEnds, tz);
  const choices: PickUpChoice[] = [];
  for (let day = today; day <= lastDay && choices.length < MAX_PICK_UP_DAYS; day = addDays(day, 1)) {
    const opens = openingTime(schedule, day);
    const closes = closingTime(schedule, day);
    if (!opens || !closes) continue;
    const until = closes < holdEnds ? closes : holdEnds;
    const from = opens > now ? opens : now;
    if (from >= until) continue;
    const window = `${formatStoreTime(opens, tz)} – ${formatStoreTime(until, tz)}`;
    const name = day === today ? "Today" : day === addDays(today, 1) ? "Tomorrow" : dateFormat(LOCALE, { weekday: "long", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
    choices.push({ value: day, label: from > opens ? `${name}, until ${formatStoreTime(until, tz)}` : `${name}, ${window}`, detail: `${formatIsoDate(day)}, ${window}` });
  }
  return choices;
}

/** Closures from today on, soonest first, for pages that list them. */
export function upcomingClosures(schedule: StoreSchedule, today: string): Array<{ day: string; reason: string | null }> {
  return [...schedule.closures]
    .filter(([day]) => day >= today)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, reason]) => ({ day, reason }));
}
