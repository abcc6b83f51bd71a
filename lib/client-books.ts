import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, contacts, customerSearchTerms, customers, followUps, holds, socialMentions, staff } from "@/db/schema";
import { recordChanges } from "./change-feed";
import { syncSearchCopies } from "./customers";
import { nameTerms, prefixUpperBound } from "./search-terms";

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

/** How many pages a list of `total` clients has (at least one, even when empty). */
export function pageCount(total: number, pageSize = PAGE_SIZE) {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Whose book: an associate's, or the store's customers nobody looks after yet. */
export type BookOwner = { staffId: string } | { unassignedAt: string };
/** A book as the URL and forms name it: a staff id, or "unassigned" for the store's pile. */
export const UNASSIGNED_BOOK = "unassigned";

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
 * indexed subquery per client, so a book of thousands sorts in SQL. `limit`
 * (a page by default) lets an export take one large page in one query.
 */
export async function listClients(
  db: Db,
  { owner, now = new Date(), today, params, limit = PAGE_SIZE }: { owner: BookOwner; now?: Date; today: string; params: ClientListParams; limit?: number },
) {
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
    // Each typed word is a prefix of one of the client's name words, accents
    // and case folded the way lookup does ("elo" finds Élodie), through the
    // lookup index rather than a scan of names.
    const words = [...new Set(nameTerms(params.q))];
    if (!words.length) filters.push(sql`1 = 0`);
    for (const word of words) {
      filters.push(
        sql`exists (select 1 from ${customerSearchTerms} where ${customerSearchTerms.customerId} = ${sql.raw(`"book"."id"`)} and ${customerSearchTerms.kind} = 'name' and ${customerSearchTerms.term} >= ${word} and ${customerSearchTerms.term} < ${prefixUpperBound(word)})`,
      );
    }
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
      .limit(limit)
      .offset((params.page - 1) * limit),
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
  const [people, postCounts, [unassigned]] = await Promise.all([
    db
      .select({
        id: staff.id,
        name: staff.name,
        role: staff.role,
        active: staff.active,
        clients: sql<number>`count(${customers.id})`,
        overdueFollowUps: sql<number>`(select count(*) from ${followUps} where ${followUps.staffId} = ${outerStaffId} and ${followUps.status} = 'open' and ${followUps.dueOn} < ${today})`,
      })
      .from(staff)
      .leftJoin(customers, eq(customers.assignedStaffId, staff.id))
      .where(eq(staff.storeId, storeId))
      .groupBy(staff.id, staff.name, staff.role, staff.active)
      .orderBy(asc(staff.name)),
    // Unanswered posts are few next to clients: start from them, not from
    // every client of every person. The cross join with the condition in
    // WHERE is an ordinary inner join anywhere; SQLite also takes it as "read
    // social_mentions first", which its planner would not choose by itself.
    db
      .select({ staffId: customers.assignedStaffId, posts: sql<number>`count(*)` })
      .from(socialMentions)
      .crossJoin(customers)
      .where(and(eq(customers.id, socialMentions.customerId), eq(socialMentions.status, "new"), isNotNull(customers.assignedStaffId)))
      .groupBy(customers.assignedStaffId),
    db.select({ clients: sql<number>`count(*)` }).from(customers).where(and(eq(customers.homeStoreId, storeId), isNull(customers.assignedStaffId))),
  ]);
  const newPosts = new Map(postCounts.map((row) => [row.staffId, Number(row.posts)]));
  return {
    // Someone who left stays listed while their book still has clients in it.
    people: people
      .filter((p) => p.active || Number(p.clients) > 0)
      .map((p) => ({ ...p, clients: Number(p.clients), overdueFollowUps: Number(p.overdueFollowUps), newMentions: newPosts.get(p.id) ?? 0 })),
    unassigned: Number(unassigned?.clients ?? 0),
  };
}

/** Active staff a manager can give clients to. */
export async function listAssignableStaff(db: Db, storeId: string) {
  return db.select({ id: staff.id, name: staff.name, role: staff.role }).from(staff).where(and(eq(staff.storeId, storeId), eq(staff.active, true))).orderBy(asc(staff.name));
}

export type ReassignResult =
  | {
      ok: true;
      /** Customers who changed hands; those already with the person chosen for them are not counted. */
      moved: number;
      /** Customers who were already with the person chosen for them. */
      unchanged: number;
      /** Real moves per person moved to. */
      perStaff: Record<string, number>;
      /** The people chosen, in the order given, for the message. */
      targets: { id: string; name: string }[];
      /** Names the whole move for undoing it (lib/undo.ts); null when nobody moved. */
      auditId: string | null;
    }
  | { ok: false; reason: "foreign_customers" | "bad_target" | "foreign_book" };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The people to move clients to, if every one of them is active staff of this store. */
async function loadTargets(tx: Tx, storeId: string, toStaffIds: string[]) {
  const ids = [...new Set(toStaffIds)];
  if (!ids.length) return null;
  const rows = await tx
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(and(inArray(staff.id, ids), eq(staff.storeId, storeId), eq(staff.active, true)));
  if (rows.length !== ids.length) return null;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** Rows per statement when moving many customers: well under any database's bound-parameter limit. */
const MOVE_CHUNK = 500;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MOVE_CHUNK) out.push(items.slice(i, i + MOVE_CHUNK));
  return out;
}

