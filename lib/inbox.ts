import "server-only";
import { and, asc, count, desc, eq, isNotNull, isNull, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { aliasTable } from "@/db/dialect";
import { customers, inboundMessages, linkResponses, products, socialMentions, staff } from "@/db/schema";
import { INBOUND_CHANNELS, NETWORKS } from "@/db/schema-constants";

// The store inbox: everything customers wrote that waits for an answer, on
// every channel. Posts and comments (social_mentions), texts and emails
// (inbound_messages) and questions asked on their page (link_responses) are
// three tables, each read through its own (store, status, time) index one
// page at a time, and merged here: a store with a thousand conversations
// waiting loads its page as fast as one with ten.

export const INBOX_CHANNELS = [...NETWORKS, ...INBOUND_CHANNELS, "page"] as const;
export type InboxChannel = (typeof INBOX_CHANNELS)[number];

export const INBOX_PAGE_SIZE = 20;
/** Counted exactly up to here; beyond it the inbox says "more than 1,000" (a count costs as much as the rows it counts). */
export const INBOX_COUNT_CAP = 1_000;

const MENTION_STATUS = { waiting: "new", answered: "replied", dismissed: "dismissed" } as const;

/** The inbox's filters, from its address: anything malformed falls back to the default rather than failing. */
export const inboxFilters = z.object({
  /** "" every channel, or one: x, instagram, …, sms, email. */
  channel: z.enum(INBOX_CHANNELS).or(z.literal("")).catch(""),
  status: z.enum(["waiting", "answered", "dismissed"]).catch("waiting"),
  /** Who is answering: "" anyone or no one, "me", "nobody", or one colleague (a staff id). */
  assigned: z
    .string()
    .max(64)
    .regex(/^(me|nobody|[A-Za-z0-9_-]*)$/)
    .catch(""),
  /** "" everyone's, "mine" the viewer's own clients', or one associate's clients' (a staff id). */
  owner: z
    .string()
    .max(64)
    .regex(/^(mine|[A-Za-z0-9_-]*)$/)
    .catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type InboxFilters = z.infer<typeof inboxFilters>;

type Scope = { storeId: string; staffId: string; filters: InboxFilters };

function postsQuery(db: Db, { storeId, staffId, filters }: Scope) {
  const replier = aliasTable(staff, "replier");
  const assignee = aliasTable(staff, "assignee");
  const conditions: SQL[] = [eq(socialMentions.storeId, storeId), eq(socialMentions.status, MENTION_STATUS[filters.status])];
  if (filters.channel) conditions.push(eq(socialMentions.network, filters.channel as (typeof NETWORKS)[number]));
  if (filters.owner) conditions.push(eq(customers.assignedStaffId, filters.owner === "mine" ? staffId : filters.owner));
  if (filters.assigned === "nobody") conditions.push(isNull(socialMentions.assignedStaffId));
  else if (filters.assigned) conditions.push(eq(socialMentions.assignedStaffId, filters.assigned === "me" ? staffId : filters.assigned));
  const where = and(...conditions);
  const order = filters.status === "waiting" ? [asc(socialMentions.postedAt), asc(socialMentions.id)] : [desc(socialMentions.postedAt), desc(socialMentions.id)];
  return {
    rows: (limit: number, offset: number) =>
      db
        .select({
          id: socialMentions.id,
          network: socialMentions.network,
          kind: socialMentions.kind,
          externalId: socialMentions.externalId,
          mediaId: socialMentions.mediaId,
          handle: socialMentions.handle,
          text: socialMentions.text,
          url: socialMentions.url,
          postedAt: socialMentions.postedAt,
          customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
          product: { id: products.id, name: products.name },
          replyText: socialMentions.replyText,
          repliedAt: socialMentions.repliedAt,
          replier: replier.name,
          assignee: { id: assignee.id, name: assignee.name },
        })
        .from(socialMentions)
        .leftJoin(customers, eq(customers.id, socialMentions.customerId))
        .leftJoin(products, eq(products.id, socialMentions.productId))
        .leftJoin(replier, eq(replier.id, socialMentions.repliedByStaffId))
        .leftJoin(assignee, eq(assignee.id, socialMentions.assignedStaffId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    count: () =>
      db
        .select({ n: count() })
        .from(
          db
            .select({ id: socialMentions.id })
            .from(socialMentions)
            .leftJoin(customers, eq(customers.id, socialMentions.customerId))
            .where(where)
            .limit(INBOX_COUNT_CAP + 1)
            .as("capped_posts"),
        ),
  };
}

function messagesQuery(db: Db, { storeId, staffId, filters }: Scope) {
  const answerer = aliasTable(staff, "answerer");
  const assignee = aliasTable(staff, "assignee");
  const conditions: SQL[] = [eq(inboundMessages.storeId, storeId), eq(inboundMessages.status, filters.status)];
  if (filters.channel) conditions.push(eq(inboundMessages.channel, filters.channel as (typeof INBOUND_CHANNELS)[number]));
  if (filters.owner) conditions.push(eq(customers.assignedStaffId, filters.owner === "mine" ? staffId : filters.owner));
  if (filters.assigned === "nobody") conditions.push(isNull(inboundMessages.assignedStaffId));
  else if (filters.assigned) conditions.push(eq(inboundMessages.assignedStaffId, filters.assigned === "me" ? staffId : filters.assigned));
  const where = and(...conditions);
  const order = filters.status === "waiting" ? [asc(inboundMessages.receivedAt), asc(inboundMessages.id)] : [desc(inboundMessages.receivedAt), desc(inboundMessages.id)];
  return {
    rows: (limit: number, offset: number) =>
      db
        .select({
          id: inboundMessages.id,
          channel: inboundMessages.channel,
          sender: inboundMessages.sender,
          body: inboundMessages.body,
          receivedAt: inboundMessages.receivedAt,
          customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
          answeredAt: inboundMessages.answeredAt,
          answerer: answerer.name,
          assignee: { id: assignee.id, name: assignee.name },
        })
        .from(inboundMessages)
        .leftJoin(customers, eq(customers.id, inboundMessages.customerId))
        .leftJoin(answerer, eq(answerer.id, inboundMessages.answeredByStaffId))
        .leftJoin(assignee, eq(assignee.id, inboundMessages.assignedStaffId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    count: () =>
      db
        .select({ n: count() })
        .from(
          db
            .select({ id: inboundMessages.id })
            .from(inboundMessages)
            .leftJoin(customers, eq(customers.id, inboundMessages.customerId))
            .where(where)
            .limit(INBOX_COUNT_CAP + 1)
            .as("capped_messages"),
        ),
  };
}

/**
 * Questions customers asked on their page. Waiting until the store's first
 * answer; they are not claimed or dismissed (an answer is one tap away, on
 * the row), so an assignment filter other than "nobody" leaves them out.
 */
function questionsQuery(db: Db, { storeId, staffId, filters }: Scope) {
  const answerer = aliasTable(staff, "answerer");
  const conditions: SQL[] = [eq(linkResponses.storeId, storeId), eq(linkResponses.kind, "question"), filters.status === "waiting" ? isNull(linkResponses.answeredAt) : isNotNull(linkResponses.answeredAt)];
  if (filters.owner) conditions.push(eq(customers.assignedStaffId, filters.owner === "mine" ? staffId : filters.owner));
  const where = and(...conditions);
  const order = filters.status === "waiting" ? [asc(linkResponses.createdAt), asc(linkResponses.id)] : [desc(linkResponses.createdAt), desc(linkResponses.id)];
  return {
    rows: (limit: number, offset: number) =>
      db
        .select({
          id: linkResponses.id,
          body: linkResponses.detail,
          askedAt: linkResponses.createdAt,
          customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
          answeredAt: linkResponses.answeredAt,
          answerer: answerer.name,
        })
        .from(linkResponses)
        .innerJoin(customers, eq(customers.id, linkResponses.customerId))
        .leftJoin(answerer, eq(answerer.id, linkResponses.answeredByStaffId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    count: () =>
      db
        .select({ n: count() })
        .from(db.select({ id: linkResponses.id }).from(linkResponses).innerJoin(customers, eq(customers.id, linkResponses.customerId)).where(where).limit(INBOX_COUNT_CAP + 1).as("capped_questions")),
  };
}

export type InboxPost = Awaited<ReturnType<ReturnType<typeof postsQuery>["rows"]>>[number];
export type InboxMessage = Awaited<ReturnType<ReturnType<typeof messagesQuery>["rows"]>>[number];
export type InboxQuestion = Awaited<ReturnType<ReturnType<typeof questionsQuery>["rows"]>>[number];
/** One row of the inbox: a post or comment on a network, a text or email, or a question from the customer's page. */
export type InboxItem = ({ type: "post" } & InboxPost) | ({ type: "message" } & InboxMessage) | ({ type: "question" } & InboxQuestion);

export const itemTime = (item: InboxItem): Date => (item.type === "post" ? item.postedAt : item.type === "message" ? item.receivedAt : item.askedAt);

/**
 * One page of the store's inbox: waiting conversations oldest first (the
 * longest wait is the most urgent), answered and dismissed ones newest first,
 * filtered by channel, by whose clients wrote, and by who is answering. With
 * one channel chosen, one table is read at the page's offset. With every
 * channel, each table gives its first (offset + page + 1) rows in order and
 * the two are merged. Counts stop at INBOX_COUNT_CAP.
 */
export async function listStoreInbox(db: Db, scope: Scope & { pageSize?: number }) {
  const { filters, pageSize = INBOX_PAGE_SIZE } = scope;
  const channel = filters.channel as string;
  const sources = [
    { type: "post" as const, on: !channel || (NETWORKS as readonly string[]).includes(channel), query: postsQuery(db, scope) },
    { type: "message" as const, on: !channel || (INBOUND_CHANNELS as readonly string[]).includes(channel), query: messagesQuery(db, scope) },
    // Page questions are never dismissed, nor assigned to anyone.
    { type: "question" as const, on: (!channel || channel === "page") && filters.status !== "dismissed" && (!filters.assigned || filters.assigned === "nobody"), query: questionsQuery(db, scope) },
  ].filter((source) => source.on);
  const several = sources.length > 1;
  const offset = (filters.page - 1) * pageSize;
  // One more than a page says whether there is a next page, however many there are.
  const [limit, from] = several ? [offset + pageSize + 1, 0] : [pageSize + 1, offset];
  const [rows, counts] = await Promise.all([
    Promise.all(sources.map(async ({ type, query }) => (await query.rows(limit, from)).map((row) => ({ type, ...row }) as InboxItem))),
    Promise.all(sources.map(async ({ query }) => Number((await query.count())[0]?.n ?? 0))),
  ]);
  const oldestFirst = filters.status === "waiting";
  let items = rows.flat();
  if (several) {
    items.sort((a, b) => (oldestFirst ? 1 : -1) * (itemTime(a).getTime() - itemTime(b).getTime()) || a.id.localeCompare(b.id));
    items = items.slice(offset, offset + pageSize + 1);
  }
  const counted = counts.reduce((n, c) => n + c, 0);
  return { items: items.slice(0, pageSize), hasNext: items.length > pageSize, total: Math.min(counted, INBOX_COUNT_CAP), moreThanTotal: counted > INBOX_COUNT_CAP };
}

/** How many conversations wait for an answer at a store, on every channel (Today's summary). */
export async function countWaiting(db: Db, { storeId }: { storeId: string }): Promise<number> {
  const [[posts], [messages], [questions]] = await Promise.all([
    db.select({ n: count() }).from(socialMentions).where(and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "new"))),
    db.select({ n: count() }).from(inboundMessages).where(and(eq(inboundMessages.storeId, storeId), eq(inboundMessages.status, "waiting"))),
    db.select({ n: count() }).from(linkResponses).where(and(eq(linkResponses.storeId, storeId), eq(linkResponses.kind, "question"), isNull(linkResponses.answeredAt))),
  ]);
  return Number(posts?.n ?? 0) + Number(messages?.n ?? 0) + Number(questions?.n ?? 0);
}
