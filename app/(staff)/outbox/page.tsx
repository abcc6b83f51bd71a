import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { listStoreOutbox } from "@/lib/customer-links";
import { formatRelative } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { describeLinkState } from "@/lib/link-tokens";
import { NETWORK_LABELS } from "@/lib/networks";
import { isRetryable, outboxStatus } from "@/lib/outbox-status";
import { RetryMessage } from "../customers/[id]/retry-message";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  const me = await requireStaff();
  const messages = await listStoreOutbox(getDb(), { storeId: me.storeId });
  const now = new Date();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Outbox at {me.storeName}</h1>
        <p className="text-muted">Every message written to customers at this store, newest first, and whether it went out.</p>
      </div>
      {messages.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-8 text-center text-muted">No messages yet. Send one from a customer&apos;s profile.</p>
      ) : (
        <ul className="space-y-3">
          {messages.map((m) => {
            // The private link is never kept: only whether it still works, and until when.
            const link = m.linkExpiresAt ? describeLinkState({ expiresAt: m.linkExpiresAt, revokedAt: m.linkRevokedAt }, now, me.storeTimezone) : null;
            return (
              <li key={m.id} className="space-y-1 rounded-xl border border-line bg-white p-4">
                <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
                  <Badge tone={outboxStatus(m).tone}>{outboxStatus(m).label}</Badge>
                  {m.customer ? (
                    <Link href={`/customers/${m.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                      {m.customer.firstName} {m.customer.lastName}
                    </Link>
                  ) : (
                    <span className="font-medium text-ink">Not linked to a customer</span>
                  )}
                  {m.channel === "in_store" ? "QR code in store" : m.channel === "page" ? "Answer on her page" : m.channel === "x" || m.channel === "instagram" ? `Reply on ${NETWORK_LABELS[m.channel]} to ${m.recipient}` : `${m.channel === "sms" ? "SMS" : "Email"} to ${m.recipient}`} · by {m.staffName.split(" ")[0]} · {formatRelative(m.createdAt, now)}
                  {link ? <Badge tone={link.active ? "good" : "neutral"}>{link.label}</Badge> : null}
                </p>
                {m.subject ? <p className="font-medium">{m.subject}</p> : null}
                <p className="text-sm whitespace-pre-line">{m.body}</p>
                {m.error ? <p className="text-sm text-red-700">Reason: {m.error}</p> : null}
                {isRetryable(m) ? <RetryMessage outboxId={m.id} customerId={m.customer?.id} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
