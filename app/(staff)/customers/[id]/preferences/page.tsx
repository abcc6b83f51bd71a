import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { customerPreferences, customers } from "@/db/schema";
import { requireStaff } from "@/lib/auth";
import { CustomerOffline, CustomerOfflineStatus } from "@/components/offline/customer-offline";
import { PreferencesForm } from "./preferences-form";

export const metadata: Metadata = { title: "Edit preferences" };

export default async function EditPreferencesPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff();
  const id = z.string().min(1).max(64).safeParse((await params).id);
  if (!id.success) notFound();
  const [row] = await getDb()
    .select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, assignedStaffId: customers.assignedStaffId, prefs: customerPreferences })
    .from(customers)
    .leftJoin(customerPreferences, eq(customerPreferences.customerId, customers.id))
    .where(eq(customers.id, id.data))
    .limit(1);
  if (!row) notFound();
  const p = row.prefs;
  const renderedAt = new Date();
  const basis = { customerId: row.id, customerName: `${row.firstName} ${row.lastName}`, assignedStaffId: row.assignedStaffId, preferencesUpdatedAt: p?.updatedAt?.getTime() ?? null };
  return (
    <CustomerOffline basis={basis}>
    <div className="mx-auto max-w-3xl space-y-5">
      <Link href={`/customers/${row.id}`} className="inline-flex h-11 items-center text-accent underline-offset-2 hover:underline">
        ‹ Back to {row.firstName} {row.lastName}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">
        {row.firstName}&apos;s sizes and preferences
      </h1>
      <CustomerOfflineStatus renderedAt={renderedAt.getTime()} firstName={row.firstName} />
      <PreferencesForm
        customerId={row.id}
        initial={{
          sizes: p?.sizes ?? {},
          colours: (p?.colours ?? []).join(", "),
          brands: (p?.brands ?? []).join(", "),
          dislikes: (p?.dislikes ?? []).join(", "),
          styles: p?.styles ?? [],
          priceMin: p?.priceMinCents == null ? "" : String(p.priceMinCents / 100),
          priceMax: p?.priceMaxCents == null ? "" : String(p.priceMaxCents / 100),
          freeText: p?.freeText ?? "",
        }}
      />
    </div>
    </CustomerOffline>
  );
}
