import type { CustomerProfile } from "@/lib/customer-profile";
import { formatPriceBand, formatRelative } from "@/lib/format";
import Link from "next/link";
import { Card, EmptyNote } from "@/components/ui/card";

function Chips({ items, tone = "bg-stone-100" }: { items: string[]; tone?: string }) {
  return (
    <ul className="flex flex-wrap gap-1.5">
      {items.map((item) => (
        <li key={item} className={`rounded-full px-2.5 py-0.5 text-sm ${tone}`}>
          {item}
        </li>
      ))}
    </ul>
  );
}

type History = Array<{ id: string; field: string; at: Date; staffName: string | null }>;

const FIELD_NAMES: Record<string, string> = {
  sizes: "sizes",
  colours: "colours",
  brands: "brands",
  styles: "style",
  dislikes: "things to avoid",
  priceMinCents: "budget (from)",
  priceMaxCents: "budget (up to)",
  freeText: "notes",
};

function EditLink({ customerId }: { customerId: string }) {
  return (
    <Link href={`/customers/${customerId}/preferences`} className="inline-flex h-10 items-center rounded-lg border border-line px-3 text-sm font-medium text-accent hover:bg-accent-soft">
      Edit
    </Link>
  );
}

export function PreferencesCard({ preferences: p, now, customerId, history }: { preferences: CustomerProfile["preferences"]; now: Date; customerId: string; history: History }) {
  if (!p) {
    return (
      <Card title="Preferences and sizes" id="preferences" action={<EditLink customerId={customerId} />}>
        <EmptyNote>No sizes or preferences saved yet.</EmptyNote>
      </Card>
    );
  }
  const band = formatPriceBand(p.priceMinCents, p.priceMaxCents);
  const rows: Array<[string, React.ReactNode]> = [];
  const sizes = Object.entries(p.sizes);
  if (sizes.length) {
    rows.push([
      "Sizes",
      <ul key="sizes" className="grid grid-cols-2 gap-x-4 gap-y-1">
        {sizes.map(([category, size]) => (
          <li key={category} className="flex justify-between gap-2">
            <span className="text-muted capitalize">{category}</span>
            <span className="font-semibold">{size}</span>
          </li>
        ))}
      </ul>,
    ]);
  }
  if (p.colours.length) rows.push(["Colours", <Chips key="c" items={p.colours} />]);
  if (p.brands.length) rows.push(["Brands", <Chips key="b" items={p.brands} />]);
  if (p.styles.length) rows.push(["Style", <Chips key="s" items={p.styles.map((s) => s[0]!.toUpperCase() + s.slice(1))} />]);
  if (band) rows.push(["Budget", <span key="band">{band}</span>]);
  if (p.dislikes.length) rows.push(["Avoid", <Chips key="d" items={p.dislikes} tone="bg-red-50 text-red-900" />]);
  return (
    <Card title="Preferences and sizes" id="preferences" action={<EditLink customerId={customerId} />}>
      <dl className="space-y-3">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="mb-1 text-sm font-medium text-muted">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {p.freeText ? <p className="mt-3 rounded-lg bg-stone-50 px-3 py-2">{p.freeText}</p> : null}
      <details className="mt-3 text-sm">
        <summary className="flex h-10 cursor-pointer items-center text-muted">Updated {formatRelative(p.updatedAt, now)} · history</summary>
        {history.length ? (
          <ul className="space-y-1">
            {history.map((h) => (
              <li key={h.id}>
                {h.staffName ?? "The customer"} changed {FIELD_NAMES[h.field] ?? h.field}, {formatRelative(h.at, now)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-muted">No changes recorded since these were first saved.</p>
        )}
      </details>
    </Card>
  );
}
