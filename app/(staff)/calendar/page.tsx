import type { Metadata, Route } from "next";
import Link from "next/link";
import { z } from "zod";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { weekCalendar } from "@/lib/appointment-calendar";
import { addDays, formatIsoDate, isIsoDate, localDate } from "@/lib/dates";
import { formatStoreTime } from "@/lib/store-hours";
import { Badge } from "@/components/ui/badge";
import { AppointmentWho } from "@/components/appointment-who";
import { AppointmentMark } from "@/components/appointment-mark";
import { LiveRefresh } from "@/components/live-refresh";
import { markable } from "@/lib/appointment-slots";

export const metadata: Metadata = { title: "Appointments" };

const paramsSchema = z.object({
  week: z.string().refine(isIsoDate).optional().catch(undefined),
  who: z.enum(["me", "store"]).catch("me"),
});

/** The Monday of the week a day falls in ("2026-11-30" is a Monday). */
function mondayOf(day: string): string {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

const TAB = "inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50 aria-[current=page]:border-accent aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent";

/**
 * A week of appointments, hers or the whole store's, a day at a time: who is
 * coming, when, for what and with whom, each customer one tap away.
 */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaff();
  const params = paramsSchema.parse(await searchParams);
  const now = new Date();
  const today = localDate(now, me.storeTimezone);
  const weekStart = mondayOf(params.week ?? today);
  const days = await weekCalendar(getDb(), { storeId: me.storeId, staffId: params.who === "me" ? me.id : undefined, weekStart });
  const link = (changes: { week?: string; who?: string }) => `/calendar?week=${changes.week ?? weekStart}&who=${changes.who ?? params.who}` as Route;
  const total = days.reduce((n, d) => n + d.appointments.length, 0);
  return (
    <div className="space-y-6">
      <LiveRefresh topics={[`store:${me.storeId}`]} kinds={["appointment"]} since={now.getTime()} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{params.who === "me" ? "Your appointments" : `Appointments at ${me.storeName}`}</h1>
          <p className="text-muted">
            Week of {formatIsoDate(weekStart, { withYear: true })} · {total === 1 ? "1 appointment" : `${total} appointments`}
          </p>
        </div>
        <nav aria-label="Whose appointments" className="flex flex-wrap gap-2">
          <Link href={link({ who: "me" })} aria-current={params.who === "me" ? "page" : undefined} className={TAB}>
            Yours
          </Link>
          <Link href={link({ who: "store" })} aria-current={params.who === "store" ? "page" : undefined} className={TAB}>
            The whole store
          </Link>
        </nav>
      </div>
      <div className="flex flex-wrap justify-between gap-2">
      <nav aria-label="Week" className="flex flex-wrap gap-2">
        <Link href={link({ week: addDays(weekStart, -7) })} className={TAB}>
          ‹ Week before
        </Link>
        <Link href={link({ week: mondayOf(today) })} aria-current={weekStart === mondayOf(today) ? "page" : undefined} className={TAB}>
          This week
        </Link>
        <Link href={link({ week: addDays(weekStart, 7) })} className={TAB}>
          Week after ›
        </Link>
      </nav>
        <Link href="/calendar/hours" className={TAB}>
          Your hours and time off
        </Link>
      </div>
      <ol className="space-y-4">
        {days.map(({ day, appointments }) => (
          <li key={day} aria-labelledby={`day-${day}`} className="rounded-xl border border-line bg-white">
            <h2 id={`day-${day}`} className="flex items-center gap-2 border-b border-line px-4 py-2.5 font-semibold">
              {formatIsoDate(day)}
              {day === today ? <Badge tone="accent">Today</Badge> : null}
            </h2>
            {appointments.length === 0 ? (
              <p className="px-4 py-3 text-muted">No appointments.</p>
            ) : (
              <ul className="divide-y divide-line">
                {appointments.map((a) => (
                  <li key={a.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5">
                    <span className="w-40 shrink-0 font-semibold whitespace-nowrap tabular-nums">
                      {formatStoreTime(a.startsAt, me.storeTimezone)}–{formatStoreTime(a.endsAt, me.storeTimezone)}
                    </span>
                    <span className="min-w-0 flex-1">
                      <AppointmentWho appointment={a} myId={me.id} />
                    </span>
                    <AppointmentMark appointmentId={a.id} who={a.contactName} {...markable(a, now.getTime())} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
