import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { requireStaff, type StaffSession } from "@/lib/auth";
import { recordProfileView } from "@/lib/audit";
import { LiveRefresh } from "@/components/live-refresh";
import { ACTIVITY_READ, getCustomerProfile } from "@/lib/customer-profile";
import { talkingPoints } from "@/lib/talking-points";
import { ProfileHeader } from "./profile-header";
import { ActivityTimeline, timelineLength } from "./activity-timeline";
import { MentionsCard } from "./mentions-card";
import { PurchasesCard } from "./purchases-card";
import { PreferencesCard } from "./preferences-card";
import { HoldsCard } from "./holds-card";
import { NotesCard } from "./notes-card";
import { SuggestionsCard } from "./suggestions-card";
import { suggestSetAsides } from "@/lib/suggestions";
import { listPreferenceHistory } from "@/lib/preferences";
import { listCustomerOutbox, listLinkResponses, markResponsesSeen } from "@/lib/customer-links";
import { CustomerLinkCard } from "./customer-link-card";
import { FollowUpsCard } from "./follow-ups-card";
import { AssignForm } from "./assign-form";
import { listCustomerFollowUps } from "@/lib/follow-ups";
import { listContacts } from "@/lib/contacts";
import { isInStoreBooks, listAssignableStaff } from "@/lib/client-books";
import { localDate } from "@/lib/dates";
import Link from "next/link";

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

type Props = { params: Promise<{ id: string }>; searchParams?: Promise<{ notice?: string; activity?: string }> };

const NOTICES: Record<string, string> = {
  "hold-placed": "Put aside. You will find it under Holds, and on Holds at your store.",
  "preferences-saved": "Preferences saved.",
  "preferences-unchanged": "Nothing had changed, so nothing was saved.",
};

