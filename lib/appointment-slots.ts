// Which appointment times can be offered: pure (no database), so the booking
// page, the booking itself and the tests share one set of rules. Times are
// instants (UTC); days and clock times are the store's own (lib/store-hours.ts).

import { addDays, localDate, localTimeOn } from "./dates";
import { hoursOn, weekdayOf, type StoreSchedule, type Weekday } from "./store-hours";

/** The grid every appointment starts on and is measured in. */
export const SLOT_MINUTES = 15;
export const SLOT_MS = SLOT_MINUTES * 60_000;

/** The longest stretch one search of free times may cover. */
export const MAX_SEARCH_DAYS = 31;

/** A clock time on the grid: "10:00", "10:15", … */
export function isGridTime(value: string): boolean {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  return Boolean(m && Number(m[2]) % SLOT_MINUTES === 0);
}

export interface AvailabilityWindow {
  staffId: string;
  weekday: Weekday;
  starts: string;
  ends: string;
}

export interface Busy {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface Slot {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
}

/** The grid slots [startsAt, endsAt) covers, as epoch milliseconds: what a booking claims in appointment_slots. */
export function slotStarts(startsAt: Date, endsAt: Date): Date[] {
  const out: Date[] = [];
  for (let t = startsAt.getTime(); t < endsAt.getTime(); t += SLOT_MS) out.push(new Date(t));
  return out;
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, start: number, end: number) => a.startsAt.getTime() < end && a.endsAt.getTime() > start;

/**
 * Every start an associate can take an appointment of `durationMinutes`: on a
 * day the store takes appointments (its appointment hours, closures
 * excepted), inside one of the associate's weekly windows and the store's
 * hours both, on the grid, wholly after `now`, within [from, to) for its
 * start, and clear of busy times (bookings, time off). The windows are read
 * on the store's clock each day, so a change of daylight saving time moves
 * the instants, never the clock times.
 */
export function computeSlots(
  schedule: StoreSchedule,
  input: { windows: AvailabilityWindow[]; busy: Busy[]; durationMinutes: number; from: Date; to: Date; now: Date },
): Slot[] {
  const tz = schedule.timeZone;
  const duration = input.durationMinutes * 60_000;
  const earliest = Math.max(input.from.getTime(), input.now.getTime());
  const slots: Slot[] = [];
  const lastDay = localDate(new Date(input.to.getTime() - 1), tz);
  for (let day = localDate(input.from, tz); day <= lastDay; day = addDays(day, 1)) {
    const storeHours = hoursOn(schedule, day);
    if (!storeHours) continue;
    const weekday = weekdayOf(day);
    for (const window of input.windows) {
      if (window.weekday !== weekday) continue;
      const opens = window.starts > storeHours.opens ? window.starts : storeHours.opens;
      const closes = window.ends < storeHours.closes ? window.ends : storeHours.closes;
      if (opens >= closes) continue;
      const open = localTimeOn(day, opens, tz).getTime();
      const close = localTimeOn(day, closes, tz).getTime();
      // Store hours may be off the grid (10:10): start at the first grid time after.
      const first = Math.ceil(open / SLOT_MS) * SLOT_MS;
      const busy = input.busy.filter((b) => b.staffId === window.staffId);
      for (let start = first; start + duration <= close; start += SLOT_MS) {
        if (start < earliest || start >= input.to.getTime()) continue;
        if (busy.some((b) => overlaps(b, start, start + duration))) continue;
        slots.push({ staffId: window.staffId, startsAt: new Date(start), endsAt: new Date(start + duration) });
      }
    }
  }
  // Two windows of one associate on one day may overlap: each start once.
  const seen = new Set<string>();
  return slots
    .filter((s) => {
      const key = `${s.staffId} ${s.startsAt.getTime()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.staffId.localeCompare(b.staffId));
}

/** An appointment may be marked kept this long before it starts: she came early. */
export const EARLY_ARRIVAL_MS = 30 * 60_000;

/** Whether a booked appointment may be marked kept, or a no-show, at `now` (ms). */
export function markable(a: { status: string; startsAt: Date }, now: number): { canMarkKept: boolean; canMarkNoShow: boolean } {
  const booked = a.status === "booked";
  return { canMarkKept: booked && now >= a.startsAt.getTime() - EARLY_ARRIVAL_MS, canMarkNoShow: booked && now >= a.startsAt.getTime() };
}
