// Formatting helpers shared by pages; pure and locale-stable (en-US).
import { dateFormat, localDate } from "./dates";

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatMoney(amountCents: number): string {
  return amountCents % 100 === 0 ? dollars.format(amountCents / 100) : cents.format(amountCents / 100);
}

export function formatPriceBand(minCents: number | null, maxCents: number | null): string | null {
  if (minCents == null && maxCents == null) return null;
  if (minCents != null && maxCents != null) return `${formatMoney(minCents)}–${formatMoney(maxCents)}`;
  return minCents != null ? `from ${formatMoney(minCents)}` : `up to ${formatMoney(maxCents as number)}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", "3 weeks ago", "Mar 4, 2025". */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const diff = now.getTime() - date.getTime();
  if (diff < 0) return formatDate(date);
  if (diff < MINUTE) return "just now";
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)} h ago`;
  const days = Math.floor(diff / DAY);
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return formatDate(date);
}

export function formatDate(date: Date): string {
  return dateFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(date);
}

/** "+12125550143" → "(212) 555-0143"; other numbers keep their E.164 form, spaced. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (m) return `(${m[1]}) ${m[2]}-${m[3]}`;
  return e164.replace(/^(\+\d{2})(\d{3})(\d{3})(\d+)$/, "$1 $2 $3 $4");
}

export function initials(firstName: string, lastName: string): string {
  return `${firstName.charAt(0)}${lastName.charAt(0)}`.toUpperCase();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** When a hold runs out, from the store's point of view. */
export function describeDue(expiresAt: Date, now: Date, timeZone: string): { label: string; state: "overdue" | "today" | "later" } {
  const time = dateFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(expiresAt);
  if (expiresAt <= now) {
    const hours = Math.floor((now.getTime() - expiresAt.getTime()) / HOUR);
    return { label: hours < 1 ? "Expired just now" : hours < 48 ? `Expired ${hours} h ago` : `Expired ${formatDate(expiresAt)}`, state: "overdue" };
  }
  if (localDate(expiresAt, timeZone) === localDate(now, timeZone)) return { label: `Due today, ${time}`, state: "today" };
  const day = dateFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone }).format(expiresAt);
  return { label: `Until ${day}, ${time}`, state: "later" };
}

/** A span of minutes as people say it: "12 min", "3 h 20 min", "2 days 4 h". */
export function formatDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  // Round to whole hours first, so 2 days 23.5 h reads "3 days", never "2 days 24 h".
  const totalHours = Math.round(m / 60);
  const days = Math.floor(totalHours / 24);
  const hours = totalHours - days * 24;
  return `${days} ${days === 1 ? "day" : "days"}${hours ? ` ${hours} h` : ""}`;
}

export function formatPercent(ratio: number | null): string {
  return ratio == null ? "–" : `${Math.round(ratio * 100)}%`;
}
