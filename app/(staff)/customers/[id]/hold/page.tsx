import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { customerPreferences, customers } from "@/db/schema";
import { requireStaff } from "@/lib/auth";
import { getProductAvailability } from "@/lib/catalog";
import { colourFamily } from "@/lib/colours";
import { formatMoney } from "@/lib/format";
import { MAX_HOLD_DAYS } from "@/lib/holds";
import { formatStoreDateTime, holdEnd } from "@/lib/store-hours";
import { getStoreSchedule } from "@/lib/store-schedule";
import { ProductImage } from "@/components/product-image";
import { HoldForm } from "./hold-form";
import { HOLD_DURATIONS } from "./durations";

export const metadata: Metadata = { title: "Put aside" };

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ product?: string; variant?: string }> };

export default async function PlaceHoldPage({ params, searchParams }: Props) {
  const me = await requireStaff();
  const customerId = idSchema.safeParse((await params).id);
  const { product: productParam, variant: variantParam } = await searchParams;
  const productId = idSchema.safeParse(productParam);
  if (!customerId.success || !productId.success) notFound();

  const db = getDb();
  const now = new Date();
  const [[customer], availability, schedule] = await Promise.all([
    db
      .select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, sizes: customerPreferences.sizes, colours: customerPreferences.colours })
      .from(customers)
      .leftJoin(customerPreferences, eq(customerPreferences.customerId, customers.id))
      .where(eq(customers.id, customerId.data))
      .limit(1),
    getProductAvailability(db, { productId: productId.data }),
    getStoreSchedule(db, { storeId: me.storeId, now }),
  ]);
  if (!customer || !availability) notFound();

  const { product, variants, stores } = availability;
  const theirSize = customer.sizes?.[product.category];
  const here = (v: (typeof variants)[number]) => v.availableByStore[me.storeId] ?? 0;
  // Start from what they looked at; else their size in a colour they love; else their size.
  const families = new Set((customer.colours ?? []).map(colourFamily));
  const inTheirSize = variants.filter((v) => v.size === theirSize && here(v) > 0);
  const preselected =
    variants.find((v) => v.id === variantParam && here(v) > 0) ??
    inTheirSize.find((v) => v.colour === variants.find((x) => x.id === variantParam)?.colour) ??
    inTheirSize.find((v) => families.has(colourFamily(v.colour))) ??
    inTheirSize[0];
  const others = stores.filter((s) => s.id !== me.storeId);
  // What each choice means today, so nobody has to count open days.
  const latest = new Date(now.getTime() + MAX_HOLD_DAYS * 86_400_000);
  const endsAt = schedule ? Object.fromEntries(HOLD_DURATIONS.map((d) => [d.days, `Until ${formatStoreDateTime(holdEnd(schedule, { now, days: d.days, latest }), schedule.timeZone)}`])) : {};

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link href={`/customers/${customer.id}`} className="inline-flex h-11 items-center text-accent underline-offset-2 hover:underline">
        ‹ Back to {customer.firstName} {customer.lastName}
      </Link>
      <section className="flex gap-5 rounded-xl border border-line bg-white p-5">
        <ProductImage src={product.imageUrl} alt={product.name} size="lg" />
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">
            Put aside for {customer.firstName}
          </h1>
          <p className="text-lg">{product.name}</p>
          <p className="text-muted">
            {formatMoney(product.priceCents)}
            {theirSize ? ` · ${customer.firstName} wears ${theirSize} in ${product.category}` : ""}
          </p>
        </div>
      </section>
      <HoldForm
        customerId={customer.id}
        storeName={me.storeName}
        idempotencyKey={randomUUID()}
        preselectedId={preselected?.id}
        endsAt={endsAt}
        variants={variants.map((v) => ({ id: v.id, size: v.size, colour: v.colour, colourHex: v.colourHex, available: here(v) }))}
      />
      {others.length ? (
        <section aria-labelledby="other-stores" className="rounded-xl border border-line bg-white p-5">
          <h2 id="other-stores" className="mb-3 font-semibold">
            At other stores
          </h2>
          <table className="w-full text-left">
            <thead className="text-sm text-muted">
              <tr>
                <th className="py-1 font-medium">Colour and size</th>
                {others.map((s) => (
                  <th key={s.id} className="py-1 text-right font-medium">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {variants.map((v) => (
                <tr key={v.id}>
                  <td className="py-1.5">
                    {v.colour} · {v.size}
                  </td>
                  {others.map((s) => (
                    <td key={s.id} className={`py-1.5 text-right tabular-nums ${v.availableByStore[s.id] ? "" : "text-stone-400"}`}>
                      {v.availableByStore[s.id] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
