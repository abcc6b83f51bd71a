import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { staff } from "@/db/schema";
import { getStaff } from "@/lib/auth";
import { auditActionLabel } from "@/lib/audit-actions";
import { actorWithoutStaff, auditParams, describeDetail, listAudit } from "@/lib/audit-view";
import { UNASSIGNED_BOOK, clientListParams, listClients, listStoreBooks } from "@/lib/client-books";
import { csvResponse, toCsv } from "@/lib/csv";
import { getStoreDashboard, getStoreTrend } from "@/lib/dashboard";
import { dashboardCsv, trendCsv } from "@/lib/dashboard-tables";
import { localDate } from "@/lib/dates";
import { bucketEdges, resolvePeriod } from "@/lib/periods";

const TABLES = ["holds", "service", "trend", "clients", "audit"] as const;
/** Enough for any store's month; larger pulls belong in a reporting tool. */
const MAX_EXPORT_ROWS = 10_000;

const notFound = () => new Response("Not found", { status: 404 });

/**
 * CSV downloads of the manager's tables. The role and store are checked here,
 * not only by the pages that link to it: an associate gets a 404, like the pages.
 */
export async function GET(request: Request, { params }: { params: Promise<{ table: string }> }) {
  const me = await getStaff();
  if (!me) return new Response("Sign in to download reports.", { status: 401 });
  if (me.role !== "manager") return notFound();
  const table = (await params).table;
  if (!(TABLES as readonly string[]).includes(table)) return notFound();

  const db = getDb();
  const now = new Date();
  const today = localDate(now, me.storeTimezone);
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const { period } = resolvePeriod(search, { timeZone: me.storeTimezone, now });
  const stamp = `${me.storeName}-${table}-${period.firstDay}-to-${period.lastDay}`;

  if (table === "holds" || table === "service") {
    const { header, rows } = dashboardCsv(await getStoreDashboard(db, { storeId: me.storeId, period, today, now }), table);
    return csvResponse(`${stamp}.csv`, toCsv(header, rows));
  }
  if (table === "trend") {
    const trend = await getStoreTrend(db, { storeId: me.storeId, edges: bucketEdges(period, me.storeTimezone) });
    const { header, rows } = trendCsv(trend, (d) => localDate(d, me.storeTimezone));
    return csvResponse(`${stamp}.csv`, toCsv(header, rows));
  }
  if (table === "clients") {
    const book = search.book ?? "";
    const books = await listStoreBooks(db, { storeId: me.storeId, today });
    const person = books.people.find((p) => p.id === book);
    if (!person && book !== UNASSIGNED_BOOK) return notFound();
    const listParams = clientListParams.parse({ ...search, page: 1 });
    const header = ["Customer id", "First name", "Last name", "Email", "Phone", "Last contact", "Next follow-up", "Open holds", "New posts", "Last visit"];
    // The screen's query, with its filter and order, as one large page.
    const { rows, total } = await listClients(db, { owner: person ? { staffId: person.id } : { unassignedAt: me.storeId }, now, today, params: listParams, limit: MAX_EXPORT_ROWS });
    const lines = rows.map((c) => [c.id, c.firstName, c.lastName, c.email, c.phone, c.lastContactAt, c.nextFollowUp, c.openHolds, c.newMentions, c.lastVisitAt]);
    // A cut-off file says so in its name rather than passing for the whole book.
    const cut = total > rows.length ? `-first-${rows.length}-of-${total}` : "";
    return csvResponse(`${me.storeName}-clients-${person ? person.name : "unassigned"}-${today}${cut}.csv`, toCsv(header, lines));
  }
  // audit
  const filters = auditParams.parse({ ...search, page: 1 });
  const [{ rows, hasMore }, people] = await Promise.all([
    listAudit(db, { storeId: me.storeId, timeZone: me.storeTimezone, params: filters, limit: MAX_EXPORT_ROWS }),
    db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.storeId, me.storeId)).orderBy(asc(staff.name)),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const header = ["When", "Who", "Action", "Action code", "Customer id", "Customer", "Detail"];
  const lines = rows.map((r) => [r.at, r.staff?.name ?? actorWithoutStaff(r.action), auditActionLabel(r.action), r.action, r.customer?.id, r.customer ? `${r.customer.firstName} ${r.customer.lastName}` : null, describeDetail(r, names, me.storeTimezone)]);
  // Cut at the newest 10,000: the file name says so.
  return csvResponse(`${me.storeName}-audit-${today}${hasMore ? `-newest-${MAX_EXPORT_ROWS}` : ""}.csv`, toCsv(header, lines));
}
