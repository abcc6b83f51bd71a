import type { CustomerProfile } from "@/lib/customer-profile";
import { formatDate, formatMoney, formatRelative } from "@/lib/format";
import { Card, EmptyNote } from "@/components/ui/card";
import { ProductImage } from "@/components/product-image";

export function PurchasesCard({ purchases, now }: { purchases: CustomerProfile["purchases"]; now: Date }) {
  return (
    <Card title="Purchases" id="purchases">
      {purchases.length === 0 ? (
        <EmptyNote>No purchases yet.</EmptyNote>
      ) : (
        <ul className="divide-y divide-line">
          {purchases.map((p) => (
            <li key={p.id} className="py-3">
              <p className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">
                  {p.channel === "store" ? `In store${p.storeName ? ` at ${p.storeName}` : ""}` : "Online"}
                  <span className="font-normal text-muted"> · {formatDate(p.purchasedAt)} ({formatRelative(p.purchasedAt, now)})</span>
                </span>
                <span className="font-semibold">{formatMoney(p.totalCents)}</span>
              </p>
              <ul className="mt-2 space-y-2">
                {p.lines.map((line, i) => (
                  <li key={i} className="flex items-center gap-3">
                    <ProductImage src={line.imageUrl} alt="" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate">{line.description}</span>
                      <span className="block truncate text-sm text-muted">{[line.colour, line.size].filter(Boolean).join(" · ")}</span>
                    </span>
                    <span className="text-sm text-muted">
                      {line.quantity > 1 ? `${line.quantity} × ` : ""}
                      {formatMoney(line.unitPriceCents)}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
