import type { Metadata } from "next";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { bookingChoices, bookingContext, bookingPageLimiter } from "@/lib/booking-page";
import { formatPhone } from "@/lib/format";
import { clientAddress } from "@/lib/rate-limit";
import { BookingFlow } from "../booking-flow";
import { NothingHere, PublicHeader } from "../public-header";

export const metadata: Metadata = { title: "Book a visit" };

/** A store's public booking page: anyone books a visit, no account, with a code sent to the email or phone she gives. */
export default async function StoreBookingPage({ params }: { params: Promise<{ store: string }> }) {
  const { store: slug } = await params;
  const now = new Date();
  if (!(await bookingPageLimiter.take(clientAddress(await headers()), now.getTime()))) {
    return <NothingHere title="Please try again in a few minutes" text="This page was opened too many times from your connection." />;
  }
  const db = getDb();
  const context = await bookingContext(db, { store: slug }, now);
  if (!context) return <NothingHere title="We could not find that store" text="The address may be mistyped." />;
  const choices = await bookingChoices(db, { storeId: context.storeId, customerId: null });
  return (
    <main className="mx-auto max-w-md space-y-6 px-5 py-8">
      <header className="space-y-4">
        <PublicHeader store={context.store.name} />
        <h1 className="text-2xl font-semibold tracking-tight">Book a visit</h1>
        <p className="text-muted">
          {context.store.address} ·{" "}
          <a href={`tel:${context.store.phone}`} className="text-accent underline">
            {formatPhone(context.store.phone)}
          </a>
        </p>
      </header>
      <BookingFlow source={{ store: slug }} types={choices.types} associates={choices.associates} defaultStaffId={choices.defaultStaffId} prefill={null} />
    </main>
  );
}