/**
 * Deals customers out round-robin over the targets in the order given. Open
 * follow-ups go with the customer, and every real move is in the audit log.
 * Writes go in batches, so a whole book of thousands holds the write lock
 * briefly.
 */
async function moveCustomers(
  tx: Tx,
  { storeId, managerId, customers: list, targets, now }: { storeId: string; managerId: string; customers: { id: string; assignedStaffId: string | null }[]; targets: { id: string; name: string }[]; now: Date },
): Promise<Extract<ReassignResult, { ok: true }>> {
  const moves = list.map((c, index) => ({ customerId: c.id, from: c.assignedStaffId, to: targets[index % targets.length]!.id })).filter((m) => m.from !== m.to);
  const perStaff: Record<string, number> = {};
  const byRoute = new Map<string, { from: string | null; to: string; ids: string[] }>();
  for (const move of moves) {
    perStaff[move.to] = (perStaff[move.to] ?? 0) + 1;
    const key = JSON.stringify([move.from, move.to]);
    const route = byRoute.get(key) ?? { from: move.from, to: move.to, ids: [] };
    route.ids.push(move.customerId);
    byRoute.set(key, route);
  }
  for (const { from, to, ids } of byRoute.values()) {
    for (const part of chunks(ids)) {
      await tx.update(customers).set({ assignedStaffId: to }).where(inArray(customers.id, part));
      // The lookup ranks by the copy on the terms: it moves with the customer.
      await syncSearchCopies(tx, part, { assignedStaffId: to });
      if (from) await tx.update(followUps).set({ staffId: to }).where(and(inArray(followUps.customerId, part), eq(followUps.staffId, from), eq(followUps.status, "open")));
    }
  }
  // Open Today pages at the store pick up their new clients' posts.
  if (moves.length) await recordChanges(tx, [{ kind: "client", storeId }], now);
  // Every entry of one move names the first, so the move can be undone whole.
  const ids = moves.map(() => randomUUID());
  const batch = ids[0] ?? null;
  for (const [index, part] of chunks(moves).entries()) {
    await tx.insert(auditLog).values(
      part.map(({ customerId, from, to }, i) => ({
        id: ids[index * MOVE_CHUNK + i]!,
        at: now,
        staffId: managerId,
        storeId,
        action: "customer.reassigned" as const,
        targetType: "customer",
        targetId: customerId,
        customerId,
        detail: { from, to, batch },
      })),
    );
  }
  return { ok: true, moved: moves.length, unchanged: list.length - moves.length, perStaff, targets, auditId: batch };
}

