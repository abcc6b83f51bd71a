import "server-only";
import { and, desc, eq, exists, gte, inArray, lt, max, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { aliasTable, currentDialect } from "@/db/dialect";
import {
  auditLog,
  customerSearchTerms,
  customers,
  onlineEvents,
  purchases,
  socialMentions,
  staff,
  stores,
} from "@/db/schema";
import { parseQuery, prefixUpperBound } from "./search-terms";

export interface CustomerSummary {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  homeStoreName: string | null;
  assignedStaffName: string | null;
  lastActivityAt: Date | null;
}

export const SEARCH_LIMIT = 20;

/**
 * Finds customers whose terms start with every typed token. The longest token
 * drives an index range scan over customer_search_terms in term order; each
 * other token is an EXISTS probe on (customer_id, term). A customer with
 * several matching terms comes back once, where their first one sorts, and the
 * lookup stops at `limit` customers, so the cost does not grow with the number
 * of customers. (No DISTINCT in SQL: PostgreSQL would serve it in customer
 * order, reading the whole index when few customers match.)
 */
export async function findCustomerIds(db: Db, { query, limit = SEARCH_LIMIT }: { query: string; limit?: number }) {
  const parsed = parseQuery(query);
  if (!parsed) return [];
  const ids = new Set<string>();
  // A customer has a handful of terms, so one page nearly always holds `limit` customers.
  const page = limit * 4;
  for (let after: TermPosition | undefined; ; ) {
    const rows = await customerIdQuery(db, parsed.tokens, page, after);
    for (const row of rows) {
      ids.add(row.id);
      if (ids.size === limit) return [...ids];
    }
    const last = rows.at(-1);
    if (!last || rows.length < page) return [...ids];
    after = { term: last.term, customerId: last.id };
  }
}

/** Where a page of matching terms ended: the next page starts after it. */
export interface TermPosition {
  term: string;
  customerId: string;
}

/**
 * The lookup as a query builder, in term order, exported so tests can check
 * its plan: the driver's range read through the (term, customer_id) key, each
 * other token a probe of that customer's own terms through (customer_id, term).
 *
 * PostgreSQL misjudges how many terms share a short prefix (thousands read as
 * one), so it gets the same plan in a form those estimates cannot bend: each
 * probe stays a per-customer subquery (OFFSET 0 keeps it from becoming a join)
 * and tests the prefix with left(), which no index can serve alone, so it
 * reads the customer's handful of terms rather than the token's whole range.
 */
export function customerIdQuery(db: Db, tokens: string[], limit: number, after?: TermPosition) {
  const pg = currentDialect() === "pg";
  const [driver, ...others] = [...tokens].sort((a, b) => b.length - a.length);
  const t = aliasTable(customerSearchTerms, "t");
  // A later page starts its range scan at the term the last one ended on.
  const conditions = [gte(t.term, after?.term ?? driver ?? ""), lt(t.term, prefixUpperBound(driver ?? ""))];
  if (after) conditions.push(sql`(${t.term}, ${t.customerId}) > (${after.term}, ${after.customerId})`);
  others.forEach((token, i) => {
    const o = aliasTable(customerSearchTerms, `o${i}`);
    const prefix = pg ? sql`left(${o.term}, ${[...token].length}) = ${token}` : and(gte(o.term, token), lt(o.term, prefixUpperBound(token)));
    const probe = db
      .select({ one: sql`1` })
      .from(o)
      .where(and(eq(o.customerId, t.customerId), prefix));
    conditions.push(pg ? sql`exists (${probe.getSQL()} offset 0)` : exists(probe));
  });
  return db
    .select({ id: t.customerId, term: t.term })
    .from(t)
    .where(and(...conditions))
    .orderBy(t.term, t.customerId)
    .limit(limit);
}

/** Name, contact, home store, associate and last activity for a list of customers, in the given order. */
export async function summariseCustomers(db: Db, ids: string[]): Promise<CustomerSummary[]> {
  if (ids.length === 0) return [];
  const assigned = aliasTable(staff, "assigned");
  const rows = await db
    .select({
      id: customers.id,
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
      phone: customers.phone,
      homeStoreName: stores.name,
      assignedStaffName: assigned.name,
      lastVisitAt: customers.lastVisitAt,
      lastOnline: sql<number | null>`(select max(${onlineEvents.occurredAt}) from ${onlineEvents} where ${onlineEvents.customerId} = ${customers.id})`,
      lastMention: sql<number | null>`(select max(${socialMentions.postedAt}) from ${socialMentions} where ${socialMentions.customerId} = ${customers.id})`,
      lastPurchase: sql<number | null>`(select max(${purchases.purchasedAt}) from ${purchases} where ${purchases.customerId} = ${customers.id})`,
    })
    .from(customers)
    .leftJoin(stores, eq(stores.id, customers.homeStoreId))
    .leftJoin(assigned, eq(assigned.id, customers.assignedStaffId))
    .where(inArray(customers.id, ids));

  const byId = new Map(
    rows.map(({ lastVisitAt, lastOnline, lastMention, lastPurchase, ...row }) => {
      const latest = Math.max(lastVisitAt?.getTime() ?? 0, Number(lastOnline ?? 0), Number(lastMention ?? 0), Number(lastPurchase ?? 0));
      return [row.id, { ...row, lastActivityAt: latest > 0 ? new Date(latest) : null }];
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function searchCustomers(db: Db, { query, limit }: { query: string; limit?: number }) {
  return summariseCustomers(db, await findCustomerIds(db, { query, limit }));
}

/** The associate's own client book, alphabetical. */
export async function listClientBook(db: Db, { staffId, limit = 30 }: { staffId: string; limit?: number }) {
  const [rows, [count]] = await Promise.all([
    db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.assignedStaffId, staffId))
      .orderBy(customers.lastName, customers.firstName)
      .limit(limit),
    db.select({ n: sql<number>`count(*)` }).from(customers).where(eq(customers.assignedStaffId, staffId)),
  ]);
  return { total: Number(count?.n ?? 0), customers: await summariseCustomers(db, rows.map((r) => r.id)) };
}

/** Customers this staff member opened most recently, newest first. */
export async function listRecentlyViewed(db: Db, { staffId, limit = 8 }: { staffId: string; limit?: number }) {
  const rows = await db
    .select({ id: auditLog.customerId, lastViewed: max(auditLog.at) })
    .from(auditLog)
    .where(and(eq(auditLog.staffId, staffId), eq(auditLog.action, "customer.viewed")))
    .groupBy(auditLog.customerId)
    .orderBy(desc(max(auditLog.at)))
    .limit(limit);
  return summariseCustomers(
    db,
    rows.flatMap((r) => (r.id ? [r.id] : [])),
  );
}
