import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { auditLog, contacts, customers, followUps, holds, socialMentions, staff } from "@/db/schema";

export const CLIENT_SORTS = {
  name: "Name",
  last_contact: "Longest without contact",
  next_follow_up: "Next follow-up",
  open_holds: "Open holds",
  new_mentions: "New posts",
} as const;
export const CLIENT_FILTERS = {
  all: "All clients",
  attention: "Needs attention",
  holds: "With open holds",
  quiet: "No contact in 30 days",
} as const;
export type ClientSort = keyof typeof CLIENT_SORTS;
export type ClientFilter = keyof typeof CLIENT_FILTERS;

/** Query-string options of a client list, parsed leniently: anything odd falls back to the default. */
export const clientListParams = z.object({
  sort: z.enum(Object.keys(CLIENT_SORTS) as [ClientSort, ...ClientSort[]]).catch("name"),
  filter: z.enum(Object.keys(CLIENT_FILTERS) as [ClientFilter, ...ClientFilter[]]).catch("all"),
  q: z.string().trim().max(60).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ClientListParams = z.infer<typeof clientListParams>;

export const PAGE_SIZE = 50;
const QUIET_DAYS = 30;

/** Whose book: an associate's, or the store's customers nobody looks after yet. */
export type BookOwner = { staffId: string } | { unassignedAt: string };

// Drizzle leaves columns unqualified in single-table queries, so a correlated
// subquery must name the outer row's table itself.
const outerCustomerId = sql.raw(`"customers"."id"`);
const outerStaffId = sql.raw(`"staff"."id"`);

function ownerCondition(owner: BookOwner): SQL {
  return "staffId" in owner ? eq(customers.assignedStaffId, owner.staffId) : and(eq(customers.homeStoreId, owner.unassignedAt), isNull(customers.assignedStaffId))!;
}

/**
 * One page of a client book with what the associate needs per client: last
 * contact, next follow-up, open holds and unanswered posts. Each figure is an
 * indexed subquery per client, so a book of thousands sorts in SQL.
 */
export async function listClients(db: Db, { owner, now = new Date(), today, params }: { owner: BookOwner; now?: Date; today: string; params: ClientListParams }) {
  const book = db
    .select({
      id: customers.id,
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
      phone: customers.phone,
      lastVisitAt: sql<number | null>`${customers.lastVisitAt}`.as("last_visit_ms"),
      lastContactAt: sql<number | null>`(select max(${contacts.at}) from ${contacts} where ${contacts.customerId} = ${outerCustomerId})`.as("last_contact_ms"),
      nextFollowUp: sql<string | null>`(select min(${followUps.dueOn}) from ${followUps} where ${followUps.customerId} = ${outerCustomerId} and ${followUps.status} = 'open')`.as("next_follow_up"),
      openHolds: sql<number>`(select count(*) from ${holds} where ${holds.customerId} = ${outerCustomerId} and ${holds.status} = 'active' and ${holds.expiresAt} > ${now.getTime()})`.as("open_holds"),
      newMentions: sql<number>`(select count(*) from ${socialMentions} where ${socialMentions.customerId} = ${outerCustomerId} and ${socialMentions.status} = 'new')`.as("new_mentions"),
    })
    .from(customers)
    .where(ownerCondition(owner))
    .as("book");

  const quietSince = now.getTime() - QUIET_DAYS * 86_400_000;
  const filters: SQL[] = [];
  if (params.filter === "attention") filters.push(or(sql`${book.newMentions} > 0`, sql`${book.nextFollowUp} <= ${today}`)!);
  if (params.filter === "holds") filters.push(sql`${book.openHolds} > 0`);
  if (params.filter === "quiet") filters.push(or(sql`${book.lastContactAt} is null`, sql`${book.lastContactAt} < ${quietSince}`)!);
  if (params.q) {
    const words = params.q.toLowerCase().split(/\s+/).filter(Boolean);
    for (const word of words) filters.push(sql`lower(${book.firstName} || ' ' || ${book.lastName}) like ${`%${word.replace(/[%_\\]/g, "")}%`}`);
  }
  const where = filters.length ? and(...filters) : undefined;

  const byName = [asc(book.lastName), asc(book.firstName), asc(book.id)];
  const order: Record<ClientSort, SQL[]> = {
    name: byName,
    // Never contacted first, then the longest ago.
    last_contact: [desc(sql`${book.lastContactAt} is null`), asc(book.lastContactAt), ...byName],
    next_follow_up: [asc(sql`${book.nextFollowUp} is null`), asc(book.nextFollowUp), ...byName],
    open_holds: [desc(book.openHolds), ...byName],
    new_mentions: [desc(book.newMentions), ...byName],
  };

  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(book)
      .where(where)
      .orderBy(...order[params.sort])
      .limit(PAGE_SIZE)
      .offset((params.page - 1) * PAGE_SIZE),
    db.select({ total: sql<number>`count(*)` }).from(book).where(where),
  ]);
  return {
    total: Number(counted?.total ?? 0),
    rows: rows.map((r) => ({
      ...r,
      lastVisitAt: r.lastVisitAt == null ? null : new Date(Number(r.lastVisitAt)),
      lastContactAt: r.lastContactAt == null ? null : new Date(Number(r.lastContactAt)),
      openHolds: Number(r.openHolds),
      newMentions: Number(r.newMentions),
    })),
  };
}

