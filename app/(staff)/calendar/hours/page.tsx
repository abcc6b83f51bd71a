import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { listStaffAvailability, listTimeOff, storeAppointmentHours } from "@/lib/appointment-setup";
import { formatIsoDate, localDate } from "@/lib/dates";
import { availabilityWeek, describeWeek } from "@/lib/appointment-hours";
import { Card, EmptyNote } from "@/components/ui/card";
import { AddTimeOffForm, MyHoursForm, RemoveTimeOff } from "./forms";

export const metadata: Metadata = { title: "Your hours" };

/**
 * When customers may book her: her week, and days off. Times are the
 * store's; bookings also stay inside the store's appointment hours.
 */
export default async function MyHoursPage() {
  const me = await requireStaff();
  const db = getDb();
  const now = new Date();
  const [windows, timeOff, storeHours] = await Promise.all([
    listStaffAvailability(db, { storeId: me.storeId, staffId: me.id }),
    listTimeOff(db, { storeId: me.storeId, staffId: me.id, now }),
    storeAppointmentHours(db, { storeId: me.storeId }),
  ]);
  const today = localDate(now, me.storeTimezone);
  const storeWeek = storeHours ? describeWeek(storeHours.hours) : null;
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <Link href="/calendar" className="text-accent underline-offset-2 hover:underline">
          ‹ Appointments
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Your hours for appointments</h1>
        <p className="text-muted">
          Customers booking online are offered times inside your hours{storeWeek ? ` and ${me.storeName}'s appointment hours (${storeWeek})` : ""}, clear of your time off and of what is already booked. Times are the store&apos;s own (
          {me.storeTimezone.replace(/_/g, " ")}).
        </p>
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Every week" id="my-week">
          <MyHoursForm hours={availabilityWeek(windows)} />
        </Card>
        <Card title="Time off" id="time-off">
          <div className="space-y-4">
            {timeOff.length ? (
              <ul className="divide-y divide-line">
                {timeOff.map((t) => {
                  const first = localDate(t.startsAt, me.storeTimezone);
                  const last = localDate(new Date(t.endsAt.getTime() - 1), me.storeTimezone);
                  const label = first === last ? formatIsoDate(first, { withYear: true }) : `${formatIsoDate(first)} to ${formatIsoDate(last, { withYear: true })}`;
                  return (
                    <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                      <span>
                        <span className="font-medium">{label}</span>
                        {t.reason ? <span className="text-muted"> · {t.reason}</span> : null}
                      </span>
                      <RemoveTimeOff timeOffId={t.id} label={label} />
                    </li>
                  );
                })}
              </ul>
            ) : (
              <EmptyNote>No time off ahead.</EmptyNote>
            )}
            <AddTimeOffForm today={today} />
          </div>
        </Card>
      </div>
    </div>
  );
}
