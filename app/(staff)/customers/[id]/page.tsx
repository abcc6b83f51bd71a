import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { recordAudit } from "@/lib/audit";
import { getCustomerProfile } from "@/lib/customer-profile";
import { talkingPoints } from "@/lib/talking-points";
import { ProfileHeader } from "./profile-header";
import { ActivityTimeline } from "./activity-timeline";
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

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

type Props = { params: Promise<{ id: string }>; searchParams?: Promise<{ notice?: string }> };

const NOTICES: Record<string, string> = {
  "hold-placed": "Put aside. You will find it under Holds, and on Holds at your store.",
  "preferences-saved": "Preferences saved.",
  "preferences-unchanged": "Nothing had changed, so nothing was saved.",
};

async function loadProfile(rawId: string) {
  const id = idSchema.safeParse(rawId);
  const profile = id.success ? await getCustomerProfile(getDb(), { customerId: id.data }) : null;
  if (!profile) notFound();
  return profile;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireStaff();
  const { customer } = await loadProfile((await params).id);
  return { title: `${customer.firstName} ${customer.lastName}` };
}

export default async function CustomerProfilePage({ params, searchParams }: Props) {
  const me = await requireStaff();
  const profile = await loadProfile((await params).id);
  const { customer } = profile;
  const now = new Date();

  // Every opened profile is on record: who looked at whom, and when.
  after(() =>
    recordAudit(getDb(), {
      staffId: me.id,
      storeId: me.storeId,
      action: "customer.viewed",
      targetType: "customer",
      targetId: customer.id,
      customerId: customer.id,
    }),
  );

  const points = talkingPoints(profile, now);
  const [suggestions, preferenceHistory, messages, replies] = await Promise.all([
    suggestSetAsides(getDb(), { customerId: customer.id, storeId: me.storeId, now }),
    listPreferenceHistory(getDb(), { customerId: customer.id }),
    listCustomerOutbox(getDb(), { customerId: customer.id }),
    listLinkResponses(getDb(), { customerId: customer.id }),
  ]);
  // Shown as new this once; after this view they are part of the history.
  if (replies.some((r) => !r.seenAt)) after(() => markResponsesSeen(getDb(), { customerId: customer.id, storeId: me.storeId }));
  const notice = NOTICES[(await searchParams)?.notice ?? ""];
  return (
    <div className="space-y-6">
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
          <PreferencesCard preferences={profile.preferences} now={now} customerId={customer.id} history={preferenceHistory} />
          <NotesCard notes={profile.notes} now={now} customerId={customer.id} staffId={me.id} />
          <HoldsCard holds={profile.holds} now={now} />
          <CustomerLinkCard profile={profile} storeId={me.storeId} messages={messages} replies={replies} now={now} />
        </div>
        <div className="space-y-6 lg:col-span-3">
          <MentionsCard mentions={profile.mentions} now={now} customerId={customer.id} storeId={me.storeId} />
          <ActivityTimeline activity={profile.activity} now={now} customerId={customer.id} />
          <PurchasesCard purchases={profile.purchases} now={now} />
        </div>
      </div>
    </div>
  );
}
