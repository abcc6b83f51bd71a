import type { Metadata, Route } from "next";
import Link from "next/link";
import { appointmentFigures } from "@/lib/appointment-calendar";
import { getDb } from "@/db";
import { requireManager } from "@/lib/auth";
import { getStoreDashboard, getStoreTrend } from "@/lib/dashboard";
import { DASHBOARD_TABLES, dashboardTable, type DashboardTable } from "@/lib/dashboard-tables";
import { formatIsoDate, localDate } from "@/lib/dates";
import { formatDuration, formatMoney, formatPercent } from "@/lib/format";
import { bucketEdges, PRESET_DAYS, periodQuery, resolvePeriod } from "@/lib/periods";
import { PeopleBars, TrendChart } from "@/components/charts";
import { SortableTable } from "@/components/sortable-table";
import { SelectionCredits } from "./selection-credits";

export const metadata: Metadata = { title: "Store dashboard" };

const CHANNEL_NAMES = { posts: "Posts and comments", sms: "Text messages", email: "Email", page: "Questions on customers' pages" } as const;

function Tile({ label, value, detail, tone = "plain" }: { label: string; value: string; detail: string; tone?: "plain" | "bad" | "good" }) {
  const look = tone === "bad" ? "border-red-200 bg-red-50" : tone === "good" ? "border-emerald-200 bg-emerald-50" : "border-line bg-white";
  return (
    <div className={`rounded-xl border px-4 py-3 ${look}`}>
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="mt-0.5 text-2xl font-semibold tabular-nums">{value}</dd>
      <dd className="text-sm text-muted">{detail}</dd>
    </div>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireManager();
  const now = new Date();
  const resolved = resolvePeriod(await searchParams, { timeZone: me.storeTimezone, now });
  const { period } = resolved;
  const db = getDb();
  const [dashboard, trend, visits] = await Promise.all([
    getStoreDashboard(db, { storeId: me.storeId, period, today: localDate(now, me.storeTimezone), now }),
    getStoreTrend(db, { storeId: me.storeId, edges: bucketEdges(period, me.storeTimezone) }),
    appointmentFigures(db, { storeId: me.storeId, from: period.from, to: period.to }),
  ]);
  const { totals } = dashboard;
  // One formatter for every bar: toLocaleDateString builds one per call (~0.1 ms each, 366 for a year).
  const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: me.storeTimezone });
  const labels = trend.map((b) => dayLabel.format(b.start));
  const query = periodQuery(period);
  // The bars show people who did something in the period; the table lists everyone.
  const people = dashboard.perAssociate.filter((a) => a.holdsPlaced || a.answered || a.clientsContacted);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 className="text-xl font-semibold">{period.label}</h2>
          <p className="text-muted">
            {formatIsoDate(period.firstDay, { withYear: true })} to {formatIsoDate(period.lastDay, { withYear: true })}, both days included
          </p>
        </div>
        <nav aria-label="Period" className="flex flex-wrap items-end gap-2">
          {PRESET_DAYS.map((days) => (
            <Link key={days} href={`/store?days=${days}` as Route} aria-current={period.preset === days ? "page" : undefined} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50 aria-[current=page]:border-accent aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent">
              {days} days
            </Link>
          ))}
          <details className="relative" open={!resolved.ok || !period.preset}>
            <summary className="inline-flex h-11 cursor-pointer list-none items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">Custom</summary>
            <form action="/store" className="absolute right-0 z-10 mt-2 w-72 space-y-3 rounded-xl border border-line bg-white p-4 shadow-lg">
              <label className="block text-sm font-medium">
                From
                <input type="date" name="from" required defaultValue={period.firstDay} max={localDate(now, me.storeTimezone)} className="mt-1 block h-11 w-full rounded-lg border border-stone-300 px-3" />
              </label>
              <label className="block text-sm font-medium">
                To
                <input type="date" name="to" required defaultValue={period.lastDay} className="mt-1 block h-11 w-full rounded-lg border border-stone-300 px-3" />
              </label>
              <button type="submit" className="h-11 w-full rounded-lg bg-accent font-medium text-white hover:bg-accent-strong">
                Show this period
              </button>
            </form>
          </details>
        </nav>
      </div>
      {resolved.ok ? null : (
        <p role="alert" className="rounded-lg bg-amber-50 px-4 py-2 text-amber-900">
          {resolved.message}
        </p>
      )}

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Tile label="Holds placed" value={String(totals.holdsPlaced)} detail={`${totals.pickedUp} picked up · ${formatPercent(totals.conversion)} of those ended`} />
        <Tile label="Value picked up" value={formatMoney(totals.pickedUpValueCents)} detail={`${totals.released} released · ${totals.expired} expired · ${totals.stillOpen} open`} />
        <Tile label="Answered" value={formatPercent(totals.answerRate)} detail={`${totals.answered} of ${totals.received} posts, texts, emails and page questions`} tone={totals.answerRate != null && totals.answerRate >= 0.9 ? "good" : "plain"} />
        <Tile label="Median time to answer" value={totals.medianAnswerMinutes == null ? "–" : formatDuration(totals.medianAnswerMinutes)} detail="Every channel, from message to answer" />
        <Tile label="Unanswered after 24 h" value={String(totals.unansweredOver24h)} detail={totals.unansweredOver24h ? "Came in the period, still waiting" : "None waiting"} tone={totals.unansweredOver24h ? "bad" : "good"} />
        <Tile label="Clients contacted" value={String(totals.clientsContacted)} detail="Calls, messages, links, replies, visits" />
        <Tile label="Follow-ups" value={`${totals.followUpsDone} done`} detail={`${totals.followUpsOverdue} overdue today`} tone={totals.followUpsOverdue ? "bad" : "plain"} />
        <Tile label="Notes written" value={String(totals.notesWritten)} detail="Shared with every store" />
      </dl>

      <section aria-labelledby="by-channel" className="space-y-3">
        <h2 id="by-channel" className="text-lg font-semibold">
          Answers by channel
        </h2>
        <div className="overflow-x-auto rounded-xl border border-line bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Answers by channel</caption>
            <thead className="border-b border-line text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Channel</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Received</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Answered</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Median time to answer</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Unanswered after 24 h</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {dashboard.byChannel.map((c) => (
                <tr key={c.channel}>
                  <th scope="row" className="px-4 py-2 font-medium">{CHANNEL_NAMES[c.channel]}</th>
                  <td className="px-4 py-2 text-right tabular-nums">{c.received}</td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {c.answered} {c.answerRate == null ? null : <span className="text-muted">({formatPercent(c.answerRate)})</span>}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{c.medianAnswerMinutes == null ? "–" : formatDuration(c.medianAnswerMinutes)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{c.unansweredOver24h}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="appointments" className="space-y-3">
        <h2 id="appointments" className="text-lg font-semibold">
          Appointments
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Tile label="Booked" value={String(visits.booked)} detail={`${visits.open} still to come · ${visits.cancelled} cancelled`} />
          <Tile label="Kept" value={String(visits.kept)} detail={visits.booked ? `${formatPercent(visits.kept / visits.booked)} of those booked` : "None booked in the period"} />
          <Tile label="No-shows" value={String(visits.noShows)} detail="Booked, and did not come" tone={visits.noShows ? "bad" : "plain"} />
          <Tile label="Sales after appointments" value={formatMoney(visits.salesAfter.totalCents)} detail={`${visits.salesAfter.purchases} purchases within a week of a kept appointment`} />
        </dl>
      </section>

      <SelectionCredits storeId={me.storeId} from={period.from} to={period.to} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-xl border border-line bg-white p-4">
          <TrendChart
            title={period.bucketDays === 1 ? "Holds per day" : "Holds per week"}
            labels={labels}
            series={[
              { label: "Placed", colour: "text-accent", values: trend.map((b) => b.holdsPlaced) },
              { label: "Picked up", colour: "text-emerald-600", values: trend.map((b) => b.pickedUp) },
            ]}
          />
        </section>
        <section className="rounded-xl border border-line bg-white p-4">
          <TrendChart
            title={period.bucketDays === 1 ? "Social posts per day" : "Social posts per week"}
            labels={labels}
            series={[
              { label: "Received", colour: "text-amber-600", values: trend.map((b) => b.mentionsReceived) },
              { label: "Answered", colour: "text-accent", values: trend.map((b) => b.mentionsAnswered) },
            ]}
          />
        </section>
        <section className="rounded-xl border border-line bg-white p-4">
          <PeopleBars
            title="Holds placed and picked up"
            measures={[
              { label: "Placed", colour: "text-accent" },
              { label: "Picked up", colour: "text-emerald-600" },
            ]}
            rows={people.map((a) => ({ label: a.name, values: [a.holdsPlaced, a.pickedUp] }))}
          />
        </section>
        <section className="rounded-xl border border-line bg-white p-4">
          <PeopleBars
            title="Answered and clients contacted"
            measures={[
              { label: "Answered", colour: "text-accent" },
              { label: "Clients contacted", colour: "text-stone-500" },
            ]}
            rows={people.map((a) => ({ label: a.name, values: [a.answered, a.clientsContacted] }))}
          />
        </section>
      </div>

      {(Object.keys(DASHBOARD_TABLES) as DashboardTable[]).map((key) => {
        const table = dashboardTable(dashboard, key);
        return (
          <section key={key} aria-labelledby={`table-${key}`} className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-3">
              <h2 id={`table-${key}`} className="text-lg font-semibold">
                {DASHBOARD_TABLES[key].title}
              </h2>
              <a href={`/store/export/${key}?${query}`} className="text-sm font-medium text-accent underline-offset-2 hover:underline" download>
                Download this table (CSV)
              </a>
            </div>
            <SortableTable caption={DASHBOARD_TABLES[key].title} columns={table.columns} rows={table.rows} footer={table.footer} />
          </section>
        );
      })}
      <div className="space-y-1 text-sm text-muted">
        <p>Holds count in the period they were placed; conversion is picked up out of those that have ended (picked up, released or expired). Posts count in the period they were posted; a post by a client counts for the associate who looks after them, whoever answered it. The whole-store line counts every post, including those by customers nobody looks after. Follow-ups overdue are as of today.</p>
        <p>
          The charts count each pick-up and answer on the day it happened.{" "}
          <a href={`/store/export/trend?${query}`} className="font-medium text-accent underline-offset-2 hover:underline" download>
            Download the charts’ figures (CSV)
          </a>
        </p>
      </div>
    </div>
  );
}
