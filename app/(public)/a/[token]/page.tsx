import Link from "next/link";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { bookingPageLimiter, listBookingStores, manageView } from "@/lib/booking-page";
import { formatPhone } from "@/lib/format";
import { clientAddress } from "@/lib/rate-limit";
import { formatStoreDateTime, formatStoreTime } from "@/lib/store-hours";
import { NothingHere, PublicHeader } from "../../book/public-header";
import { CancelAppointment, MoveAppointment } from "./manage-controls";

export const metadata: Metadata = { title: "Your appointment", robots: { index: false, follow: false } };

const NOT_FOUND = { title: "This link does not open an appointment", text: "It may be mistyped. Your confirmation has the right link, or call the store and we will help." };

/** The page her confirmation and reminders link to: the appointment, its invite, and moving or cancelling it. */
export default async function ManageAppointmentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const now = new Date();
  // Past the limit every link looks unknown, so guessing tokens gets nowhere.
  if (!(await bookingPageLimiter.take(clientAddress(await headers()), now.getTime()))) return <NothingHere {...NOT_FOUND} />;
  const db = getDb();
  const a = await manageView(db, { token, now });
  if (!a) return <NothingHere {...NOT_FOUND} />;
  const slug = (await listBookingStores(db)).find((s) => s.id === a.storeId)?.slug;
  const tz = a.store.timezone;
  const what = a.typeName.toLowerCase();
  const when = `${formatStoreDateTime(a.startsAt, tz)} – ${formatStoreTime(a.endsAt, tz)}`;
  const heading = a.state === "cancelled" ? "This appointment is cancelled" : a.state === "past" ? "This appointment has passed" : `Your ${what} with ${a.staffFirstName}`;
  return (
    <main className="mx-auto max-w-md space-y-6 px-5 py-8">
      <header className="space-y-4">
        <PublicHeader store={a.store.name} />
        <h1 className="text-2xl font-semibold tracking-tight">{heading}</h1>
      </header>
      <dl className={`space-y-2 rounded-xl border border-line bg-white p-4 ${a.state === "upcoming" ? "" : "text-muted"}`}>
        <div>
          <dt className="text-sm text-muted">What</dt>
          <dd>{a.typeName}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">When</dt>
          <dd className={a.state === "cancelled" ? "line-through" : "font-medium"}>{when}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">With</dt>
          <dd>{a.staffFirstName}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">Where</dt>
          <dd>
            {a.store.name}, {a.store.address}
          </dd>
        </div>
      </dl>
      {a.state === "upcoming" ? (
        <>
          <a href={`/a/${token}/invite.ics`} download="appointment.ics" className="flex h-12 items-center justify-center rounded-lg bg-accent px-5 font-medium text-white">
            Add to my calendar
          </a>
          <MoveAppointment token={token} associate={a.staffFirstName} />
          <CancelAppointment token={token} what={`${what} on ${formatStoreDateTime(a.startsAt, tz)}`} />
        </>
      ) : (
        <p>{a.state === "cancelled" ? "Nothing is booked for you at this time." : "It can no longer be moved or cancelled here."} We would be glad to see you again.</p>
      )}
      {a.state !== "upcoming" && slug ? (
        <Link prefetch={false} href={`/book/${slug}`} className="flex h-12 items-center justify-center rounded-lg bg-accent px-5 font-medium text-white">
          Book another visit
        </Link>
      ) : null}
      <p className="text-sm text-muted">
        Questions? Call{" "}
        <a href={`tel:${a.store.phone}`} className="text-accent underline">
          {formatPhone(a.store.phone)}
        </a>
        .
      </p>
    </main>
  );
}
