import type { CustomerProfile } from "@/lib/customer-profile";
import { formatDate, formatMoney, formatPhone, formatRelative, plural } from "@/lib/format";
import { Avatar } from "@/components/ui/avatar";
import { NETWORK_LABELS } from "@/lib/networks";

function Consent({ label, given }: { label: string; given: boolean }) {
  return (
    <li className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-sm ${given ? "bg-emerald-50 text-emerald-800" : "bg-stone-100 text-stone-700 line-through"}`}>
      <span aria-hidden="true">{given ? "✓" : "✕"}</span>
      {label}
      <span className="sr-only">{given ? ": may contact" : ": do not contact"}</span>
    </li>
  );
}

const ACTION = "inline-flex h-11 items-center justify-center rounded-lg border border-line bg-white px-3.5 font-medium whitespace-nowrap hover:bg-stone-50";

/**
 * The customer at a glance, and the four things done most (put aside, note,
 * message, follow-up), in a compact bar that stays in view while the page
 * scrolls. A notice (an item put aside) shows in it, so it is never off-screen.
 */
export function ProfileHeader({ profile, notice }: { profile: CustomerProfile; notice?: string }) {
  const { customer } = profile;
  const line = [customer.occupation, customer.assigned ? `Client of ${customer.assigned.name}` : "No associate yet", customer.homeStore?.name].filter(Boolean).join(" · ");
  return (
    <section aria-labelledby="customer-name" className="sticky top-16 z-10 -mx-4 border-b border-line bg-canvas/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        <div className="flex min-w-0 flex-1 basis-80 items-center gap-3">
          <Avatar id={customer.id} firstName={customer.firstName} lastName={customer.lastName} />
          <div className="min-w-0">
            <h1 id="customer-name" className="truncate text-xl font-semibold tracking-tight">
              {customer.firstName} {customer.lastName}
            </h1>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">
              <span className="truncate">{line}</span>
              <ul aria-label="Contact consent" className="flex gap-1.5">
                <Consent label="Email" given={customer.consentEmail} />
                <Consent label="SMS" given={customer.consentSms} />
                <Consent label="Phone" given={customer.consentPhone} />
              </ul>
            </div>
          </div>
        </div>
        <nav aria-label={`Actions for ${customer.firstName}`} className="flex flex-wrap gap-2">
          <a href="#put-aside" className={ACTION}>
            Put aside
          </a>
          <a href="#notes" className={ACTION}>
            Note
          </a>
          <a href="#send-link" className={ACTION}>
            Message
          </a>
          <a href="#follow-ups" className={ACTION}>
            Follow-up
          </a>
        </nav>
      </div>
      {notice ? (
        <p role="status" className="mt-2 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2 font-medium text-emerald-900">
          {notice}
        </p>
      ) : null}
    </section>
  );
}

/** Who the customer is and how to reach them: for the "Sizes and details" tab. */
export function ProfileFacts({ profile, now }: { profile: CustomerProfile; now: Date }) {
  const { customer, handles, lifetime } = profile;
  const facts: Array<[string, string]> = [
    ["Lifetime spend", lifetime.purchaseCount ? `${formatMoney(lifetime.spendCents)} · ${plural(lifetime.purchaseCount, "purchase")}` : "No purchases yet"],
    ["Last visit", customer.lastVisitAt ? `${formatRelative(customer.lastVisitAt, now)}` : "Not yet in store"],
    ["Home store", customer.homeStore?.name ? `${customer.homeStore.name}, ${customer.homeStore.city}` : "None"],
    ["Client of", customer.assigned?.name ?? "Unassigned"],
  ];
  return (
    <section aria-labelledby="facts-heading" className="rounded-xl border border-line bg-white">
      <h2 id="facts-heading" className="border-b border-line px-4 py-3 text-base font-semibold">
        About {customer.firstName}
      </h2>
      <div className="space-y-4 px-4 py-3">
        <p className="text-muted">{[customer.occupation, customer.city, `customer since ${formatDate(customer.createdAt)}`].filter(Boolean).join(" · ")}</p>
        <p className="flex flex-wrap gap-x-5 gap-y-1 text-base">
          {customer.email ? (
            <a className="underline-offset-2 hover:underline" href={`mailto:${customer.email}`}>
              {customer.email}
            </a>
          ) : null}
          {customer.phone ? (
            <a className="underline-offset-2 hover:underline" href={`tel:${customer.phone}`}>
              {formatPhone(customer.phone)}
            </a>
          ) : null}
          {handles.map((h) => (
            <span key={`${h.network}:${h.handle}`}>
              <span className="text-muted">{NETWORK_LABELS[h.network]} </span>@{h.handle}
            </span>
          ))}
        </p>
        <dl className="grid grid-cols-2 gap-4 border-t border-line pt-4 md:grid-cols-4">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-sm text-muted">{label}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
