import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { after } from "next/server";
import { headers } from "next/headers";
import { CustomerOffline, CustomerOfflineStatus, NeedsConnection } from "@/components/offline/customer-offline";
import { KEEP_HEADER } from "@/lib/offline/page-cache";
import { z } from "zod";
import { getDb } from "@/db";
import { requireStaff, type StaffSession } from "@/lib/auth";
import { recordProfileView } from "@/lib/audit";
import { LiveRefresh } from "@/components/live-refresh";
import { ACTIVITY_READ, getCustomerProfile } from "@/lib/customer-profile";
import { talkingPoints } from "@/lib/talking-points";
import { ProfileFacts, ProfileHeader } from "./profile-header";
import { ProfileTabs, type ProfileTab } from "./profile-tabs";
import { needsAttention, type AttentionItem } from "@/lib/profile-attention";
import { ActivityTimeline, timelineLength } from "./activity-timeline";
import { ConversationCard } from "./conversation-card";
import { readCustomerMessages } from "@/lib/conversations";
import { channelSetUp } from "@/lib/transports";
import { inboundEmailDomain } from "@/lib/email-reply-address";
import { PurchasesCard } from "./purchases-card";
import { PreferencesCard } from "./preferences-card";
import { HoldsCard } from "./holds-card";
import { NotesCard } from "./notes-card";
import { SuggestionsCard } from "./suggestions-card";
import { suggestSetAsides } from "@/lib/suggestions";
import { listPreferenceHistory } from "@/lib/preferences";
import { markResponsesSeen, RESPONSE_LABELS } from "@/lib/customer-links";
import { CustomerLinkCard, linkChannels } from "./customer-link-card";
import { SelectionCard } from "./selection-card";
import { listSelections } from "@/lib/selections";
import { FollowUpsCard } from "./follow-ups-card";
import { AssignForm } from "./assign-form";
import { listCustomerFollowUps } from "@/lib/follow-ups";
import { listContacts } from "@/lib/contacts";
import { isInStoreBooks, listAssignableStaff } from "@/lib/client-books";
import { localDate } from "@/lib/dates";
import Link from "next/link";

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

type Props = { params: Promise<{ id: string }>; searchParams?: Promise<{ notice?: string; activity?: string; view?: string }> };

