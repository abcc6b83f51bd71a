import type { getPrivacyView } from "@/lib/customer-privacy";
import { formatDate, formatPhone, formatPriceBand, formatRelative } from "@/lib/format";
import { NETWORK_LABELS } from "@/lib/networks";
import { CorrectPreferences, PrivacyButton } from "./privacy-controls";

type View = NonNullable<Awaited<ReturnType<typeof getPrivacyView>>>;

export function PrivacyPanel({ token, view, now }: { token: string; view: View; now: Date }) {
  const { contact, preferences, handles, access } = view;
  const channels = [
    { channel: "email", label: "Email", value: contact.email, consent: contact.consentEmail },
    { channel: "sms", label: "Text messages", value: contact.phone ? formatPhone(contact.phone) : null, consent: contact.consentSms },
    { channel: "phone", label: "Phone calls", value: contact.phone ? formatPhone(contact.phone) : null, consent: contact.consentPhone },
  ];
  const band = preferences ? formatPriceBand(preferences.priceMinCents, preferences.priceMaxCents) : null;
  return (
    <details className="group rounded-xl border border-line bg-white p-4">
      {/* A chevron and a line saying what is inside: a bare heading did not look like something that opens. */}
      <summary className="flex min-h-11 cursor-pointer list-none items-center justify-between gap-3 [&::-webkit-details-marker]:hidden">
        <span>
          <span className="block font-semibold">What we know about you</span>
          <span className="block text-sm text-muted">
            <span className="group-open:hidden">How we may contact you, your sizes and who looked at your details. Tap to see or change.</span>
            <span className="hidden group-open:inline">Tap to close.</span>
          </span>
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 shrink-0 text-muted transition-transform group-open:rotate-180">
          <path d="M5 7.5l5 5 5-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </summary>
      <div className="mt-3 space-y-5 text-base">
        <section aria-labelledby="privacy-contact" className="space-y-2">
          <h3 id="privacy-contact" className="font-semibold">
            How we may contact you
          </h3>
          <ul className="space-y-2">
            {channels.map((c) => (
              <li key={c.channel} className="flex flex-wrap items-start justify-between gap-2">
                <span>
                  {c.label}
                  {c.value ? <span className="text-muted"> · {c.value}</span> : null}
                  <span className="block text-sm text-muted">{c.consent ? "Allowed" : "Not allowed"}</span>
                </span>
                <PrivacyButton token={token} fields={{ kind: "withdraw", channel: c.channel }} label={`Stop ${c.label.toLowerCase()}`} doneLabel="Stopped" done={!c.consent} />
              </li>
            ))}
          </ul>
        </section>
        {preferences ? (
          <section aria-labelledby="privacy-prefs" className="space-y-1">
            <h3 id="privacy-prefs" className="font-semibold">
              Sizes and preferences
            </h3>
            <p>
              {Object.entries(preferences.sizes)
                .map(([category, size]) => `${category} ${size}`)
                .join(", ") || "No sizes saved"}
            </p>
            {preferences.colours.length ? <p>Colours: {preferences.colours.join(", ")}</p> : null}
            {preferences.brands.length ? <p>Brands: {preferences.brands.join(", ")}</p> : null}
            {band ? <p>Budget: {band}</p> : null}
          </section>
        ) : null}
        <CorrectPreferences
          token={token}
          sizes={preferences?.sizes ?? {}}
          colours={(preferences?.colours ?? []).join(", ")}
          priceMin={preferences?.priceMinCents == null ? "" : String(preferences.priceMinCents / 100)}
          priceMax={preferences?.priceMaxCents == null ? "" : String(preferences.priceMaxCents / 100)}
        />
        <section aria-labelledby="privacy-handles" className="space-y-2">
          <h3 id="privacy-handles" className="font-semibold">
            Social accounts linked to you
          </h3>
          {handles.length ? (
            <ul className="space-y-2">
              {handles.map((h) => (
                <li key={h.id} className="flex flex-wrap items-start justify-between gap-2">
                  <span>
                    {NETWORK_LABELS[h.network]} @{h.handle}
                  </span>
                  <PrivacyButton token={token} fields={{ kind: "unlink", handleId: h.id }} label="Unlink" />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted">None.</p>
          )}
        </section>
        <section aria-labelledby="privacy-access" className="space-y-2">
          <h3 id="privacy-access" className="font-semibold">
            Who at the store looked at or changed your details
          </h3>
          <ul className="space-y-1 text-sm">
            {access.map((a, i) => (
              <li key={i}>
                {a.who} {a.what}, {formatRelative(a.at, now)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="privacy-erase" className="space-y-2">
          <h3 id="privacy-erase" className="font-semibold">
            Erase your data
          </h3>
          {view.erasureRequestedAt ? (
            <p>You asked on {formatDate(view.erasureRequestedAt)}. A manager will erase your data within 30 days of that date.</p>
          ) : (
            <PrivacyButton token={token} fields={{ kind: "erase" }} label="Ask us to erase my data" />
          )}
        </section>
      </div>
    </details>
  );
}
