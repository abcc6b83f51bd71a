import type { CustomerProfile } from "@/lib/customer-profile";
import { formatRelative } from "@/lib/format";
import { formatStoreDateTime } from "@/lib/store-hours";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyNote } from "@/components/ui/card";
import { ProductImage } from "@/components/product-image";

const STATUS = {
  active: { label: "On hold", tone: "accent" },
  picked_up: { label: "Picked up", tone: "good" },
  released: { label: "Released", tone: "neutral" },
  expired: { label: "Expired", tone: "neutral" },
} as const;

export function HoldsCard({ holds, now }: { holds: CustomerProfile["holds"]; now: Date }) {
  return (
    <Card title="Holds" id="holds">
      {holds.length === 0 ? (
        <EmptyNote>Nothing set aside for this customer.</EmptyNote>
      ) : (
        <ul className="divide-y divide-line">
          {holds.map((h) => (
            <li key={h.id} className="flex items-center gap-3 py-2.5">
              <ProductImage src={h.variant.imageUrl} alt="" />
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{h.product.name}</p>
                <p className="truncate text-sm text-muted">
                  {h.variant.colour} · {h.variant.size} · {h.storeName}
                </p>
                <p className="text-sm text-muted">
                  {h.status === "active" ? `Until ${formatStoreDateTime(h.expiresAt, h.storeTimezone)}` : `Placed ${formatRelative(h.createdAt, now)}`} by {h.staffName.split(" ")[0]}
                </p>
              </div>
              <Badge tone={STATUS[h.status].tone}>{STATUS[h.status].label}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
