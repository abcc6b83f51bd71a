import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { listStoreResponses, RESPONSE_LABELS } from "@/lib/customer-links";
import { listStoreHolds } from "@/lib/holds";
import { listMentionInbox } from "@/lib/mentions";
import { describeDue, formatRelative, plural } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";

export const metadata: Metadata = { title: "Today" };


export default async function TodayPage() {
  const me = await requireStaff();
  const db = getDb();
  const now = new Date();
  const [replies, holds, mentions] = await Promise.all([listStoreResponses(db, { storeId: me.storeId, now }), listStoreHolds(db, { storeId: me.storeId }), listMentionInbox(db, { storeId: me.storeId })]);
  const dueToday = holds.map((h) => ({ ...h, due: describeDue(h.expiresAt, now, me.storeTimezone) })).filter((h) => h.due.state !== "later");
  const unseen = replies.filter((r) => !r.seenAt).length;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Today at {me.storeName}</h1>
        <p className="text-muted">
          {plural(unseen, "new reply", "new replies")} from customers · {plural(dueToday.length, "hold")} ending today or expired ·{" "}
          <Link href="/mentions" className="text-accent underline-offset-2 hover:underline">
            {plural(mentions.length, "post")} waiting for an answer
          </Link>
        </p>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="From customers' pages" id="replies">
          {replies.length === 0 ? (
            <EmptyNote>No replies from customers in the last two days.</EmptyNote>
          ) : (
            <ul className="divide-y divide-line">
              {replies.map((r) => (
                <li key={r.id} className="space-y-0.5 py-2.5">
                  <p className="flex flex-wrap items-center gap-2">
                    {r.seenAt ? null : <Badge tone="warn">New</Badge>}
                    <Link href={`/customers/${r.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                      {r.customer.firstName} {r.customer.lastName}
                    </Link>
                    <span className="text-sm text-muted">{formatRelative(r.createdAt, now)}</span>
                  </p>
                  <p>
                    <span className="font-medium">{RESPONSE_LABELS[r.kind]}:</span> {r.detail}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Holds ending today" id="due" action={<Link href="/holds" className="text-sm font-medium text-accent">All holds</Link>}>
          {dueToday.length === 0 ? (
            <EmptyNote>No hold ends today.</EmptyNote>
          ) : (
            <ul className="divide-y divide-line">
              {dueToday.map((h) => (
                <li key={h.id} className="space-y-0.5 py-2.5">
                  <Badge tone={h.due.state === "overdue" ? "bad" : "warn"}>{h.due.label}</Badge>
                  <p>
                    {h.product.name} · {h.variant.colour} {h.variant.size} for{" "}
                    <Link href={`/customers/${h.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                      {h.customer.firstName} {h.customer.lastName}
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
