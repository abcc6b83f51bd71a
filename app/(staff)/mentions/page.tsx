import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { searchCustomers } from "@/lib/customer-search";
import { UNKNOWN_HANDLE } from "@/lib/ingest/mentions";
import { and, asc, eq } from "drizzle-orm";
import type { Route } from "next";
import { staff } from "@/db/schema";
import { replyLimit, waitingTime } from "@/lib/mentions";
import { INBOX_PAGE_SIZE, inboxFilters, listStoreInbox, type InboxFilters, type InboxMessage, type InboxPost, type InboxQuestion } from "@/lib/inbox";
import { channelSetUp } from "@/lib/transports";
import { inboundEmailDomain } from "@/lib/email-reply-address";
import { NETWORK_LABELS } from "@/lib/networks";
import { formatPhone, formatRelative, plural } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { LiveRefresh } from "@/components/live-refresh";
import { failedReplies } from "@/lib/social-replies";
import { MentionReply } from "./mention-reply";
import { RetryMessage } from "../customers/[id]/retry-message";
import { AssignPost } from "./assign-post";
import { DismissMessage } from "./dismiss-message";
import { SendText } from "../customers/[id]/send-text";
import { AnswerEmail } from "../customers/[id]/answer-email";
import { AnswerQuestion } from "../customers/[id]/answer-question";
import { LinkProduct } from "./link-product";
import { MentionCustomer, type CustomerChoice } from "./mention-customer";

export const metadata: Metadata = { title: "Inbox" };

const LINK_SEARCH_LIMIT = 8;

type InboxMention = InboxPost;

/** How each channel reads in the inbox. */
const CHANNEL_LABELS = { ...NETWORK_LABELS, sms: "Text message", email: "Email", page: "Her page" } as const;

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

const SELECT = "mt-1 block h-11 w-full rounded-lg border border-stone-300 bg-white px-3 text-base";

function inboxHref(filters: InboxFilters, change: Partial<InboxFilters>): Route {
  const next = { ...filters, page: 1, ...change };
  const query = new URLSearchParams();
  if (next.channel) query.set("channel", next.channel);
  if (next.status !== "waiting") query.set("status", next.status);
  if (next.owner) query.set("owner", next.owner);
  if (next.assigned) query.set("assigned", next.assigned);
  if (next.page > 1) query.set("page", String(next.page));
  const qs = query.toString();
  return (qs ? `/mentions?${qs}` : "/mentions") as Route;
}

