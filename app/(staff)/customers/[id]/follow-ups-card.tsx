import { Card, EmptyNote } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CONTACT_LABELS, type listContacts } from "@/lib/contacts";
import type { ContactConsent } from "@/lib/contacts-labels";
import { addDays, describeDueDate, formatIsoDate } from "@/lib/dates";
import type { listCustomerFollowUps } from "@/lib/follow-ups";
import { formatRelative } from "@/lib/format";
import { CompleteFollowUp, LogContact, SetFollowUp } from "./follow-up-forms";

type FollowUps = Awaited<ReturnType<typeof listCustomerFollowUps>>;
type Contacts = Awaited<ReturnType<typeof listContacts>>;

/** What is planned with this customer and when staff last reached them. */
export function FollowUpsCard({
  customerId,
  consent,
  followUps,
  contacts,
  today,
  now,
  storeId,
}: {
  customerId: string;
  consent: ContactConsent;
  followUps: FollowUps;
  contacts: Contacts;
  today: string;
  now: Date;
  storeId: string;
}) {
  // Only the three flags go to the forms: a client component's props are written into the page.
  const { consentPhone, consentSms, consentEmail } = consent;
  const flags = { consentPhone, consentSms, consentEmail };
  const last = contacts[0];
  return (
    <Card title="Follow-ups and contact" id="follow-ups">
      <p className="pb-3 text-muted">
        {last ? (
          <>
            Last contact {formatRelative(last.at, now)}: {CONTACT_LABELS[last.kind].toLowerCase()}, {last.staffName}
            {last.summary ? ` · “${last.summary}”` : ""}
          </>
        ) : (
          "No contact on record yet."
        )}
      </p>
      {followUps.open.length === 0 ? (
        <EmptyNote>No follow-up planned.</EmptyNote>
      ) : (
        <ul className="divide-y divide-line border-y border-line">
          {followUps.open.map((f) => {
            const due = describeDueDate(f.dueOn, today);
            const here = f.storeId === storeId;
            return (
              <li key={f.id} className="space-y-1 py-2.5">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={due.state === "overdue" ? "bad" : due.state === "today" ? "warn" : "neutral"}>{due.label}</Badge>
                  <span className="text-sm text-muted">{f.staffName}</span>
                </p>
                <p>{f.reason}</p>
                {here ? <CompleteFollowUp customerId={customerId} followUpId={f.id} consent={flags} /> : <p className="text-sm text-muted">Set at another store.</p>}
              </li>
            );
          })}
        </ul>
      )}
      {followUps.closed.length ? (
        <details className="mt-2">
          <summary className="inline-flex h-10 cursor-pointer items-center text-sm font-medium text-accent">Recently done</summary>
          <ul className="space-y-1 pb-2 text-sm text-muted">
            {followUps.closed.map((f) => (
              <li key={f.id}>
                {f.reason} · done by {f.staffName} {f.doneAt ? formatRelative(f.doneAt, now) : ""}
                {f.outcome ? ` · “${f.outcome}”` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="mt-3 grid gap-2 sm:grid-cols-2">
        <SetFollowUp customerId={customerId} defaultDate={addDays(today, 7)} minDate={today} maxDate={addDays(today, 366)} hint={`Today is ${formatIsoDate(today)}.`} />
        <LogContact customerId={customerId} consent={flags} />
      </div>
      {contacts.length > 1 ? (
        <details className="mt-2">
          <summary className="inline-flex h-10 cursor-pointer items-center text-sm font-medium text-accent">Earlier contacts</summary>
          <ul className="space-y-1 pb-2 text-sm text-muted">
            {contacts.slice(1).map((c) => (
              <li key={c.id}>
                {CONTACT_LABELS[c.kind]} · {c.staffName} · {formatRelative(c.at, now)}
                {c.summary ? ` · “${c.summary}”` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Card>
  );
}
