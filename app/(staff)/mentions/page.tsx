import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { listMentionInbox, listProductChoices } from "@/lib/mentions";
import { NETWORK_LABELS } from "@/lib/networks";
import { plural } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { MentionReply } from "./mention-reply";
import { LinkProduct } from "./link-product";

export const metadata: Metadata = { title: "Mentions" };

function waited(postedAt: Date, now: Date): { label: string; late: boolean } {
  const hours = (now.getTime() - postedAt.getTime()) / 3_600_000;
  if (hours < 1) return { label: `Waiting ${Math.max(1, Math.round(hours * 60))} min`, late: false };
  if (hours < 48) return { label: `Waiting ${Math.floor(hours)} h`, late: hours >= 24 };
  return { label: `Waiting ${Math.floor(hours / 24)} days`, late: true };
}

export default async function MentionsInboxPage() {
  const me = await requireStaff();
  const [mentions, productChoices] = await Promise.all([listMentionInbox(getDb(), { storeId: me.storeId }), listProductChoices(getDb())]);
  const now = new Date();
  const late = mentions.filter((m) => waited(m.postedAt, now).late).length;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Mentions at {me.storeName}</h1>
        <p className="text-muted">
          {mentions.length ? `${plural(mentions.length, "post")} waiting for an answer, oldest first` : "Every post has an answer."}
          {late ? ` · ${late} waiting over a day` : ""}
        </p>
      </div>
      {mentions.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-8 text-center text-muted">No new posts mention the store. New ones appear here.</p>
      ) : (
        <ul className="space-y-4">
          {mentions.map((m) => {
            const wait = waited(m.postedAt, now);
            return (
              <li key={m.id} className="space-y-2 rounded-xl border border-line bg-white p-4">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={wait.late ? "bad" : "warn"}>{wait.label}</Badge>
                  <span className="font-medium">
                    {NETWORK_LABELS[m.network]} · @{m.handle}
                  </span>
                  {m.customer?.id ? (
                    <Link href={`/customers/${m.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                      {m.customer.firstName} {m.customer.lastName}
                    </Link>
                  ) : (
                    <span className="text-muted">Not linked to a customer</span>
                  )}
                </p>
                <blockquote className="text-base">{m.text}</blockquote>
                <p className="flex flex-wrap gap-4 text-sm">
                  {m.product?.name ? <span className="text-muted">About: {m.product.name}</span> : null}
                  <a href={m.url} target="_blank" rel="noopener noreferrer" className="font-medium text-accent underline-offset-2 hover:underline">
                    Open on {NETWORK_LABELS[m.network]}
                    <span className="sr-only"> (opens in a new tab)</span>
                  </a>
                </p>
                {m.product?.id ? null : <LinkProduct mentionId={m.id} customerId={m.customer?.id ?? undefined} products={productChoices} />}
                <MentionReply mentionId={m.id} customerId={m.customer?.id ?? undefined} handle={m.handle} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
