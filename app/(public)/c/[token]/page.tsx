import type { Metadata } from "next";
import { headers } from "next/headers";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { settings } from "@/lib/env";
import { stores } from "@/db/schema";
import { listQuestions, openCustomerLink } from "@/lib/customer-links";
import { formatPhone } from "@/lib/format";
import { clientAddress, customerPageLimiter } from "@/lib/rate-limit";
import { Countdown } from "./countdown";
import { AskQuestion, ReleaseItem, WhenComing } from "./responses";
import { PrivacyPanel } from "./privacy-panel";
import { BookVisit } from "./book-visit";
import { ItemSummary } from "./item-summary";
import { SelectionSection } from "./selection";
import { getPrivacyView } from "@/lib/customer-privacy";
import { daysBetween, formatIsoDate, localDate } from "@/lib/dates";
import { lastPickUpAnswer, linkPickUpChoices } from "@/lib/pick-up-times";
import { describeDayHours, formatStoreDateTime, parseWeeklyHours, upcomingClosures, WEEKDAY_NAMES, WEEKDAYS } from "@/lib/store-hours";
import { getStoreSchedule } from "@/lib/store-schedule";

export const metadata: Metadata = { title: "Set aside for you", robots: { index: false, follow: false } };

async function mainStorePhone() {
  const [flagship] = await getDb().select({ phone: stores.phone }).from(stores).where(eq(stores.isFlagship, true)).limit(1);
  return flagship?.phone ?? null;
}

/**
 * The retailer's name at the top of the page (RETAILER_NAME), with the store
 * under it, so the customer knows at once whose page this is. Without a
 * retailer name set, the store's name stands alone.
 */
function Brand({ store }: { store: string | null }) {
  const retailer = settings().RETAILER_NAME;
  if (!retailer && !store) return null;
  return (
    <p className="flex flex-col items-start border-b border-line pb-3">
      <span className="font-serif text-xl tracking-[0.18em] text-ink uppercase">{retailer ?? store}</span>
      {retailer && store ? <span className="text-sm text-muted">{store}</span> : null}
    </p>
  );
}

function Inactive({ phone }: { phone: string | null }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 py-12 text-center">
      <div className="mb-8 flex justify-center [&>p]:items-center [&>p]:border-none">
        <Brand store={null} />
      </div>
      <h1 className="text-2xl font-semibold">This link is no longer active</h1>
      <p className="mt-3 text-muted">The items may have been collected, or the hold has ended. We are happy to help you find them again.</p>
      {phone ? (
        <a href={`tel:${phone}`} className="mt-6 inline-flex h-12 items-center justify-center rounded-lg bg-accent px-5 font-medium text-white">
          Call the store: {formatPhone(phone)}
        </a>
      ) : null}
    </main>
  );
}