/** The parts of the profile one tap away, in the order an associate reaches for them. */
const VIEWS = ["put-aside", "notes", "follow-ups", "details", "activity"] as const;
const viewSchema = z.enum(VIEWS).catch("put-aside");

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
  const [{ thread, sent: messages, responses: replies }, suggestions, preferenceHistory, followUps, contactHistory, people, selections] = await Promise.all([
    readCustomerMessages(getDb(), { customerId: customer.id }),
    suggestSetAsides(getDb(), { customerId: customer.id, storeId: me.storeId, now }),
    listPreferenceHistory(getDb(), { customerId: customer.id }),
    listCustomerFollowUps(getDb(), customer.id),
    listContacts(getDb(), customer.id),
    isManager ? listAssignableStaff(getDb(), me.storeId) : Promise.resolve([]),
    listSelections(getDb(), { customerId: customer.id, storeId: me.storeId, staffId: me.id }),
  ]);
  const unseenReplies = replies.some((r) => !r.seenAt);
  // The tablet fetching its offline copy of the profile is not someone opening it.
  const keptCopy = (await headers()).get(KEEP_HEADER) === "1";
  after(async () => {
    if (keptCopy) return;
    // Every opened profile is on record: who looked at whom, and when (once
    // per visit, not again for each live refresh of the open page).
    const newVisit = await recordProfileView(getDb(), { staffId: me.id, storeId: me.storeId, customerId: customer.id });
    // Customers' replies are shown as new until someone opens the profile after
    // they arrived; a profile left open refreshing itself does not count.
    if (newVisit && unseenReplies) await markResponsesSeen(getDb(), { customerId: customer.id, storeId: me.storeId });
  });
  const search = await searchParams;
  const notice = NOTICES[search?.notice ?? ""];
  const today = localDate(now, me.storeTimezone);
  const attention = needsAttention({
    storeId: me.storeId,
    timeZone: me.storeTimezone,
    today,
    now,
    mentions: profile.mentions,
    replies,
    replyLabels: RESPONSE_LABELS,
    holds: profile.holds,
    followUps: followUps.open,
    inbound: thread.filter((t) => t.source.kind === "inbound" && t.waiting).map((t) => ({ id: t.source.id, channel: t.channel, body: t.body, at: t.at })),
  });
  const activeHolds = profile.holds.filter((h) => h.status === "active").length;
  const tabs: ProfileTab[] = [
    { id: "put-aside", label: "Put aside", count: activeHolds },
    { id: "notes", label: "Notes", count: profile.notes.length },
    { id: "follow-ups", label: "Follow-ups", count: followUps.open.length },
    { id: "details", label: "Sizes and details" },
    { id: "activity", label: "Activity" },
  ];
  const clientBook = isManager ? (
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
  ) : null;
  const basis = {
    customerId: customer.id,
    customerName: `${customer.firstName} ${customer.lastName}`,
    assignedStaffId: customer.assigned?.id ?? null,
    preferencesUpdatedAt: profile.preferences?.updatedAt?.getTime() ?? null,
  };
  return (
    <CustomerOffline basis={basis} keep>
    <div className="space-y-6">
      <LiveRefresh topics={[`customer:${customer.id}`]} since={now.getTime()} />
      <ProfileHeader profile={profile} notice={notice} />
      <CustomerOfflineStatus renderedAt={now.getTime()} firstName={customer.firstName} />
      {/* First what needs attention, and the customer's messages, which are always in view; the rest is one tap away. */}
      <div className="grid items-start gap-6 lg:grid-cols-5">
        {attention.length || points.length ? (
          <div className="space-y-6 lg:col-span-2">
            <Attention items={attention} points={points} />
          </div>
        ) : null}
        <div id="messages" className={`space-y-6 ${attention.length || points.length ? "lg:col-span-3" : "lg:col-span-5"}`}>
          <NeedsConnection what="Replies, texts, emails and links can be sent">
          <ConversationCard
            thread={thread}
            mentions={profile.mentions}
            customerId={customer.id}
            firstName={customer.firstName}
            storeId={me.storeId}
            now={now}
            texting={{ setUp: channelSetUp("sms").ok, consent: customer.consentSms, phone: Boolean(customer.phone) }}
            emailing={{ setUp: channelSetUp("email").ok, repliesConnected: inboundEmailDomain() !== null }}
          />
          <CustomerLinkCard profile={profile} storeId={me.storeId} timeZone={me.storeTimezone} messages={messages} now={now} />
          </NeedsConnection>
        </div>
      </div>
      <ProfileTabs
        label={`More about ${customer.firstName}`}
        tabs={tabs}
        initial={viewSchema.parse(search?.view)}
        panels={{
          "put-aside": (
            <div id="put-aside" className="scroll-mt-48 space-y-6">
              <SuggestionsCard suggestions={suggestions} customerId={customer.id} firstName={customer.firstName} storeName={me.storeName} chosen={selections.draft?.items.map((i) => i.productId)} />
              <NeedsConnection what="Selections can be put together and sent">
                <SelectionCard customerId={customer.id} firstName={customer.firstName} selections={selections} channels={linkChannels(customer)} now={now} />
              </NeedsConnection>
              <NeedsConnection what="Holds can be released, extended or marked picked up">
                <HoldsCard holds={profile.holds} now={now} />
              </NeedsConnection>
            </div>
          ),
          notes: <NotesCard notes={profile.notes} now={now} customerId={customer.id} staffId={me.id} />,
          "follow-ups": <FollowUpsCard customerId={customer.id} consent={customer} followUps={followUps} contacts={contactHistory} today={today} now={now} storeId={me.storeId} />,
          details: (
            <>
              <ProfileFacts profile={profile} now={now} />
              <div className="grid items-start gap-6 lg:grid-cols-2">
                <PreferencesCard preferences={profile.preferences} now={now} customerId={customer.id} history={preferenceHistory} />
                {clientBook ? <NeedsConnection what="Clients can be moved">{clientBook}</NeedsConnection> : null}
              </div>
            </>
          ),
          activity: (
            <div className="grid items-start gap-6 lg:grid-cols-5">
              <div className="lg:col-span-3">
                <ActivityTimeline activity={profile.activity} shown={shown} now={now} customerId={customer.id} />
              </div>
              <div className="lg:col-span-2">
                <PurchasesCard purchases={profile.purchases} now={now} />
              </div>
            </div>
          ),
        }}
      />
    </div>
    </CustomerOffline>
  );
}

const TARGET_HREF: Record<AttentionItem["target"], string> = { conversation: "#conversation", holds: "#holds", "follow-ups": "#follow-ups" };

/** What needs doing for this customer first, then what to talk about. */
function Attention({ items, points }: { items: AttentionItem[]; points: string[] }) {
  return (
    <>
      {items.length ? (
        <section aria-labelledby="attention-heading" className="rounded-xl border border-amber-200 bg-amber-50/60">
          <h2 id="attention-heading" className="border-b border-amber-200 px-4 py-3 text-base font-semibold">
            Needs attention
          </h2>
          <ul className="divide-y divide-amber-200/70">
            {items.map((item) => (
              <li key={item.key} className="flex items-center gap-3 px-4 py-2">
                <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-full ${item.tone === "bad" ? "bg-red-600" : "bg-amber-500"}`} />
                <span className="min-w-0 flex-1">{item.text}</span>
                <a href={TARGET_HREF[item.target]} className="inline-flex h-11 shrink-0 items-center rounded-lg px-3 font-medium text-accent hover:bg-white">
                  {item.action}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {points.length ? (
        <section aria-labelledby="talking-points-heading" className="rounded-xl border border-accent/15 bg-accent-soft px-5 py-4">
          <h2 id="talking-points-heading" className="text-sm font-semibold tracking-wide text-accent uppercase">
            Talking points
          </h2>
          <ul className="mt-2 space-y-1.5 text-base">
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
    </>
  );
}
