/** Where and how a source sends events; `writeKey` is the real key right after it is made, else a placeholder. */
export function HowToSend({ origin, writeKey }: { origin: string; writeKey?: string }) {
  const key = writeKey ?? "YOUR_WRITE_KEY";
  const example = `curl ${origin}/api/v1/track \\
  -u '${key}:' \\
  -H 'Content-Type: application/json' \\
  -d '{"userId": "1001", "event": "Product Viewed", "properties": {"sku": "MIL-CT-001-COBA-M"}}'`;
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid gap-x-3 gap-y-1.5 sm:grid-cols-[auto_minmax(0,1fr)]">
        <dt className="font-medium">Endpoints</dt>
        <dd className="[overflow-wrap:anywhere]">
          <code>{origin}/api/v1/batch</code>, <code>/api/v1/track</code> and <code>/api/v1/identify</code>, in Segment&apos;s HTTP tracking API format
        </dd>
        <dt className="font-medium">Sign in</dt>
        <dd>HTTP Basic: the key as the username, the password left empty</dd>
        <dt className="font-medium">From a CDP</dt>
        <dd className="[overflow-wrap:anywhere]">
          In Segment, RudderStack or PostHog libraries, set the API host to <code>{origin}/api</code> and paste the key as the write key
        </dd>
      </dl>
      {/* Wrapped, not scrolled: the whole command is visible on a tablet. */}
      <pre aria-label={writeKey ? "Example request with your new key" : "Example request"} className="rounded-lg bg-stone-900 p-3 text-xs leading-relaxed whitespace-pre-wrap text-stone-100 [overflow-wrap:anywhere]">
        {example}
      </pre>
      <p className="text-muted">Up to 500 events or 500 KB per batch. Replayed messageIds are stored once.</p>
    </div>
  );
}