export default async function CustomerLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const now = new Date();
  const requestHeaders = await headers();
  // Past the limit every link looks inactive, so guessing tokens gets nowhere.
  if (!(await customerPageLimiter.take(clientAddress(requestHeaders), now.getTime()))) return <Inactive phone={await mainStorePhone()} />;
  const view = await openCustomerLink(getDb(), { token, userAgent: requestHeaders.get("user-agent"), now });
  if (view.state !== "active" || !view.link) return <Inactive phone={view.storePhone ?? (await mainStorePhone())} />;

  const { link, items } = view;
  const db = getDb();
  const [privacy, choices, answered, schedule, questions] = await Promise.all([
    getPrivacyView(db, { token, now }),
    linkPickUpChoices(db, { linkId: link.id, storeId: link.storeId, now }),
    lastPickUpAnswer(db, { linkId: link.id }),
    getStoreSchedule(db, { storeId: link.storeId, now }),
    listQuestions(db, { linkId: link.id }),
  ]);
  const timeZone = link.store.timezone;
  // Every time on this page is written one way, on the store's clock.
  const until = (d: Date) => formatStoreDateTime(d, timeZone);
  const hours = parseWeeklyHours(link.store.openingHours);
  const today = localDate(now, timeZone);
  // The closed days that matter for coming by: the next six weeks, the year said when it is not this one.
  const closures = schedule ? upcomingClosures(schedule, today).filter((c) => daysBetween(today, c.day) <= 42) : [];
  const waiting = items.filter((i) => i.waiting);
  return (
    <main className="mx-auto max-w-md space-y-6 px-5 py-8">
      <header className="space-y-4">
        <Brand store={link.store.name} />
        <h1 className="text-2xl font-semibold tracking-tight">Hi {link.firstName}, this is waiting for you</h1>
      </header>
      {/* A QR code shown in the store may come with no message. */}
      {link.message ? (
        <figure className="rounded-xl border border-line bg-white p-4">
          <blockquote className="text-lg leading-relaxed">{link.message.charAt(0).toUpperCase() + link.message.slice(1)}</blockquote>
          <figcaption className="mt-2 text-muted">
            {link.associateFirstName}, {link.store.name}
          </figcaption>
        </figure>
      ) : null}

      <SelectionSection token={token} linkId={link.id} timeZone={link.store.timezone} />
      {/* A link that only carries a selection has nothing set aside until she holds something. */}
      {items.length ? (
        <section aria-labelledby="items-heading" className="space-y-3">
          <h2 id="items-heading" className="text-lg font-semibold">
            Set aside for you
          </h2>
          <ul className="space-y-3">
            {items.map((item) => (
              <li key={item.holdId} className={`flex gap-4 rounded-xl border border-line bg-white p-3 ${item.waiting ? "" : "opacity-60"}`}>
                <ItemSummary item={item}>
                  {item.waiting ? (
                    <>
                      <p className="text-sm">
                        Held until {until(item.expiresAt)} · <Countdown until={item.expiresAt.getTime()} renderedAt={now.getTime()} />
                      </p>
                      <ReleaseItem token={token} holdId={item.holdId} name={item.name} />
                    </>
                  ) : (
                    <p className="text-sm">No longer held</p>
                  )}
                </ItemSummary>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {waiting.length ? <WhenComing token={token} associate={link.associateFirstName} choices={choices} answered={answered} /> : null}
      {questions.length ? (
        <section aria-labelledby="questions-heading" className="space-y-3 rounded-xl border border-line bg-white p-4">
          <h2 id="questions-heading" className="font-semibold">
            Your questions
          </h2>
          <ul className="space-y-3">
            {questions.map((q) => (
              <li key={q.id} className="space-y-1.5">
                <p className="text-muted">
                  You asked, {until(q.at)}: <span className="text-ink">{q.text}</span>
                </p>
                {q.answers.length ? (
                  q.answers.map((a) => (
                    <p key={a.id} className="rounded-lg bg-accent-soft px-3 py-2">
                      <span className="font-medium">{a.staffFirstName}:</span> {a.text}
                    </p>
                  ))
                ) : (
                  <p className="text-sm text-muted">{link.associateFirstName} will answer here.</p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <AskQuestion token={token} associate={link.associateFirstName} />

      <BookVisit token={token} now={now} />
      <section aria-labelledby="pickup-heading" className="space-y-2 rounded-xl bg-accent-soft p-4">
        <h2 id="pickup-heading" className="font-semibold">
          Picking up
        </h2>
        <p>
          {waiting.length
            ? `Come by before the hold ends and ask for ${link.associateFirstName}, or give your name at the counter.`
            : items.length
              ? "Nothing is held any more."
              : `Come by while we are open and ask for ${link.associateFirstName}.`}{" "}
          Try-on is welcome.
        </p>
        <p>{link.store.address}</p>
        <a href={`tel:${link.store.phone}`} className="inline-flex h-11 items-center font-medium text-accent underline">
          {formatPhone(link.store.phone)}
        </a>
        <dl className="grid grid-cols-2 gap-x-4 text-sm">
          {WEEKDAYS.map((day) => (
            <div key={day} className="contents">
              <dt className="text-muted">{WEEKDAY_NAMES[day]}</dt>
              <dd>{describeDayHours(hours[day])}</dd>
            </div>
          ))}
        </dl>
        {closures.length ? (
          <ul className="text-sm">
            {closures.map((c) => (
              <li key={c.day}>
                Closed {formatIsoDate(c.day, { withYear: c.day.slice(0, 4) !== today.slice(0, 4) })}
                {c.reason ? ` (${c.reason})` : ""}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {privacy ? <PrivacyPanel token={token} view={privacy} now={now} /> : null}
    </main>
  );
}
