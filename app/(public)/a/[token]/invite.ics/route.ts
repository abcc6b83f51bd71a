import { getDb } from "@/db";
import { appointmentIcs } from "@/lib/appointments";
import { MANAGE_PATH } from "@/lib/appointment-messages";
import { bookingPageLimiter, manageView } from "@/lib/booking-page";
import { linkBaseUrl } from "@/lib/public-url";
import { clientAddress } from "@/lib/rate-limit";

/**
 * The calendar invite for the appointment a manage link opens, as it stands
 * now (a moved one's new time and SEQUENCE, a cancelled one's STATUS), the
 * same file the confirmation email carries. The token is checked here, and
 * counts against the same per-address limit as the page.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const now = new Date();
  const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  if (!(await bookingPageLimiter.take(clientAddress(request.headers), now.getTime()))) return new Response("Too many requests", { status: 429, headers: { "Retry-After": "600" } });
  const a = await manageView(getDb(), { token, now });
  if (!a) return notFound();
  const manageUrl = `${linkBaseUrl(request.headers)}${MANAGE_PATH}${token}`;
  const ics = appointmentIcs(a, a.store, { manageUrl, now });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="appointment.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}
