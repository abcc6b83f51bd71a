import type { Metadata } from "next";
import { getDb } from "@/db";
import { requireManager } from "@/lib/auth";
import { formatIsoDate, localDate } from "@/lib/dates";
import { upcomingClosures } from "@/lib/store-hours";
import { getStoreSchedule } from "@/lib/store-schedule";
import { Card, EmptyNote } from "@/components/ui/card";
import { AddClosureForm, RemoveClosure, OpeningHoursForm } from "./hours-forms";

export const metadata: Metadata = { title: "Opening hours" };

export default async function StoreHoursPage() {
  const me = await requireManager();
  const now = new Date();
  const schedule = await getStoreSchedule(getDb(), { storeId: me.storeId, now });
  if (!schedule) throw new Error("The signed-in manager's store is missing.");
  const today = localDate(now, me.storeTimezone);
  const closures = upcomingClosures(schedule, today);
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold">Opening hours</h2>
        <p className="text-muted">
          Holds end at closing time, and customers are offered pick-up times only while {me.storeName} is open. Times are the store&apos;s own ({me.storeTimezone.replace(/_/g, " ")}).
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Every week" id="weekly-hours">
          <OpeningHoursForm hours={schedule.hours} />
        </Card>
        <Card title="Closed days" id="closed-days">
          <div className="space-y-4">
            {closures.length ? (
              <ul className="divide-y divide-line">
                {closures.map((c) => {
                  const label = formatIsoDate(c.day, { withYear: true });
                  return (
                    <li key={c.day} className="flex flex-wrap items-center justify-between gap-3 py-2">
                      <span>
                        <span className="font-medium">{label}</span>
                        {c.reason ? <span className="text-muted"> · {c.reason}</span> : null}
                      </span>
                      <RemoveClosure day={c.day} label={label} />
                    </li>
                  );
                })}
              </ul>
            ) : (
              <EmptyNote>No closed days ahead.</EmptyNote>
            )}
            <AddClosureForm today={today} />
          </div>
        </Card>
      </div>
    </div>
  );
}
