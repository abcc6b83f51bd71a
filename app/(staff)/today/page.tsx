import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { listClientMentions } from "@/lib/client-books";
import { listStoreResponses, RESPONSE_LABELS } from "@/lib/customer-links";
import { addDays, describeDueDate, localDate } from "@/lib/dates";
import { listDueFollowUps } from "@/lib/follow-ups";
import { listStoreHolds } from "@/lib/holds";
import { countWaiting } from "@/lib/inbox";
import { NETWORK_LABELS } from "@/lib/networks";
import { describeDue, formatRelative, plural } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live-refresh";
import { listDayAppointments, type CalendarAppointment } from "@/lib/appointment-calendar";
import { selectionItemsToPrepare } from "@/lib/selections";
import { formatStoreTime } from "@/lib/store-hours";
import { AppointmentWho } from "@/components/appointment-who";
import { AppointmentMark } from "@/components/appointment-mark";
import { markable } from "@/lib/appointment-slots";

export const metadata: Metadata = { title: "Today" };

function CustomerLink({ customer }: { customer: { id: string; firstName: string; lastName: string } }) {
  return (
    <Link href={`/customers/${customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
      {customer.firstName} {customer.lastName}
    </Link>
  );
}

export default async function TodayPage() {
  const me = await requireStaff();
  const db = getDb();
  const now = new Date();
  const today = localDate(now, me.storeTimezone);
  const [followUps, replies, holds, waitingPosts, clientMentions, appointmentsToday, appointmentsTomorrow] = await Promise.all([
    listDueFollowUps(db, { staffId: me.id, today }),
    listStoreResponses(db, { storeId: me.storeId, now }),
    listStoreHolds(db, { storeId: me.storeId }),
    countWaiting(db, { storeId: me.storeId }),
    listClientMentions(db, { staffId: me.id }),
    listDayAppointments(db, { storeId: me.storeId, day: today }),
    listDayAppointments(db, { storeId: me.storeId, day: addDays(today, 1) }),
  ]);
  const visiting = [...appointmentsToday, ...appointmentsTomorrow].flatMap((a) => (a.customerId ? [a.customerId] : []));
  const picked = await selectionItemsToPrepare(db, { storeId: me.storeId, customerIds: [...new Set(visiting)], now });
  const dueToday = holds.map((h) => ({ ...h, due: describeDue(h.expiresAt, now, me.storeTimezone) })).filter((h) => h.due.state !== "later");
  const unseen = replies.filter((r) => !r.seenAt).length;

  return (
    <div className="space-y-6">
      <LiveRefresh topics={[`store:${me.storeId}`]} kinds={["mention", "response", "hold", "follow_up", "client", "appointment"]} since={now.getTime()} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Today at {me.storeName}</h1>
          <p className="text-muted">
            {plural(followUps.length, "follow-up")} due · {plural(unseen, "new reply", "new replies")} from customers · {plural(dueToday.length, "hold")} ending today or expired ·{" "}
            <Link href="/mentions" className="text-accent underline-offset-2 hover:underline">
              {plural(waitingPosts, "conversation")} waiting for an answer
            </Link>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/calendar" className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
            Appointments
          </Link>
          <Link href="/outbox" className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
            Outbox
          </Link>
        </div>
      </div>
      {appointmentsToday.length || appointmentsTomorrow.length ? (
        <Appointments days={[{ label: "Today", appointments: appointmentsToday }, { label: "Tomorrow", appointments: appointmentsTomorrow }]} holds={holds} picked={picked} me={me} now={now.getTime()} />
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="Your follow-ups" id="follow-ups" action={<Link href="/clients?filter=attention" className="text-sm font-medium text-accent">My clients</Link>}>
          {followUps.length === 0 ? (
            <EmptyNote>Nothing due today. Set follow-ups from a customer’s profile.</EmptyNote>
          ) : (
            <ul className="divide-y divide-line">
              {followUps.map((f) => {
                const due = describeDueDate(f.dueOn, today);
                return (
                  <li key={f.id} className="space-y-0.5 py-2.5">
                    <p className="flex flex-wrap items-center gap-2">
                      <Badge tone={due.state === "overdue" ? "bad" : "warn"}>{due.label}</Badge>
                      <CustomerLink customer={f.customer} />
                    </p>
                    <p>{f.reason}</p>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <Card title="Posts by your clients" id="client-posts" action={<Link href="/mentions" className="text-sm font-medium text-accent">All posts</Link>}>
          {clientMentions.length === 0 ? (
            <EmptyNote>None of your clients is waiting for an answer.</EmptyNote>
          ) : (
            <ul className="divide-y divide-line">
              {clientMentions.map((m) => (
                <li key={m.id} className="space-y-0.5 py-2.5">
                  <p className="flex flex-wrap items-center gap-2">
                    <CustomerLink customer={m.customer} />
                    <span className="text-sm text-muted">
                      {NETWORK_LABELS[m.network]} · @{m.handle} · {formatRelative(m.postedAt, now)}
                    </span>
                  </p>
                  <p className="line-clamp-2">{m.text}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="From customers' pages" id="replies">
          {replies.length === 0 ? (
            <EmptyNote>No replies from customers in the last two days.</EmptyNote>
          ) : (
            <ul className="divide-y divide-line">
              {replies.map((r) => (
                <li key={r.id} className="space-y-0.5 py-2.5">
                  <p className="flex flex-wrap items-center gap-2">
                    {r.seenAt ? null : <Badge tone="warn">New</Badge>}
                    <CustomerLink customer={r.customer} />
                    <span className="text-sm text-muted">{formatRelative(r.createdAt, now)}</span>
                  </p>
                  <p>
                    <span className="font-medium">{RESPONSE_LABELS[r.kind]}:</span> {r.detail}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Holds ending today" id="due" action={<Link href="/holds" className="text-sm font-medium text-accent">All holds</Link>}>
          {dueToday.length === 0 ? (
            <EmptyNote>No hold ends today.</EmptyNote>
          ) : (
            <ul className="divide-y divide-line">
              {dueToday.map((h) => (
                <li key={h.id} className="space-y-0.5 py-2.5">
                  <Badge tone={h.due.state === "overdue" ? "bad" : "warn"}>{h.due.label}</Badge>
                  <p>
                    {h.product.name} · {h.variant.colour} {h.variant.size} for <CustomerLink customer={h.customer} />
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

type StoreHold = Awaited<ReturnType<typeof listStoreHolds>>[number];

/**
 * The store's appointments today and tomorrow, soonest first, hers marked:
 * who is coming, for what, with whom, and what is on hold for them to have
 * ready. The customer's profile is one tap away; once it is time, one tap
 * says whether they came.
 */
function Appointments({
  days,
  holds,
  picked,
  me,
  now,
}: {
  days: Array<{ label: string; appointments: CalendarAppointment[] }>;
  holds: StoreHold[];
  picked: Awaited<ReturnType<typeof selectionItemsToPrepare>>;
  me: { id: string; storeTimezone: string };
  now: number;
}) {
  return (
    <Card title="Appointments" id="appointments" action={<Link href="/calendar" className="text-sm font-medium text-accent underline-offset-2 hover:underline">The week</Link>}>
      <div className="space-y-3">
        {days.map(({ label, appointments }) => (
          <section key={label} aria-label={`Appointments ${label.toLowerCase()}`}>
            <h3 className="text-sm font-semibold tracking-wide text-muted uppercase">{label}</h3>
            {appointments.length ? (
              <ul className="divide-y divide-line">
                {appointments.map((a) => {
                  const ready = a.customerId ? holds.filter((h) => h.customer.id === a.customerId) : [];
                  const selected = (a.customerId && picked.get(a.customerId)) || [];
                  return (
                    <li key={a.id} className="flex flex-wrap items-start gap-x-4 gap-y-1 py-2.5">
                      <p className="w-20 shrink-0 font-semibold tabular-nums">{formatStoreTime(a.startsAt, me.storeTimezone)}</p>
                      <div className="min-w-0 flex-1 space-y-0.5">
                        <p>
                          <AppointmentWho appointment={a} myId={me.id} />
                        </p>
                        <p className="text-sm text-muted">
                          {ready.length ? `To have ready: ${ready.map((h) => `${h.product.name}, ${h.variant.colour} ${h.variant.size}`).join("; ")}` : "Nothing on hold for them yet."}
                        </p>
                        {selected.length ? (
                          <p className="text-sm text-muted">
                            From their selection, not yet answered: {selected.map((i) => `${i.name}, ${i.colour} ${i.size}${i.asked ? " (asked about it)" : ""}`).join("; ")}
                          </p>
                        ) : null}
                      </div>
                      <AppointmentMark appointmentId={a.id} who={a.contactName} {...markable(a, now)} />
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="py-2 text-muted">No appointments.</p>
            )}
          </section>
        ))}
      </div>
    </Card>
  );
}
