import type { Metadata } from "next";
import { asc, eq, and } from "drizzle-orm";
import { getDb } from "@/db";
import { formatDuration } from "@/lib/format";
import { listBookingStores } from "@/lib/booking-page";
import { staff } from "@/db/schema";
import { requireManager } from "@/lib/auth";
import { listAppointmentTypes, listStaffAvailability, storeAppointmentHours } from "@/lib/appointment-setup";
import { availabilityWeek, describeWeek, KIND_LABELS } from "@/lib/appointment-hours";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { AddTypeForm, AppointmentHoursForm, TypeActiveToggle } from "./forms";

export const metadata: Metadata = { title: "Appointments" };

/**
 * What customers can book at the store: when, which kinds of appointment and
 * how long each takes, and who takes them (each associate sets her own hours).
 */
export default async function StoreAppointmentsPage() {
  const me = await requireManager();
  const db = getDb();
  const [hours, types, windows, team, bookingStores] = await Promise.all([
    storeAppointmentHours(db, { storeId: me.storeId }),
    listAppointmentTypes(db, { storeId: me.storeId, activeOnly: false }),
    listStaffAvailability(db, { storeId: me.storeId }),
    db.select({ id: staff.id, name: staff.name }).from(staff).where(and(eq(staff.storeId, me.storeId), eq(staff.active, true))).orderBy(asc(staff.name)),
    listBookingStores(db),
  ]);
  const bookingPath = `/book/${bookingStores.find((s) => s.id === me.storeId)?.slug ?? ""}`;
  if (!hours) throw new Error("The signed-in manager's store is missing.");
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold">Appointments</h2>
        <p className="text-muted">
          Customers book from their private page or the store&apos;s booking page,{" "}
          <a href={bookingPath} className="font-medium text-accent underline-offset-2 hover:underline">
            {bookingPath}
          </a>{" "}
          (share it on the website and in emails). Times are the store&apos;s own ({me.storeTimezone.replace(/_/g, " ")}).
        </p>
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Appointment hours" id="appointment-hours-card">
          <AppointmentHoursForm hours={hours.hours} own={hours.own} />
        </Card>
        <div className="space-y-4">
          <Card title="What customers can book" id="appointment-types">
            <div className="space-y-4">
              {types.length ? (
                <ul className="divide-y divide-line">
                  {types.map((t) => (
                    <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                      <span>
                        <span className="font-medium">{t.name}</span>
                        <span className="text-muted">
                          {" "}
                          · {KIND_LABELS[t.kind]} · {formatDuration(t.durationMinutes)}
                        </span>{" "}
                        {t.active ? null : <Badge tone="neutral">Not offered</Badge>}
                      </span>
                      <TypeActiveToggle typeId={t.id} name={t.name} active={t.active} />
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyNote>Nothing can be booked yet: add a type below.</EmptyNote>
              )}
              <AddTypeForm />
            </div>
          </Card>
          <Card title="Who takes appointments" id="appointment-team">
            <ul className="divide-y divide-line">
              {team.map((person) => {
                const own = windows.filter((w) => w.staffId === person.id);
                return (
                  <li key={person.id} className="py-2">
                    <span className="font-medium">{person.name}</span>
                    <span className="block text-sm text-muted">{own.length ? describeWeek(availabilityWeek(own)) : "Not taking appointments: no hours set."}</span>
                  </li>
                );
              })}
            </ul>
            <p className="mt-3 text-sm text-muted">Each associate sets her own hours and time off under Appointments › Your hours and time off.</p>
          </Card>
        </div>
      </div>
    </div>
  );
}
