import type { Metadata } from "next";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { requireManager } from "@/lib/auth";
import { listSourceKeys } from "@/lib/source-keys";
import { formatRelative } from "@/lib/format";
import { linkBaseUrl } from "@/lib/public-url";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { KeySetup, RevokeKey } from "./source-key-forms";

export const metadata: Metadata = { title: "Event sources" };

async function siteOrigin(): Promise<string> {
  return linkBaseUrl(await headers());
}

export default async function EventSourcesPage() {
  const me = await requireManager();
  const [keys, origin] = await Promise.all([listSourceKeys(getDb(), { storeId: me.storeId }), siteOrigin()]);
  const now = new Date();
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold">Event sources</h2>
        <p className="text-muted">
          Write keys let your website, app or customer data platform send browsing, carts and orders to customers&apos; profiles. New customers they introduce join {me.storeName}.
        </p>
      </div>
      <KeySetup origin={origin} />
      <Card title="Keys" id="keys">
        {keys.length === 0 ? (
          <EmptyNote>No keys yet. Create one for each place that sends events, so each can be revoked on its own.</EmptyNote>
        ) : (
          <ul className="divide-y divide-line">
            {keys.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    {k.name}
                    {k.revokedAt ? <Badge tone="neutral">Revoked</Badge> : <Badge tone="good">Active</Badge>}
                  </p>
                  <p className="text-sm text-muted">
                    <code className="text-ink">{k.prefix}…</code> · created by {k.createdByName} {formatRelative(k.createdAt, now)} ·{" "}
                    {k.revokedAt ? `revoked ${formatRelative(k.revokedAt, now)}` : k.lastUsedAt ? `last used ${formatRelative(k.lastUsedAt, now)}` : "not used yet"}
                  </p>
                </div>
                {k.revokedAt ? null : <RevokeKey keyId={k.id} name={k.name} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
