import Link from "next/link";
import type { CalendarAppointment } from "@/lib/appointment-calendar";
import { Badge } from "@/components/ui/badge";

/**
 * One appointment in a line, as Today and the week show it: who is coming
 * (their profile one tap away when they are a customer on record), for what,
 * with whom, and whether they came.
 */
export function AppointmentWho({ appointment: a, myId }: { appointment: CalendarAppointment; myId: string }) {
  return (
    <>
      {a.customerId ? (
        <Link href={`/customers/${a.customerId}`} className="font-medium text-accent underline-offset-2 hover:underline">
          {a.contactName}
        </Link>
      ) : (
        <span className="font-medium">{a.contactName}</span>
      )}{" "}
      · {a.typeName} · {a.staffId === myId ? "with you" : `with ${a.staffName}`}{" "}
      {a.status === "kept" ? <Badge tone="good">Came</Badge> : a.status === "no_show" ? <Badge tone="bad">Did not come</Badge> : null}
    </>
  );
}
