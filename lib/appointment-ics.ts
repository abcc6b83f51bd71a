import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface IcsAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked" | "cancelled" | "kept" | "no_show";
  sequence: number;
  typeName: string;
  staffName: string;
}

export interface IcsStore {
  name: string;
  address: string;
  phone: string;
}

/** The domain the invites' UIDs live in: stable per appointment, whatever server writes them. */
const UID_DOMAIN = "appointments.shopkeeper";

/** The UID of an appointment's calendar event: the same in every invite about it, so a move or a cancellation updates the event she saved. */
export function appointmentUid(appointmentId: string): string {
  return `${appointmentId}@${UID_DOMAIN}`;
}

/**
 * A calendar invite (iCalendar, RFC 5545) for an appointment: one event,
 * its times in UTC (no VTIMEZONE to get wrong; her calendar shows them on
 * her own clock), the store's address as the location and the link to
 * cancel or move it. METHOD:PUBLISH, as there is no organizer to reply to.
 * Each move and the cancellation raise SEQUENCE, and a cancelled
 * appointment's invite says STATUS:CANCELLED, so calendars update the event
 * with this UID rather than add another.
 */
export function appointmentIcs(appointment: IcsAppointment, store: IcsStore, { manageUrl, now = new Date() }: { manageUrl?: string | null; now?: Date } = {}): string {
  const calendar = ical({ prodId: { company: "Shopkeeper", product: "Appointments", language: "EN" }, method: ICalCalendarMethod.PUBLISH, name: store.name });
  const cancelled = appointment.status === "cancelled";
  const lines = [`${appointment.typeName} with ${appointment.staffName} at ${store.name}.`, `${store.address}. Phone ${store.phone}.`];
  if (manageUrl && !cancelled) lines.push(`To cancel or move it: ${manageUrl}`);
  calendar.createEvent({
    id: appointmentUid(appointment.id),
    sequence: appointment.sequence,
    stamp: now,
    start: appointment.startsAt,
    end: appointment.endsAt,
    summary: `${appointment.typeName} at ${store.name}`,
    location: `${store.name}, ${store.address}`,
    description: lines.join("\n"),
    url: manageUrl && !cancelled ? manageUrl : null,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
