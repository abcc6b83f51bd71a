import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { staff } from "@/db/schema";
import { getStaff } from "@/lib/auth";
import { AUDIT_ACTIONS, auditParams, describeDetail, listAudit } from "@/lib/audit-view";
import { clientListParams, listClients, listStoreBooks } from "@/lib/client-books";
import { csvResponse, toCsv } from "@/lib/csv";
import { getStoreDashboard, getStoreTrend } from "@/lib/dashboard";
import { associateCsv, trendCsv } from "@/lib/dashboard-tables";
import { localDate } from "@/lib/dates";
import { resolvePeriod } from "@/lib/periods";

const TABLES = ["associates", "trend", "clients", "audit"] as const;
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

  if (table === "associates") {
    const { header, rows } = associateCsv(await getStoreDashboard(db, { storeId: me.storeId, period, today, now }));
    return csvResponse(`${stamp}.csv`, toCsv(header, rows));
  }
  if (table === "trend") {
    const trend = await getStoreTrend(db, { storeId: me.storeId, period, bucketDays: period.bucketDays });
    const { header, rows } = trendCsv(trend, (d) => localDate(d, me.storeTimezone));
    return csvResponse(`${stamp}.csv`, toCsv(header, rows));
  }
  if (table === "clients") {
    const book = search.book ?? "";
    const books = await listStoreBooks(db, { storeId: me.storeId, today });
    const person = books.people.find((p) => p.id === book);
    if (!person && book !== "unassigned") return notFound();
    const listParams = clientListParams.parse({ ...search, page: 1 });
    const header = ["Customer id", "First name", "Last name", "Email", "Phone", "Last contact", "Next follow-up", "Open holds", "New posts", "Last visit"];
    const rows = [];
    // A book is read page by page with the same query the screen uses.
    for (let page = 1; rows.length < MAX_EXPORT_ROWS; page++) {
      const { rows: chunk } = await listClients(db, { owner: person ? { staffId: person.id } : { unassignedAt: me.storeId }, now, today, params: { ...listParams, page } });
      rows.push(...chunk.map((c) => [c.id, c.firstName, c.lastName, c.email, c.phone, c.lastContactAt, c.nextFollowUp, c.openHolds, c.newMentions, c.lastVisitAt]));
      if (chunk.length === 0) break;
    }
    return csvResponse(`${me.storeName}-clients-${person ? person.name : "unassigned"}-${today}.csv`, toCsv(header, rows));
  }
  // audit
  const filters = auditParams.parse({ ...search, page: 1 });
  const [{ rows }, people] = await Promise.all([
    listAudit(db, { storeId: me.storeId, timeZone: me.storeTimezone, params: filters, limit: MAX_EXPORT_ROWS }),
    db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.storeId, me.storeId)).orderBy(asc(staff.name)),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const header = ["When", "Who", "Action", "Action code", "Customer id", "Customer", "Detail"];
  const lines = rows.map((r) => [r.at, r.staff?.name ?? "The customer", AUDIT_ACTIONS[r.action] ?? r.action, r.action, r.customer?.id, r.customer ? `${r.customer.firstName} ${r.customer.lastName}` : null, describeDetail(r, names)]);
  return csvResponse(`${me.storeName}-audit-${today}.csv`, toCsv(header, lines));
}
