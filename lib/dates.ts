// Calendar dates in a store's time zone, as "YYYY-MM-DD" strings, and the
// UTC instants where those days begin. Pure; used by follow-ups and reports.

const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/**
 * One Intl.DateTimeFormat per locale and options, kept for the process:
 * building one costs about 0.1 ms, far more than formatting with it, and
 * toLocaleDateString and its kind build one on every call (a profile page
 * formats dozens of dates).
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** The calendar date at `date` in `timeZone`, e.g. "2026-11-23". */
export function localDate(date: Date, timeZone: string): string {
  return dateFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** "2026-11-23" plus n days. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return new Date(d.getTime() + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from a to b ("2026-11-20" → "2026-11-23" is 3). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = dateFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant local midnight begins on `isoDate` in `timeZone`. */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${isoDate}T00:00:00Z`);
  // Two passes settle days where the offset changes (daylight saving).
  let guess = midnightUtc - offsetMinutes(new Date(midnightUtc), timeZone) * 60_000;
  guess = midnightUtc - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/**
 * The instant the wall clock in `timeZone` shows `time` ("HH:MM") on
 * `isoDate`, whatever the offset is that day (daylight saving included). The
 * hour that clocks skip or repeat, in the small hours, settles on one of its
 * neighbours; shop hours never fall there.
 */
export function localTimeOn(isoDate: string, time: string, timeZone: string): Date {
  const wallUtc = Date.parse(`${isoDate}T${time}:00Z`);
  let guess = wallUtc - offsetMinutes(new Date(wallUtc), timeZone) * 60_000;
  guess = wallUtc - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** "Mon, Nov 23" for a calendar date. */
export function formatIsoDate(isoDate: string, { withYear = false }: { withYear?: boolean } = {}): string {
  return dateFormat("en-US", { weekday: "short", month: "short", day: "numeric", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** How a due date reads today: "Today", "Tomorrow", "3 days overdue", "Fri, Nov 27". */
export function describeDueDate(dueOn: string, today: string): { label: string; state: "overdue" | "today" | "later" } {
  const days = daysBetween(today, dueOn);
  if (days < 0) return { label: days === -1 ? "1 day overdue" : `${-days} days overdue`, state: "overdue" };
  if (days === 0) return { label: "Today", state: "today" };
  if (days === 1) return { label: "Tomorrow", state: "later" };
  return { label: formatIsoDate(dueOn), state: "later" };
}
