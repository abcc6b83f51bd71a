import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { listStoreHolds } from "@/lib/holds";
import { describeDue, formatRelative, plural } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { ProductImage } from "@/components/product-image";
import { HoldActions } from "./hold-actions";

export const metadata: Metadata = { title: "Holds at my store" };

const TONE = { overdue: "bad", today: "warn", later: "neutral" } as const;

export default async function StoreHoldsPage() {
  const me = await requireStaff();
  const holds = await listStoreHolds(getDb(), { storeId: me.storeId });
  const now = new Date();
  const due = holds.map((h) => ({ ...h, due: describeDue(h.expiresAt, now, me.storeTimezone) }));
  const overdue = due.filter((h) => h.due.state === "overdue").length;
  const today = due.filter((h) => h.due.state === "today").length;

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Holds at {me.storeName}</h1>
        <p className="text-muted">
          {plural(holds.length, "item")} set aside
          {today ? ` · ${today} due today` : ""}
          {overdue ? ` · ${overdue} expired, waiting to go back on the shelf` : ""}
        </p>
      </div>
      {due.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-8 text-center text-muted">Nothing is set aside at this store right now.</p>
      ) : (
        <ul className="divide-y divide-line rounded-xl border border-line bg-white">
          {due.map((h) => {
            const label = `${h.product.name}, ${h.variant.colour} ${h.variant.size}, for ${h.customer.firstName} ${h.customer.lastName}`;
            return (
              <li key={h.id} className="flex flex-wrap items-center gap-4 px-4 py-3">
                <ProductImage src={h.product.imageUrl} alt="" />
                <div className="min-w-0 flex-1 space-y-0.5">
                  <p className="flex flex-wrap items-center gap-2">
                    <Badge tone={TONE[h.due.state]}>{h.due.label}</Badge>
                  </p>
                  <p className="truncate font-medium">{h.product.name}</p>
                  <p className="truncate text-sm text-muted">
                    {h.variant.colour} · {h.variant.size} · for{" "}
                    <Link href={`/customers/${h.customer.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                      {h.customer.firstName} {h.customer.lastName}
                    </Link>{" "}
                    · by {h.placedBy.split(" ")[0]} {formatRelative(h.createdAt, now)}
                  </p>
                  {h.note ? <p className="text-sm">“{h.note}”</p> : null}
                </div>
                <HoldActions
                  holdId={h.id}
                  label={label}
                  colleague={h.placedById === me.id ? null : h.placedBy.split(" ")[0]!}
                  customerName={`${h.customer.firstName} ${h.customer.lastName}`}
                />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