/** Once per request, for the title and the page alike; `shown` timeline entries and one more, to know if there are more. */
const loadProfile = cache(async (rawId: string, shown: number) => {
  const id = idSchema.safeParse(rawId);
  return id.success ? getCustomerProfile(getDb(), { customerId: id.data, activityLimit: Math.max(ACTIVITY_READ, shown + 1) }) : null;
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  await requireStaff();
  const profile = await loadProfile((await params).id, timelineLength((await searchParams)?.activity));
  return { title: profile ? `${profile.customer.firstName} ${profile.customer.lastName}` : "No such customer" };
}

/**
 * The customer is looked up before anything streams: an unknown id answers
 * 404. (A loading.tsx here would send its skeleton, and with it a 200, before
 * the page could say the customer does not exist.) The rest follows in the
 * same response, with no skeleton in between: the data is already here, and
 * a Suspense boundary would only hold the content back (React waits at least
 * 300 ms before revealing a streamed section).
 */
export default async function CustomerProfilePage({ params, searchParams }: Props) {
  const me = await requireStaff();
  const shown = timelineLength((await searchParams)?.activity);
  const profile = await loadProfile((await params).id, shown);
  if (!profile) notFound();
  return <CustomerProfile me={me} profile={profile} searchParams={searchParams} shown={shown} />;
}

async function CustomerProfile({ me, profile, searchParams, shown }: { me: StaffSession; profile: NonNullable<Awaited<ReturnType<typeof loadProfile>>>; searchParams: Props["searchParams"]; shown: number }) {
  const { customer } = profile;
  const now = new Date();

  const points = talkingPoints(profile, now);
  const isManager = me.role === "manager";
  const [suggestions, preferenceHistory, messages, replies, followUps, contactHistory, people] = await Promise.all([
    suggestSetAsides(getDb(), { customerId: customer.id, storeId: me.storeId, now }),
    listPreferenceHistory(getDb(), { customerId: customer.id }),
    listCustomerOutbox(getDb(), { customerId: customer.id }),
    listLinkResponses(getDb(), { customerId: customer.id }),
    listCustomerFollowUps(getDb(), customer.id),
    listContacts(getDb(), customer.id),
    isManager ? listAssignableStaff(getDb(), me.storeId) : Promise.resolve([]),
  ]);
  const unseenReplies = replies.some((r) => !r.seenAt);
  after(async () => {
    // Every opened profile is on record: who looked at whom, and when (once
    // per visit, not again for each live refresh of the open page).
    const newVisit = await recordProfileView(getDb(), { staffId: me.id, storeId: me.storeId, customerId: customer.id });
    // Customers' replies are shown as new until someone opens the profile after
    // they arrived; a profile left open refreshing itself does not count.
    if (newVisit && unseenReplies) await markResponsesSeen(getDb(), { customerId: customer.id, storeId: me.storeId });
  });
  const notice = NOTICES[(await searchParams)?.notice ?? ""];
  return (
    <div className="space-y-6">
      <LiveRefresh topics={[`customer:${customer.id}`]} since={now.getTime()} />
      {notice ? (
        <p role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 px-5 py-3 font-medium text-emerald-900">
          {notice}
        </p>
      ) : null}
      <ProfileHeader profile={profile} now={now} />
      {points.length ? (
        <section aria-labelledby="talking-points-heading" className="rounded-xl border border-accent/15 bg-accent-soft px-5 py-4">
          <h2 id="talking-points-heading" className="text-sm font-semibold tracking-wide text-accent uppercase">
            Talking points
          </h2>
          <ul className="mt-2 grid gap-x-8 gap-y-1.5 text-base md:grid-cols-2">
            {points.map((point) => (
              <li key={point} className="flex gap-2">
                <span aria-hidden="true" className="text-accent">
                  •
                </span>
                {point}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <SuggestionsCard suggestions={suggestions} customerId={customer.id} firstName={customer.firstName} storeName={me.storeName} />
      <div className="grid items-start gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:order-last lg:col-span-2">
          <FollowUpsCard customerId={customer.id} consent={customer} followUps={followUps} contacts={contactHistory} today={localDate(now, me.storeTimezone)} now={now} storeId={me.storeId} />
          {isManager ? (
            <section aria-labelledby="book-heading" className="space-y-3 rounded-xl border border-line bg-white px-4 py-3">
              <h2 id="book-heading" className="text-base font-semibold">
                Client book
              </h2>
              {isInStoreBooks(customer, me.storeId) ? (
                <AssignForm
                  customerId={customer.id}
                  current={customer.assigned ? { id: customer.assigned.id, name: customer.assigned.name, note: customer.assigned.storeId === me.storeId ? "left" : "other store" } : null}
                  people={people}
                />
              ) : (
                <p className="text-muted">
                  {customer.assigned
                    ? `Client of ${customer.assigned.name} at ${customer.assigned.storeId === customer.homeStore?.id ? customer.homeStore.name : "another store"}; their manager can move them.`
                    : customer.homeStore
                      ? `Not assigned yet; ${customer.homeStore.name} is their home store, and its manager can assign them.`
                      : "Not assigned yet, and without a home store no store's manager can assign them."}
                </p>
              )}
              <Link href={`/store/audit?customer=${customer.id}`} className="inline-flex h-10 items-center font-medium text-accent underline-offset-2 hover:underline">
                Who viewed or changed this profile
              </Link>
            </section>
          ) : null}
          <PreferencesCard preferences={profile.preferences} now={now} customerId={customer.id} history={preferenceHistory} />
          <NotesCard notes={profile.notes} now={now} customerId={customer.id} staffId={me.id} />
          <HoldsCard holds={profile.holds} now={now} />
          <CustomerLinkCard profile={profile} storeId={me.storeId} timeZone={me.storeTimezone} messages={messages} replies={replies} now={now} />
        </div>
        <div className="space-y-6 lg:col-span-3">
          <MentionsCard mentions={profile.mentions} now={now} customerId={customer.id} storeId={me.storeId} />
          <ActivityTimeline activity={profile.activity} shown={shown} now={now} customerId={customer.id} />
          <PurchasesCard purchases={profile.purchases} now={now} />
        </div>
      </div>
    </div>
  );
}