/** Each person's book at a store, with what needs doing in it, and the unassigned pile. */
export async function listStoreBooks(db: Db, { storeId, today }: { storeId: string; today: string }) {
  const [people, [unassigned]] = await Promise.all([
    db
      .select({
        id: staff.id,
        name: staff.name,
        role: staff.role,
        active: staff.active,
        clients: sql<number>`count(${customers.id})`,
        overdueFollowUps: sql<number>`(select count(*) from ${followUps} where ${followUps.staffId} = ${outerStaffId} and ${followUps.status} = 'open' and ${followUps.dueOn} < ${today})`,
        newMentions: sql<number>`(select count(*) from ${socialMentions} inner join ${customers} c2 on c2.id = ${socialMentions.customerId} where c2.assigned_staff_id = ${outerStaffId} and ${socialMentions.status} = 'new')`,
      })
      .from(staff)
      .leftJoin(customers, eq(customers.assignedStaffId, staff.id))
      .where(eq(staff.storeId, storeId))
      .groupBy(staff.id, staff.name, staff.role, staff.active)
      .orderBy(asc(staff.name)),
    db.select({ clients: sql<number>`count(*)` }).from(customers).where(and(eq(customers.homeStoreId, storeId), isNull(customers.assignedStaffId))),
  ]);
  return {
    // Someone who left stays listed while their book still has clients in it.
    people: people
      .filter((p) => p.active || Number(p.clients) > 0)
      .map((p) => ({ ...p, clients: Number(p.clients), overdueFollowUps: Number(p.overdueFollowUps), newMentions: Number(p.newMentions) })),
    unassigned: Number(unassigned?.clients ?? 0),
  };
}

/** Active staff a manager can give clients to. */
export async function listAssignableStaff(db: Db, storeId: string) {
  return db.select({ id: staff.id, name: staff.name, role: staff.role }).from(staff).where(and(eq(staff.storeId, storeId), eq(staff.active, true))).orderBy(asc(staff.name));
}

export type ReassignResult = { ok: true; moved: number; perStaff: Record<string, number> } | { ok: false; reason: "foreign_customers" | "bad_target" };

/**
 * Moves customers to one associate, or spreads them evenly over several in
 * the order given. Only customers in this store's books (assigned to its
 * staff, or unassigned with it as home store) can move, only to its active
 * staff; otherwise nothing moves. Open follow-ups go with the customer, and
 * every move is in the audit log.
 */
export function reassignCustomers(
  db: Db,
  { storeId, managerId, customerIds, toStaffIds, now = new Date() }: { storeId: string; managerId: string; customerIds: string[]; toStaffIds: string[]; now?: Date },
): ReassignResult {
  const uniqueCustomers = [...new Set(customerIds)];
  const targets = [...new Set(toStaffIds)];
  return db.transaction(
    (tx) => {
      const valid = tx.select({ id: staff.id }).from(staff).where(and(inArray(staff.id, targets), eq(staff.storeId, storeId), eq(staff.active, true))).all();
      if (!targets.length || valid.length !== targets.length) return { ok: false as const, reason: "bad_target" as const };
      const rows = tx
        .select({ id: customers.id, assignedStaffId: customers.assignedStaffId, ownerStoreId: staff.storeId, homeStoreId: customers.homeStoreId })
        .from(customers)
        .leftJoin(staff, eq(staff.id, customers.assignedStaffId))
        .where(inArray(customers.id, uniqueCustomers))
        .all();
      const inStore = rows.filter((r) => (r.assignedStaffId ? r.ownerStoreId === storeId : r.homeStoreId === storeId));
      if (!uniqueCustomers.length || inStore.length !== uniqueCustomers.length) return { ok: false as const, reason: "foreign_customers" as const };

      const byId = new Map(rows.map((r) => [r.id, r]));
      const perStaff: Record<string, number> = {};
      uniqueCustomers.forEach((customerId, index) => {
        const to = targets[index % targets.length]!;
        const from = byId.get(customerId)!.assignedStaffId;
        perStaff[to] = (perStaff[to] ?? 0) + 1;
        if (from === to) return;
        tx.update(customers).set({ assignedStaffId: to }).where(eq(customers.id, customerId)).run();
        if (from) tx.update(followUps).set({ staffId: to }).where(and(eq(followUps.customerId, customerId), eq(followUps.staffId, from), eq(followUps.status, "open"))).run();
        tx.insert(auditLog)
          .values({ id: randomUUID(), at: now, staffId: managerId, storeId, action: "customer.reassigned", targetType: "customer", targetId: customerId, customerId, detail: { from, to } })
          .run();
      });
      return { ok: true as const, moved: uniqueCustomers.length, perStaff };
    },
    { behavior: "immediate" },
  );
}

/** Unanswered posts by the associate's own clients, oldest first: theirs to answer. */
export async function listClientMentions(db: Db, { staffId, limit = 20 }: { staffId: string; limit?: number }) {
  return db
    .select({
      id: socialMentions.id,
      network: socialMentions.network,
      handle: socialMentions.handle,
      text: socialMentions.text,
      postedAt: socialMentions.postedAt,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
    })
    .from(socialMentions)
    .innerJoin(customers, eq(customers.id, socialMentions.customerId))
    .where(and(eq(customers.assignedStaffId, staffId), eq(socialMentions.status, "new")))
    .orderBy(asc(socialMentions.postedAt))
    .limit(limit);
}
