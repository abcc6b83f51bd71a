import type { getStoreDashboard, getStoreTrend } from "./dashboard";
import { formatDuration, formatMoney, formatPercent } from "./format";
import type { CsvValue } from "./csv";

type Dashboard = Awaited<ReturnType<typeof getStoreDashboard>>;
type Row = Dashboard["perAssociate"][number];
type Totals = Dashboard["totals"];
/** A row of either table: an associate, or the whole store. */
type Line = Omit<Row, "staffId" | "active">;

interface Column {
  label: string;
  /** The CSV header, when it needs a unit the screen shows by formatting. */
  csvLabel?: string;
  numeric: boolean;
  /** The raw value: what sorts, and what goes into the CSV. */
  value: (row: Line) => number | string | null;
  display?: (value: number) => string;
  csv?: (value: number) => CsvValue;
}

const percent = { display: formatPercent, csv: (v: number) => Math.round(v * 1000) / 10 };
const name: Column = { label: "Associate", numeric: false, value: (r) => r.name };

/** Holds by the associate who placed them, for holds placed in the period. */
const HOLD_COLUMNS: Column[] = [
  name,
  { label: "Holds placed", numeric: true, value: (r) => r.holdsPlaced },
  { label: "Picked up", numeric: true, value: (r) => r.pickedUp },
  { label: "Released", numeric: true, value: (r) => r.released },
  { label: "Expired", numeric: true, value: (r) => r.expired },
  { label: "Still open", numeric: true, value: (r) => r.stillOpen },
  { label: "Conversion", csvLabel: "Conversion of ended holds (%)", numeric: true, value: (r) => r.conversion, ...percent },
  { label: "Picked-up value", csvLabel: "Picked-up value (USD)", numeric: true, value: (r) => r.pickedUpValueCents, display: formatMoney, csv: (v) => (v / 100).toFixed(2) },
];

/** Posts, contacts, follow-ups and notes: the associate's service to their clients. */
const SERVICE_COLUMNS: Column[] = [
  name,
  { label: "Answered", csvLabel: "Answered, every channel", numeric: true, value: (r) => r.answered },
  { label: "Median time to answer", csvLabel: "Median time to answer, every channel (minutes)", numeric: true, value: (r) => r.medianAnswerMinutes, display: formatDuration, csv: (v) => Math.round(v) },
  { label: "Clients’ posts", csvLabel: "Posts by their clients", numeric: true, value: (r) => r.clientPostsReceived },
  { label: "Of those answered", csvLabel: "Posts by their clients answered (%)", numeric: true, value: (r) => r.clientPostsAnswerRate, ...percent },
  { label: "Unanswered after 24 h", numeric: true, value: (r) => r.clientPostsUnansweredOver24h },
  { label: "Clients contacted", numeric: true, value: (r) => r.clientsContacted },
  { label: "Follow-ups done", numeric: true, value: (r) => r.followUpsDone },
  { label: "Follow-ups overdue", numeric: true, value: (r) => r.followUpsOverdue },
  { label: "Notes written", numeric: true, value: (r) => r.notesWritten },
];

export const DASHBOARD_TABLES = {
  holds: { title: "Holds by associate", columns: HOLD_COLUMNS },
  service: { title: "Clients and conversations by associate", columns: SERVICE_COLUMNS },
} as const;
export type DashboardTable = keyof typeof DASHBOARD_TABLES;

/** The whole store: store-wide post figures (every post, not only assigned clients'). */
function totalsLine(totals: Totals): Line {
  return {
    ...totals,
    name: "Whole store",
    messagesAnswered: totals.answered - totals.mentionsAnswered,
    clientPostsReceived: totals.mentionsReceived,
    clientPostsAnswerRate: totals.postsAnswerRate,
    clientPostsUnansweredOver24h: totals.postsUnansweredOver24h,
  };
}

const label = (row: Row): Line => ({ ...row, name: row.active ? row.name : `${row.name} (left)` });

/** A table for the page: formatted cells with their sort values. */
export function dashboardTable(dashboard: Dashboard, table: DashboardTable) {
  const { columns } = DASHBOARD_TABLES[table];
  const cells = (row: Line) =>
    columns.map((c) => {
      const value = c.value(row);
      return { sort: value, display: value == null ? "–" : typeof value === "number" && c.display ? c.display(value) : String(value) };
    });
  return {
    columns: columns.map(({ label: l, numeric }) => ({ label: l, numeric })),
    rows: dashboard.perAssociate.map((a) => ({ id: a.staffId, cells: cells(label(a)) })),
    footer: cells(totalsLine(dashboard.totals)),
  };
}

/** The same table as CSV: raw numbers, units in the headers. */
export function dashboardCsv(dashboard: Dashboard, table: DashboardTable): { header: string[]; rows: CsvValue[][] } {
  const { columns } = DASHBOARD_TABLES[table];
  const line = (row: Line) =>
    columns.map((c) => {
      const value = c.value(row);
      return value == null ? null : typeof value === "number" && c.csv ? c.csv(value) : value;
    });
  return {
    header: columns.map((c) => c.csvLabel ?? c.label),
    rows: [...dashboard.perAssociate.map((a) => line(label(a))), line(totalsLine(dashboard.totals))],
  };
}

type Trend = Awaited<ReturnType<typeof getStoreTrend>>;

export function trendCsv(trend: Trend, localDay: (d: Date) => string): { header: string[]; rows: CsvValue[][] } {
  return {
    header: ["Period starting", "Holds placed", "Holds picked up", "Posts received", "Posts answered"],
    rows: trend.map((b) => [localDay(b.start), b.holdsPlaced, b.pickedUp, b.mentionsReceived, b.mentionsAnswered]),
  };
}