/**
 * Moves customers to one associate, or spreads them evenly over several in
 * the order given. Only customers in this store's books (assigned to its
 * staff, or unassigned with it as home store) can move, only to its active
 * staff; otherwise nothing moves.
 */
export async function reassignCustomers(
  db: Db,
  { storeId, managerId, customerIds, toStaffIds, now = new Date() }: { storeId: string; managerId: string; customerIds: string[]; toStaffIds: string[]; now?: Date },
): Promise<ReassignResult> {
  const uniqueCustomers = [...new Set(customerIds)];
  return db.transaction(async (tx) => {
    const targets = await loadTargets(tx, storeId, toStaffIds);
    if (!targets) return { ok: false as const, reason: "bad_target" as const };
    if (!uniqueCustomers.length) return { ok: false as const, reason: "foreign_customers" as const };
    // Locked (in id order, so two moves never wait on each other crosswise)
    // until the move commits: a concurrent move cannot slip in between the
    // check and the update and leave the audit's "from" wrong.
    const rows = await forUpdate(
      tx
        .select({ id: customers.id, assignedStaffId: customers.assignedStaffId, homeStoreId: customers.homeStoreId })
        .from(customers)
        .where(inArray(customers.id, uniqueCustomers))
        .orderBy(asc(customers.id)),
    );
    const owners = [...new Set(rows.flatMap((r) => (r.assignedStaffId ? [r.assignedStaffId] : [])))];
    const ownerStores = new Map(
      owners.length ? (await tx.select({ id: staff.id, storeId: staff.storeId }).from(staff).where(inArray(staff.id, owners))).map((s) => [s.id, s.storeId]) : [],
    );
    const inStore = rows.filter((r) => (r.assignedStaffId ? ownerStores.get(r.assignedStaffId) === storeId : r.homeStoreId === storeId));
    if (inStore.length !== uniqueCustomers.length) return { ok: false as const, reason: "foreign_customers" as const };
    const byId = new Map(rows.map((r) => [r.id, r]));
    return moveCustomers(tx, { storeId, managerId, customers: uniqueCustomers.map((id) => byId.get(id)!), targets, now });
  });
}

/**
 * Moves a whole book at once: a person's at this store (one who left too),
 * or the store's unassigned pile, read in name order inside the same
 * transaction and spread round-robin, so nobody added meanwhile is missed.
 */
export async function reassignBook(
  db: Db,
  { storeId, managerId, book, toStaffIds, now = new Date() }: { storeId: string; managerId: string; book: string; toStaffIds: string[]; now?: Date },
): Promise<ReassignResult> {
  return db.transaction(async (tx) => {
    const targets = await loadTargets(tx, storeId, toStaffIds);
    if (!targets) return { ok: false as const, reason: "bad_target" as const };
    let owner: BookOwner = { unassignedAt: storeId };
    if (book !== UNASSIGNED_BOOK) {
      const [person] = await tx.select({ id: staff.id }).from(staff).where(and(eq(staff.id, book), eq(staff.storeId, storeId))).limit(1);
      if (!person) return { ok: false as const, reason: "foreign_book" as const };
      owner = { staffId: person.id };
    }
    const list = await forUpdate(
      tx
        .select({ id: customers.id, assignedStaffId: customers.assignedStaffId })
        .from(customers)
        .where(ownerCondition(owner))
        .orderBy(asc(customers.lastName), asc(customers.firstName), asc(customers.id)),
    );
    return moveCustomers(tx, { storeId, managerId, customers: list, targets, now });
  });
}

/** Where a customer stands for a manager: in this store's books (assigned to its staff, or unassigned with it as home store) or not. */
export function isInStoreBooks(customer: { assigned: { storeId: string } | null; homeStore: { id: string } | null }, storeId: string) {
  return customer.assigned ? customer.assigned.storeId === storeId : customer.homeStore?.id === storeId;
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
