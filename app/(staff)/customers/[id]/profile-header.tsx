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

export function ProfileHeader({ profile, now }: { profile: CustomerProfile; now: Date }) {
  const { customer, handles, lifetime } = profile;
  const facts: Array<[string, string]> = [
    ["Lifetime spend", lifetime.purchaseCount ? `${formatMoney(lifetime.spendCents)} · ${plural(lifetime.purchaseCount, "purchase")}` : "No purchases yet"],
    ["Last visit", customer.lastVisitAt ? `${formatRelative(customer.lastVisitAt, now)}` : "Not yet in store"],
    ["Home store", customer.homeStore?.name ? `${customer.homeStore.name}, ${customer.homeStore.city}` : "None"],
    ["Client of", customer.assigned?.name ?? "Unassigned"],
  ];
  return (
    <section aria-labelledby="customer-name" className="rounded-xl border border-line bg-white p-5">
      <div className="flex flex-wrap items-start gap-5">
        <Avatar id={customer.id} firstName={customer.firstName} lastName={customer.lastName} size="lg" />
        <div className="min-w-0 flex-1 space-y-2">
          <div>
            <h1 id="customer-name" className="text-2xl font-semibold tracking-tight">
              {customer.firstName} {customer.lastName}
            </h1>
            <p className="text-muted">
              {[customer.occupation, customer.city, `customer since ${formatDate(customer.createdAt)}`].filter(Boolean).join(" · ")}
            </p>
          </div>
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
          <ul aria-label="Contact consent" className="flex flex-wrap gap-2">
            <Consent label="Email" given={customer.consentEmail} />
            <Consent label="SMS" given={customer.consentSms} />
            <Consent label="Phone" given={customer.consentPhone} />
          </ul>
        </div>
      </div>
      <dl className="mt-5 grid grid-cols-2 gap-4 border-t border-line pt-4 md:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-sm text-muted">{label}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
