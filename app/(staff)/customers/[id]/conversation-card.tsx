import type { CustomerProfile } from "@/lib/customer-profile";
import type { ThreadChannel, ThreadItem } from "@/lib/conversations";
import { formatRelative } from "@/lib/format";
import { NETWORK_LABELS } from "@/lib/networks";
import { replyLimit } from "@/lib/mentions";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { ProductImage } from "@/components/product-image";
import { PutAsideLink } from "./put-aside-link";
import { MentionReply } from "../../mentions/mention-reply";
import { AnswerQuestion } from "./answer-question";
import { SendText } from "./send-text";
import { AnswerEmail } from "./answer-email";
import { RetryMessage } from "./retry-message";

const CHANNEL_LABELS: Record<Exclude<ThreadChannel, keyof typeof NETWORK_LABELS>, string> = {
  sms: "SMS",
  email: "Email",
  page: "Her page",
  in_store: "QR code in store",
  call: "Call",
  visit: "Visit",
};

function channelLabel(channel: ThreadChannel, firstName: string): string {
  if (channel in NETWORK_LABELS) return NETWORK_LABELS[channel as keyof typeof NETWORK_LABELS];
  return channel === "page" ? `${firstName}'s page` : CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS];
}

/**
 * Everything said with the customer, on every channel, in one thread (oldest
 * first, the latest at the bottom): what she wrote on the left, the store's
 * answers on the right with who sent them and what became of them, calls and
 * visits in between. A post still waiting at this store can be answered where
 * it stands.
 */
export function ConversationCard({
  thread,
  mentions,
  customerId,
  firstName,
  storeId,
  now,
  texting,
  emailing = { setUp: false, repliesConnected: false },
}: {
  thread: ThreadItem[];
  mentions: CustomerProfile["mentions"];
  customerId: string;
  firstName: string;
  storeId: string;
  now: Date;
  /** Whether this server sends texts, and whether she agreed to them (otherwise only her own texts may be answered, within 24 hours). */
  texting: { setUp: boolean; consent: boolean; phone: boolean };
  /** Whether this server sends email (SMTP), and whether her answers come back here (INBOUND_EMAIL_DOMAIN). */
  emailing?: { setUp: boolean; repliesConnected: boolean };
}) {
  const posts = new Map(mentions.map((m) => [m.id, m]));
  return (
    <Card title={`Conversation with ${firstName}`} id="conversation">
      {thread.length === 0 ? (
        <EmptyNote>Nothing said yet, on any channel. Posts, texts, emails and answers from {firstName}&apos;s page will show here.</EmptyNote>
      ) : (
        <ol className="space-y-3 py-1">
          {thread.map((item) => {
            const post = item.source.kind === "mention" && item.direction === "in" ? posts.get(item.source.id) : undefined;
            const when = formatRelative(item.at, now);
            if (item.direction === "logged") {
              return (
                <li key={item.key} className="text-center text-sm text-muted">
                  {channelLabel(item.channel, firstName)} logged by {item.staffName} · {when}
                  {item.body ? <span className="block text-ink">“{item.body}”</span> : null}
                </li>
              );
            }
            const fromHer = item.direction === "in";
            return (
              <li key={item.key} className={`flex ${fromHer ? "justify-start" : "justify-end"}`}>
                <div className={`max-w-[92%] space-y-1.5 rounded-xl px-3.5 py-2.5 ${fromHer ? "bg-stone-50" : "bg-accent-soft"}`}>
                  <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted">
                    <span className="font-medium text-ink">
                      {fromHer ? (post ? `${channelLabel(item.channel, firstName)} · @${post.handle}` : channelLabel(item.channel, firstName)) : `${item.staffName ?? "The store"} · ${channelLabel(item.channel, firstName)}`}
                    </span>
                    <span>{when}</span>
                    {item.waiting ? <Badge tone="warn">Not answered</Badge> : null}
                    {item.state ? <Badge tone={item.state.tone}>{item.state.label}</Badge> : null}
                  </p>
                  <div className="flex gap-3">
                    {post?.mediaUrl ? <ProductImage src={post.mediaUrl} alt={post.product ? `Picture of the ${post.product.name}` : "Picture in the post"} size="md" /> : null}
                    <div className="min-w-0 space-y-1">
                      <p className="text-base whitespace-pre-line">{item.body}</p>
                      {post?.product ? <p className="text-sm text-muted">About: {post.product.name}</p> : null}
                    </div>
                  </div>
                  {post ? (
                    <div className="flex flex-wrap items-center gap-4">
                      <a href={post.url} target="_blank" rel="noopener noreferrer" className="inline-flex h-10 items-center text-sm font-medium text-accent underline-offset-2 hover:underline">
                        {/* Instagram's webhooks give no link to a comment: the link is the author's profile. */}
                        {post.network === "instagram" && post.kind !== "post" ? `Open on Instagram: @${post.handle}'s profile` : `Open on ${NETWORK_LABELS[post.network]}`}
                        <span className="sr-only"> (opens in a new tab)</span>
                      </a>
                      {post.product ? <PutAsideLink customerId={customerId} productId={post.product.id} productName={post.product.name} /> : null}
                    </div>
                  ) : null}
                  {post && post.status === "new" && post.storeId === storeId ? <MentionReply mentionId={post.id} customerId={customerId} handle={post.handle} limit={replyLimit(post.network)} /> : null}
                  {item.canRetry ? <RetryMessage outboxId={item.source.id} customerId={customerId} /> : null}
                  {item.source.kind === "response" && item.waiting ? <AnswerQuestion customerId={customerId} responseId={item.source.id} firstName={firstName} /> : null}
                  {item.source.kind === "inbound" && item.channel === "sms" && item.waiting && texting.setUp ? <SendText customerId={customerId} firstName={firstName} inReplyTo={item.source.id} /> : null}
                  {item.source.kind === "inbound" && item.channel === "email" && item.waiting && emailing.setUp ? (
                    <AnswerEmail customerId={customerId} firstName={firstName} inReplyTo={item.source.id} note={emailing.repliesConnected ? "Goes to the address she wrote from; her answer comes back here." : "Goes to the address she wrote from. Replies by email are not connected on this server, so her answer goes to the store's mailbox, not here."} />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {emailing.setUp && !emailing.repliesConnected ? <p className="mt-3 text-sm text-muted">Replies by email are not connected on this server: when {firstName} answers an email, it goes to the store&apos;s mailbox, not here.</p> : null}
      {texting.setUp && texting.consent && texting.phone ? (
        <div className="mt-3 border-t border-line pt-3">
          <SendText customerId={customerId} firstName={firstName} note="From the store's number; her answer comes back here." />
        </div>
      ) : null}
    </Card>
  );
}
