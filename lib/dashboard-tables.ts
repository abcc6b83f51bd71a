import type { getStoreDashboard, getStoreTrend } from "./dashboard";
import { formatDuration, formatMoney, formatPercent } from "./format";
import type { CsvValue } from "./csv";

type Dashboard = Awaited<ReturnType<typeof getStoreDashboard>>;
type Row = Dashboard["perAssociate"][number];
type Totals = Dashboard["totals"];
type Figures = Pick<Row, "holdsPlaced" | "pickedUp" | "conversion" | "released" | "expired" | "pickedUpValueCents" | "mentionsAnswered" | "medianAnswerMinutes" | "clientsContacted" | "followUpsDone" | "followUpsOverdue" | "notesWritten">;

interface Column {
  label: string;
  numeric: boolean;
  /** The raw value: what sorts, and what goes into the CSV. */
  value: (row: Figures & { name: string }) => number | string | null;
  display?: (value: number) => string;
  csv?: (value: number) => CsvValue;
}

/**
 * The per-associate table, defined once for the page and its CSV export, so
 * the two always agree.
 */
export const ASSOCIATE_COLUMNS: Column[] = [
  { label: "Associate", numeric: false, value: (r) => r.name },
  { label: "Holds placed", numeric: true, value: (r) => r.holdsPlaced },
  { label: "Picked up", numeric: true, value: (r) => r.pickedUp },
  { label: "Conversion", numeric: true, value: (r) => r.conversion, display: formatPercent, csv: (v) => Math.round(v * 1000) / 10 },
  { label: "Released", numeric: true, value: (r) => r.released },
  { label: "Expired", numeric: true, value: (r) => r.expired },
  { label: "Picked-up value", numeric: true, value: (r) => r.pickedUpValueCents, display: formatMoney, csv: (v) => (v / 100).toFixed(2) },
  { label: "Posts answered", numeric: true, value: (r) => r.mentionsAnswered },
  { label: "Median time to answer", numeric: true, value: (r) => r.medianAnswerMinutes, display: formatDuration, csv: (v) => Math.round(v) },
  { label: "Clients contacted", numeric: true, value: (r) => r.clientsContacted },
  { label: "Follow-ups done", numeric: true, value: (r) => r.followUpsDone },
  { label: "Follow-ups overdue", numeric: true, value: (r) => r.followUpsOverdue },
  { label: "Notes written", numeric: true, value: (r) => r.notesWritten },
];

const CSV_HEADERS: Record<string, string> = { Conversion: "Conversion (%)", "Picked-up value": "Picked-up value (USD)", "Median time to answer": "Median time to answer (minutes)" };

function totalsRow(totals: Totals): Figures & { name: string } {
  return { name: "Whole store", ...totals, mentionsAnswered: totals.mentionsAnswered, medianAnswerMinutes: totals.medianAnswerMinutes };
}

export function associateTable(dashboard: Dashboard) {
  const cells = (row: Figures & { name: string }) =>
    ASSOCIATE_COLUMNS.map((c) => {
      const value = c.value(row);
      return { sort: value, display: value == null ? "–" : typeof value === "number" && c.display ? c.display(value) : String(value) };
    });
  return {
    columns: ASSOCIATE_COLUMNS.map(({ label, numeric }) => ({ label, numeric })),
    rows: dashboard.perAssociate.map((a) => ({ id: a.staffId, cells: cells({ ...a, name: a.active ? a.name : `${a.name} (left)` }) })),
    footer: cells(totalsRow(dashboard.totals)),
  };
}

export function associateCsv(dashboard: Dashboard): { header: string[]; rows: CsvValue[][] } {
  const line = (row: Figures & { name: string }) =>
    ASSOCIATE_COLUMNS.map((c) => {
      const value = c.value(row);
      return value == null ? null : typeof value === "number" && c.csv ? c.csv(value) : value;
    });
  return {
    header: ASSOCIATE_COLUMNS.map((c) => CSV_HEADERS[c.label] ?? c.label),
    rows: [...dashboard.perAssociate.map((a) => line(a)), line(totalsRow(dashboard.totals))],
  };
}

type Trend = Awaited<ReturnType<typeof getStoreTrend>>;

export function trendCsv(trend: Trend, localDay: (d: Date) => string): { header: string[]; rows: CsvValue[][] } {
  return {
    header: ["Period starting", "Holds placed", "Holds picked up", "Posts received", "Posts answered"],
    rows: trend.map((b) => [localDay(b.start), b.holdsPlaced, b.pickedUp, b.mentionsReceived, b.mentionsAnswered]),
  };
}