export default async function MentionsInboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaff();
  const params = await searchParams;
  const linking = firstParam(params.link);
  const query = firstParam(params.q).trim();
  const filters = inboxFilters.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const db = getDb();
  const [{ items, total, moreThanTotal, hasNext }, people] = await Promise.all([
    listStoreInbox(db, { storeId: me.storeId, staffId: me.id, filters }),
    db.select({ id: staff.id, name: staff.name }).from(staff).where(and(eq(staff.storeId, me.storeId), eq(staff.active, true))).orderBy(asc(staff.name)),
  ]);
  const searching = items.some((m) => m.type === "post" && m.id === linking && !m.customer?.id) && query ? await findChoices(query, me) : null;
  // A reply that did not go out stays with its post, with why and a Retry.
  const failed = filters.status === "waiting" ? await failedReplies(db, { storeId: me.storeId, mentionIds: items.filter((m) => m.type === "post").map((m) => m.id) }) : new Map<string, never>();
  const now = new Date();
  const pages = moreThanTotal ? null : Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const counted = moreThanTotal ? `More than ${plural(total, "conversation")}` : plural(total, "conversation");
  const waiting = filters.status === "waiting";
  const summary =
    total === 0
      ? waiting
        ? "Every conversation has an answer."
        : "Nothing matches these filters."
      : `${counted} ${waiting ? "waiting for an answer, oldest first" : filters.status === "answered" ? "answered, newest first" : "dismissed, newest first"}${pages === null || pages > 1 ? ` · page ${filters.page}${pages ? ` of ${pages}` : ""}` : ""}`;
  return (
    <div className="space-y-5">
      <LiveRefresh topics={[`store:${me.storeId}`]} kinds={["mention", "response"]} since={now.getTime()} />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Inbox at {me.storeName}</h1>
        <p className="text-muted">{summary}</p>
      </div>
      <form action="/mentions" className="grid items-end gap-3 rounded-xl border border-line bg-white p-4 sm:grid-cols-3 lg:grid-cols-5">
        <label className="block text-sm font-medium">
          Show
          <select name="status" defaultValue={filters.status} className={SELECT}>
            <option value="waiting">Waiting</option>
            <option value="answered">Answered</option>
            <option value="dismissed">Dismissed</option>
          </select>
        </label>
        <label className="block text-sm font-medium">
          Channel
          <select name="channel" defaultValue={filters.channel} className={SELECT}>
            <option value="">Every channel</option>
            {Object.entries(CHANNEL_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Whose clients
          <select name="owner" defaultValue={filters.owner} className={SELECT}>
            <option value="">Everyone&apos;s</option>
            <option value="mine">My clients</option>
            {people
              .filter((p) => p.id !== me.id)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}&apos;s clients
                </option>
              ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Who answers
          <select name="assigned" defaultValue={filters.assigned} className={SELECT}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="nobody">Nobody yet</option>
            {people
              .filter((p) => p.id !== me.id)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <button type="submit" className="h-11 rounded-lg bg-accent px-4 font-medium text-white hover:bg-accent-strong">
          Show
        </button>
      </form>
      {items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-8 text-center text-muted">
          {waiting && !filters.channel && !filters.owner && !filters.assigned ? "Nobody is waiting for an answer. New posts, texts and emails appear here." : "Nothing here with these filters."}
        </p>
      ) : (
        <ul className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-white">
          {items.map((item) => {
            if (item.type === "question") return <QuestionRow key={item.id} q={item} waiting={waiting} now={now} />;
            if (item.type === "message") return <MessageRow key={item.id} m={item} me={me} people={people} waiting={waiting} now={now} emailRepliesConnected={inboundEmailDomain() !== null} />;
            const m = item;
            const wait = waitingTime(m.postedAt, now);
            const network = NETWORK_LABELS[m.network];
            const known = m.handle !== UNKNOWN_HANDLE;
            const context = postContext(m);
            const notSent = failed.get(m.id);
            return (
              <li key={m.id} id={`mention-${m.id}`} className="space-y-2 p-4">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  {waiting ? <Badge tone={wait.tone}>{wait.label}</Badge> : <span className="text-muted">{formatRelative(m.postedAt, now)}</span>}
                  <span className="font-medium">
                    {network} · {known ? `@${m.handle}` : "Account not shared by the network"}
                  </span>
                  {waiting ? <Badge tone={m.assignee?.id ? "neutral" : "warn"}>{m.assignee?.id ? (m.assignee.id === me.id ? "Yours to answer" : `${m.assignee.name} is answering`) : "Nobody is answering"}</Badge> : null}
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
                {m.replyText ? (
                  <p className="rounded-lg bg-accent-soft px-3 py-2 text-sm">
                    <span className="font-medium">{m.replier ?? "The store"}</span>
                    {m.repliedAt ? <span className="text-muted"> · {formatRelative(m.repliedAt, now)}</span> : null}: {m.replyText}
                  </p>
                ) : null}
                {notSent ? (
                  <div className="flex flex-wrap items-center gap-3 rounded-lg bg-red-50 px-3 py-2 text-sm">
                    <p className="min-w-0 flex-1">
                      <span className="font-medium text-red-800">Reply not sent: {notSent.error ?? "no reason given"}.</span> “{notSent.body}”
                    </p>
                    <RetryMessage outboxId={notSent.outboxId} customerId={m.customer?.id ?? undefined} />
                  </div>
                ) : null}
                {waiting ? (
                  // One row of actions; the answer tools are closed until needed (a page of open forms was 26,600 px tall on a tablet).
                  <div className="flex flex-wrap items-start gap-2">
                    <AssignPost target={{ kind: "post", id: m.id }} assigneeId={m.assignee?.id ?? null} isManager={me.role === "manager"} people={people} meId={me.id} />
                    <AnswerDisclosure open={m.id === linking}>
                      <div className="mt-3 space-y-3">
                        {m.product?.id ? null : <LinkProduct mentionId={m.id} customerId={m.customer?.id ?? undefined} />}
                        <MentionCustomer
                          mentionId={m.id}
                          linked={Boolean(m.customer?.id)}
                          networkLabel={network}
                          handle={known ? m.handle : null}
                          search={m.id === linking && searching ? { query, ...searching } : null}
                          keep={Object.fromEntries(new URL(inboxHref(filters, { page: filters.page }), "http://x").searchParams)}
                        />
                        <MentionReply mentionId={m.id} customerId={m.customer?.id ?? undefined} handle={known ? m.handle : null} limit={replyLimit(m.network)} />
                      </div>
                    </AnswerDisclosure>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {filters.page > 1 || hasNext ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-3">
          {filters.page > 1 ? (
            <Link href={inboxHref(filters, { page: filters.page - 1 })} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
              ‹ Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-muted">
            Page {filters.page}
            {pages ? ` of ${pages}` : ""}
          </span>
          {hasNext ? (
            <Link href={inboxHref(filters, { page: filters.page + 1 })} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
              Next ›
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
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

/** A text or email in the inbox: who wrote, what, how long it has waited, and the tools to answer it. */
function MessageRow({ m, me, people, waiting, now, emailRepliesConnected }: { m: InboxMessage; me: { id: string; role: string }; people: Array<{ id: string; name: string }>; waiting: boolean; now: Date; emailRepliesConnected: boolean }) {
  const wait = waitingTime(m.receivedAt, now);
  const sender = m.channel === "sms" ? formatPhone(m.sender) : m.sender;
  // Answered here when the channel can send; otherwise in the conversation on her profile, which says why not.
  const canAnswer = channelSetUp(m.channel).ok;
  return (
    <li id={`message-${m.id}`} className="space-y-2 p-4">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        {waiting ? <Badge tone={wait.tone}>{wait.label}</Badge> : <span className="text-muted">{formatRelative(m.receivedAt, now)}</span>}
        <span className="font-medium">
          {CHANNEL_LABELS[m.channel]} · {sender}
        </span>
        {waiting ? <Badge tone={m.assignee?.id ? "neutral" : "warn"}>{m.assignee?.id ? (m.assignee.id === me.id ? "Yours to answer" : `${m.assignee.name} is answering`) : "Nobody is answering"}</Badge> : null}
        {m.customer?.id ? (
          <Link href={`/customers/${m.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
            {m.customer.firstName} {m.customer.lastName}
          </Link>
        ) : (
          <span className="text-muted">Not on any customer&apos;s record</span>
        )}
      </p>
      <blockquote className="text-base whitespace-pre-line">{m.body}</blockquote>
      {m.answeredAt ? (
        <p className="text-sm text-muted">
          Answered by {m.answerer ?? "the store"} · {formatRelative(m.answeredAt, now)}
        </p>
      ) : null}
      {waiting ? (
        <div className="flex flex-wrap items-start gap-2">
          <AssignPost target={{ kind: "message", id: m.id }} assigneeId={m.assignee?.id ?? null} isManager={me.role === "manager"} people={people} meId={me.id} />
          {m.customer?.id ? (
            canAnswer ? (
              <AnswerDisclosure>
                <div className="mt-3 rounded-lg bg-stone-50 p-1">
                  {m.channel === "sms" ? (
                    <SendText customerId={m.customer.id} firstName={m.customer.firstName} inReplyTo={m.id} />
                  ) : (
                    <AnswerEmail customerId={m.customer.id} firstName={m.customer.firstName} inReplyTo={m.id} note={emailRepliesConnected ? "Goes to the address she wrote from; her answer comes back here." : "Goes to the address she wrote from; her answer goes to the store's mailbox, as replies by email are not connected on this server."} />
                  )}
                </div>
              </AnswerDisclosure>
            ) : (
              <Link href={`/customers/${m.customer.id}#conversation`} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
                Open the conversation
              </Link>
            )
          ) : null}
          <DismissMessage messageId={m.id} />
        </div>
      ) : null}
    </li>
  );
}

/** A question the customer asked on her page: answered here, the answer shows on her page under it. */
function QuestionRow({ q, waiting, now }: { q: InboxQuestion; waiting: boolean; now: Date }) {
  const wait = waitingTime(q.askedAt, now);
  return (
    <li id={`question-${q.id}`} className="space-y-2 p-4">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        {waiting ? <Badge tone={wait.tone}>{wait.label}</Badge> : <span className="text-muted">{formatRelative(q.askedAt, now)}</span>}
        <span className="font-medium">Asked on her page</span>
        <Link href={`/customers/${q.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
          {q.customer.firstName} {q.customer.lastName}
        </Link>
      </p>
      <blockquote className="text-base whitespace-pre-line">{q.body}</blockquote>
      {q.answeredAt ? (
        <p className="text-sm text-muted">
          Answered by {q.answerer ?? "the store"} · {formatRelative(q.answeredAt, now)}
        </p>
      ) : null}
      {waiting ? (
        <AnswerDisclosure>
          <div className="mt-3 rounded-lg bg-stone-50 p-1">
            <AnswerQuestion customerId={q.customer.id} responseId={q.id} firstName={q.customer.firstName} />
          </div>
        </AnswerDisclosure>
      ) : null}
    </li>
  );
}

/** "Answer…" on an inbox row: the answer tools stay closed until asked for, and open across the row. */
function AnswerDisclosure({ open, children }: { open?: boolean; children: React.ReactNode }) {
  return (
    <details className="group open:basis-full" open={open}>
      <summary className="inline-flex h-11 cursor-pointer list-none items-center rounded-lg border border-line px-4 font-medium hover:bg-stone-50 [&::-webkit-details-marker]:hidden">
        <span className="group-open:hidden">Answer…</span>
        <span className="hidden group-open:inline">Close</span>
      </summary>
      {children}
    </details>
  );
}
