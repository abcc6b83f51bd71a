import "server-only";
import { and, desc, eq, exists, gte, inArray, lt, max, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db";
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
 * drives an index range scan over customer_search_terms; each other token is an
 * EXISTS probe on (customer_id, term). Results come in term order and stop at
 * `limit`, so the cost does not grow with the number of customers.
 */
export async function findCustomerIds(db: Db, { query, limit = SEARCH_LIMIT }: { query: string; limit?: number }) {
  const parsed = parseQuery(query);
  if (!parsed) return [];
  const rows = await customerIdQuery(db, parsed.tokens, limit);
  return rows.map((r) => r.id);
}

/** The lookup as a query builder, exported so tests can check its plan. */
export function customerIdQuery(db: Db, tokens: string[], limit: number) {
  const [driver, ...others] = [...tokens].sort((a, b) => b.length - a.length);
  const t = alias(customerSearchTerms, "t");
  const conditions = [gte(t.term, driver ?? ""), lt(t.term, prefixUpperBound(driver ?? ""))];
  others.forEach((token, i) => {
    const o = alias(customerSearchTerms, `o${i}`);
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(o)
          .where(and(eq(o.customerId, t.customerId), gte(o.term, token), lt(o.term, prefixUpperBound(token)))),
      ),
    );
  });
  return db
    .selectDistinct({ id: t.customerId })
    .from(t)
    .where(and(...conditions))
    .limit(limit);
}

/** Name, contact, home store, associate and last activity for a list of customers, in the given order. */
export async function summariseCustomers(db: Db, ids: string[]): Promise<CustomerSummary[]> {
  if (ids.length === 0) return [];
  const assigned = alias(staff, "assigned");
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
