import { getDb } from "@/db";
import { bookingChoices, bookingContext } from "@/lib/booking-page";
import { BookingFlow } from "../../book/booking-flow";

/**
 * "Book a visit" on her private page: the same booking as the store's public
 * page, with her own associate chosen to start with and her details filled
 * in; the booking is hers (the link says who she is, checked again by each
 * booking action). She still confirms the contact she chooses with a code.
 */
export async function BookVisit({ token, now }: { token: string; now: Date }) {
  const db = getDb();
  const context = await bookingContext(db, { link: token }, now);
  if (!context) return null;
  const choices = await bookingChoices(db, { storeId: context.storeId, customerId: context.customerId });
  if (!choices.types.length || !choices.associates.length) return null;
  return (
    <section aria-labelledby="book-visit-heading" className="space-y-3">
      <h2 id="book-visit-heading" className="text-lg font-semibold">
        Book a visit
      </h2>
      <BookingFlow source={{ link: token }} types={choices.types} associates={choices.associates} defaultStaffId={choices.defaultStaffId} prefill={context.prefill} nested />
    </section>
  );
}
