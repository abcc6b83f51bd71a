import { z } from "zod";
import { addDays, daysBetween, formatIsoDate, isIsoDate, localDate, startOfLocalDay } from "./dates";

export const PRESET_DAYS = [7, 30, 90] as const;
const MAX_DAYS = 366;

export interface ReportPeriod {
  /** First instant of the first day, and first instant after the last day. */
  from: Date;
  to: Date;
  /** Calendar dates, inclusive, in the store's zone. */
  firstDay: string;
  lastDay: string;
  days: number;
  preset: (typeof PRESET_DAYS)[number] | null;
  label: string;
  /** For the trend chart: days per bar. */
  bucketDays: number;
}

const isoDate = z.string().refine(isIsoDate, "Use a date like 2026-11-23.");

/** What a report URL may say: ?days=7|30|90, or ?from=…&to=… (inclusive dates). */
export const periodParams = z.union([
  z.object({ from: isoDate, to: isoDate }),
  z.object({ days: z.coerce.number().refine((d): d is (typeof PRESET_DAYS)[number] => (PRESET_DAYS as readonly number[]).includes(d)) }),
]);

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; message: string; period: ReportPeriod };

/**
 * The report period for a store: the last N days up to and including today,
 * or a custom range of whole days. Bad input falls back to 30 days with a
 * message saying why.
 */
export function resolvePeriod(search: Record<string, string | string[] | undefined>, { timeZone, now = new Date() }: { timeZone: string; now?: Date }): PeriodResult {
  const today = localDate(now, timeZone);
  const build = (firstDay: string, lastDay: string, preset: ReportPeriod["preset"]): ReportPeriod => {
    const days = daysBetween(firstDay, lastDay) + 1;
    return {
      from: startOfLocalDay(firstDay, timeZone),
      to: startOfLocalDay(addDays(lastDay, 1), timeZone),
      firstDay,
      lastDay,
      days,
      preset,
      label: preset ? `Last ${preset} days` : `${formatIsoDate(firstDay, { withYear: true })} – ${formatIsoDate(lastDay, { withYear: true })}`,
      bucketDays: days <= 92 ? 1 : 7,
    };
  };
  const fallback = build(addDays(today, -29), today, 30);
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const raw = { from: one(search.from), to: one(search.to), days: one(search.days) };
  if (raw.from === undefined && raw.to === undefined && raw.days === undefined) return { ok: true, period: fallback };
  const parsed = periodParams.safeParse(raw.from !== undefined || raw.to !== undefined ? { from: raw.from ?? "", to: raw.to ?? "" } : { days: raw.days });
  if (!parsed.success) return { ok: false, message: "That period is not one we can show; here are the last 30 days.", period: fallback };
  if ("days" in parsed.data) {
    const days = parsed.data.days as (typeof PRESET_DAYS)[number];
    return { ok: true, period: build(addDays(today, -(days - 1)), today, days) };
  }
  const { from, to } = parsed.data;
  if (from > to) return { ok: false, message: "The period starts after it ends; here are the last 30 days.", period: fallback };
  if (from > today) return { ok: false, message: "The period is in the future; here are the last 30 days.", period: fallback };
  if (daysBetween(from, to) + 1 > MAX_DAYS) return { ok: false, message: "Choose at most a year at a time; here are the last 30 days.", period: fallback };
  return { ok: true, period: build(from, to, null) };
}

/** The query string that shows the same period again (for links and exports). */
export function periodQuery(period: ReportPeriod): string {
  return period.preset ? `days=${period.preset}` : `from=${period.firstDay}&to=${period.lastDay}`;
}

/** The first instant of each bar of the trend chart (store-local days or weeks), then the period's end. */
export function bucketEdges(period: ReportPeriod, timeZone: string): Date[] {
  const edges: Date[] = [];
  for (let day = 0; day < period.days; day += period.bucketDays) edges.push(startOfLocalDay(addDays(period.firstDay, day), timeZone));
  edges.push(period.to);
  return edges;
}
