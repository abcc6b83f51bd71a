import type { CustomerProfile } from "@/lib/customer-profile";
import { formatRelative } from "@/lib/format";
import { NETWORK_LABELS } from "@/lib/networks";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { ProductImage } from "@/components/product-image";
import { PutAsideLink } from "./put-aside-link";
import { MentionReply } from "../../mentions/mention-reply";
import { replyLimit } from "@/lib/mentions";

const STATUS = {
  new: { label: "Not answered", tone: "warn" },
  replied: { label: "Replied", tone: "good" },
  dismissed: { label: "Dismissed", tone: "neutral" },
} as const;

export function MentionsCard({ mentions, now, customerId, storeId }: { mentions: CustomerProfile["mentions"]; now: Date; customerId: string; storeId: string }) {
  return (
    <Card title="Social mentions" id="mentions">
      {mentions.length === 0 ? (
        <EmptyNote>No posts mentioning the store.</EmptyNote>
      ) : (
        <ul className="divide-y divide-line">
          {mentions.map((m) => (
            <li key={m.id} className="flex gap-4 py-3">
              {m.mediaUrl ? <ProductImage src={m.mediaUrl} alt={m.product ? `Picture of the ${m.product.name}` : "Picture in the post"} size="md" /> : null}
              <div className="min-w-0 flex-1 space-y-1.5">
                <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
                  <span className="font-medium text-ink">
                    {NETWORK_LABELS[m.network]} · @{m.handle}
                  </span>
                  <span>{formatRelative(m.postedAt, now)}</span>
                  <Badge tone={STATUS[m.status].tone}>{STATUS[m.status].label}</Badge>
                </p>
                <blockquote className="text-base">{m.text}</blockquote>
                {m.product ? <p className="text-sm text-muted">About: {m.product.name}</p> : null}
                {m.replyText ? (
                  <p className="rounded-lg bg-stone-50 px-3 py-2 text-sm">
                    <span className="font-medium">Our reply:</span> {m.replyText}
                  </p>
                ) : null}
                <div className="flex flex-wrap items-center gap-4">
                  <a href={m.url} target="_blank" rel="noopener noreferrer" className="inline-flex h-10 items-center text-sm font-medium text-accent underline-offset-2 hover:underline">
                    {/* Instagram's webhooks give no link to a comment: the link is the author's profile. */}
                    {m.network === "instagram" && m.kind !== "post" ? `Open on Instagram: @${m.handle}'s profile` : `Open on ${NETWORK_LABELS[m.network]}`}
                    <span className="sr-only"> (opens in a new tab)</span>
                  </a>
                  {m.product ? <PutAsideLink customerId={customerId} productId={m.product.id} productName={m.product.name} /> : null}
                </div>
                {m.status === "new" && m.storeId === storeId ? <MentionReply mentionId={m.id} customerId={customerId} handle={m.handle} limit={replyLimit(m.network)} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
