import Link from "next/link";
import type { Metadata } from "next";
import { getDb } from "@/db";
import { listBookingStores } from "@/lib/booking-page";
import { PublicHeader } from "./public-header";

export const metadata: Metadata = { title: "Book a visit" };

/** Every store, each a tap from its booking page. */
export default async function BookingIndexPage() {
  const stores = await listBookingStores(getDb());
  return (
    <main className="mx-auto max-w-md space-y-6 px-5 py-8">
      <header className="space-y-4">
        <PublicHeader store={null} />
        <h1 className="text-2xl font-semibold tracking-tight">Book a visit</h1>
        <p className="text-muted">Choose a store.</p>
      </header>
      <ul className="space-y-3">
        {stores.map((s) => (
          <li key={s.id}>
            <Link href={`/book/${s.slug}`} className="block rounded-xl border border-line bg-white p-4">
              <span className="block font-medium text-accent">{s.name}</span>
              <span className="block text-sm text-muted">{s.address}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
