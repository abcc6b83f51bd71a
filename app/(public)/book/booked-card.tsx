import Link from "next/link";
import type { Ref } from "react";
import type { Booked } from "./actions";

/** What she booked, where, and the two things she may want next: the invite for her calendar, and the page to change it. */
export function BookedCard({ booked: b, sentTo, heading, level: H }: { booked: Booked; sentTo: string; heading: Ref<HTMLHeadingElement>; level: "h2" | "h3" }) {
  return (
    <section aria-labelledby="booked-heading" className="space-y-4 rounded-xl border border-line bg-white p-4">
      <H id="booked-heading" ref={heading} tabIndex={-1} className="text-xl font-semibold">
        You are booked
      </H>
      <dl className="space-y-2">
        <div>
          <dt className="text-sm text-muted">What</dt>
          <dd>{b.typeName}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">When</dt>
          <dd className="font-medium">{b.when}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">With</dt>
          <dd>{b.staffFirstName}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">Where</dt>
          <dd>
            {b.storeName}, {b.address}
          </dd>
        </div>
      </dl>
      <p className="text-sm text-muted">We sent the confirmation {sentTo}.</p>
      <a href={`/a/${b.manageToken}/invite.ics`} download="appointment.ics" className="flex h-12 items-center justify-center rounded-lg bg-accent px-5 font-medium text-white">
        Add to my calendar
      </a>
      <Link prefetch={false} href={`/a/${b.manageToken}`} className="flex h-12 items-center justify-center rounded-lg border border-line px-5 font-medium text-accent">
        Change or cancel this booking
      </Link>
    </section>
  );
}
