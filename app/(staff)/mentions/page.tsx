import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { searchCustomers } from "@/lib/customer-search";
import { UNKNOWN_HANDLE } from "@/lib/ingest/mentions";
import { countMentionInbox, listMentionInbox, MENTION_INBOX_LIMIT, replyLimit } from "@/lib/mentions";
import { NETWORK_LABELS } from "@/lib/networks";
import { formatPhone } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { LiveRefresh } from "@/components/live-refresh";
import { MentionReply } from "./mention-reply";
import { LinkProduct } from "./link-product";
import { MentionCustomer, type CustomerChoice } from "./mention-customer";
import { inboxSummary } from "./inbox-summary";

export const metadata: Metadata = { title: "Mentions" };

const LINK_SEARCH_LIMIT = 8;

function waited(postedAt: Date, now: Date): { label: string; late: boolean } {
  const hours = (now.getTime() - postedAt.getTime()) / 3_600_000;
  if (hours < 1) return { label: `Waiting ${Math.max(1, Math.round(hours * 60))} min`, late: false };
  if (hours < 48) return { label: `Waiting ${Math.floor(hours)} h`, late: hours >= 24 };
  return { label: `Waiting ${Math.floor(hours / 24)} days`, late: true };
}

type InboxMention = Awaited<ReturnType<typeof listMentionInbox>>[number];

/**
 * What kind of post this is. Instagram sends only ids for the post it is on,
 * which mean nothing to staff, so they are not shown.
 */
function postContext(m: InboxMention): string | null {
  if (m.kind === "comment") return "Comment on one of the store's posts";
  // A mention in a comment is stored under the comment's id, one in a caption under the post's.
  if (m.kind === "mention") return m.mediaId && m.externalId !== m.mediaId ? "Mentioned the store in a comment" : "Mentioned the store in a post";
  return null;
}

/**
 * What the link opens, said truthfully: an X post is the post itself, but
 * Instagram's webhook gives no link to a comment, so ours is the author's profile.
 */
function openLabel(m: InboxMention, network: string, known: boolean): string {
  if (!known) return `Open ${network}`;
  if (m.network === "instagram" && m.kind !== "post") return `Open on ${network}: @${m.handle}'s profile`;
  return `Open on ${network}`;
}

function firstParam(value: string | string[] | undefined): string {
  return (typeof value === "string" ? value : "").slice(0, 100);
}

export default async function MentionsInboxPage({ searchParams }: { searchParams: Promise<{ link?: string | string[]; q?: string | string[] }> }) {
  const me = await requireStaff();
  const params = await searchParams;
  const linking = firstParam(params.link);
  const query = firstParam(params.q).trim();
  const db = getDb();
  const [mentions, waiting] = await Promise.all([listMentionInbox(db, { storeId: me.storeId, limit: MENTION_INBOX_LIMIT }), countMentionInbox(db, { storeId: me.storeId })]);
  const searching = mentions.some((m) => m.id === linking && !m.customer?.id) && query ? await findChoices(query, me) : null;
  const now = new Date();
  const late = mentions.filter((m) => waited(m.postedAt, now).late).length;
  return (
    <div className="space-y-5">
      <LiveRefresh topics={[`store:${me.storeId}`]} kinds={["mention"]} since={now.getTime()} />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Mentions at {me.storeName}</h1>
        <p className="text-muted">
          {inboxSummary({ shown: mentions.length, waiting, late })}
        </p>
      </div>
      {mentions.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-8 text-center text-muted">No new posts mention the store. New ones appear here.</p>
      ) : (
        <ul className="space-y-4">
          {mentions.map((m) => {
            const wait = waited(m.postedAt, now);
            const network = NETWORK_LABELS[m.network];
            const known = m.handle !== UNKNOWN_HANDLE;
            const context = postContext(m);
            return (
              <li key={m.id} id={`mention-${m.id}`} className="space-y-3 rounded-xl border border-line bg-white p-4">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={wait.late ? "bad" : "warn"}>{wait.label}</Badge>
                  <span className="font-medium">
                    {network} · {known ? `@${m.handle}` : "Account not shared by the network"}
                  </span>
                  {m.customer?.id ? (
                    <Link href={`/customers/${m.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                      {m.customer.firstName} {m.customer.lastName}
                    </Link>
                  ) : (
                    <span className="text-muted">Not linked to a customer</span>
                  )}
                </p>
                {context ? <p className="text-sm text-muted">{context}</p> : null}
                <blockquote className="text-base">{m.text}</blockquote>
                <p className="flex flex-wrap gap-4 text-sm">
                  {m.product?.name ? <span className="text-muted">About: {m.product.name}</span> : null}
                  <a href={m.url} target="_blank" rel="noopener noreferrer" className="font-medium text-accent underline-offset-2 hover:underline">
                    {openLabel(m, network, known)}
                    <span className="sr-only"> (opens in a new tab)</span>
                  </a>
                </p>
                {m.product?.id ? null : <LinkProduct mentionId={m.id} customerId={m.customer?.id ?? undefined} />}
                <MentionCustomer
                  mentionId={m.id}
                  linked={Boolean(m.customer?.id)}
                  networkLabel={network}
                  handle={known ? m.handle : null}
                  search={m.id === linking && searching ? { query, ...searching } : null}
                />
                <MentionReply mentionId={m.id} customerId={m.customer?.id ?? undefined} handle={known ? m.handle : null} limit={replyLimit(m.network)} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The "Link to customer" search: the same lookup as the customer search, ranked for the person linking. */
async function findChoices(query: string, me: { id: string; storeId: string }): Promise<{ results: CustomerChoice[]; limited: boolean }> {
  const found = await searchCustomers(getDb(), { query, limit: LINK_SEARCH_LIMIT, staffId: me.id, storeId: me.storeId });
  return {
    limited: found.length === LINK_SEARCH_LIMIT,
    results: found.map((c) => ({
      id: c.id,
      name: `${c.firstName} ${c.lastName}`,
      detail: [c.email ?? (c.phone ? formatPhone(c.phone) : null), c.homeStoreName ?? "No home store"].filter(Boolean).join(" · "),
    })),
  };
}
