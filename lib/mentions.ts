import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, customerHandles, customers, products, socialMentions, staff, type Network } from "@/db/schema";
import { recordChanges } from "./change-feed";
import { recordContact } from "./contacts";
import { reindexCustomer } from "./customers";
import { UNKNOWN_HANDLE } from "./ingest/mentions";
import { NETWORK_LABELS } from "./networks";
import { normaliseHandle } from "./search-terms";

export type MentionResult =
  /** `auditId` names the change for undoing a dismissal (lib/undo.ts). */
  | { ok: true; auditId?: string }
  | { ok: false; reason: "not_found" | "closed" }
  | { ok: false; reason: "too_long"; limit: ReplyLimit };

/** The longest comment or reply each network takes. */
const REPLY_MAX: Record<Network, number> = { x: 280, instagram: 2200, tiktok: 150, facebook: 8000 };
/** The most any network takes: what a reply form may send before the post's own network is known. */
export const LONGEST_REPLY = Math.max(...Object.values(REPLY_MAX));

export interface ReplyLimit {
  /** "Instagram" */
  network: string;
  max: number;
}

export function replyLimit(network: Network): ReplyLimit {
  return { network: NETWORK_LABELS[network], max: REPLY_MAX[network] };
}

interface Actor {
  mentionId: string;
  staffId: string;
  storeId: string;
  now?: Date;
}

/**
 * Records the associate's answer to a post in the store's inbox. Sending it to
 * the network is the retailer's social tool's job; here it is on record, with
 * who answered and how fast.
 */
export async function replyToMention(db: Db, { mentionId, staffId, storeId, text, now = new Date() }: Actor & { text: string }): Promise<MentionResult> {
  return closeMention(db, { mentionId, staffId, storeId, now }, "replied", { replyText: text, repliedByStaffId: staffId, repliedAt: now });
}

/** Length as the networks count it: by characters, not UTF-16 units (an emoji is one). */
const characters = (text: string) => [...text].length;

export type AssignResult = { ok: true; assigneeName: string | null } | { ok: false; reason: "not_found" | "no_such_person" | "closed" };

/**
 * Who answers a post: an associate claims it (assignee = themselves), or a
 * manager assigns it to someone at the store, or clears it (null). Only a
 * post still waiting at the caller's store, and only to an active colleague
 * of that store. Audited, and announced to other tablets.
 */
export async function assignMention(db: Db, { mentionId, staffId, storeId, assigneeId, now = new Date() }: Omit<Actor, "now"> & { assigneeId: string | null; now?: Date }): Promise<AssignResult> {
  return db.transaction(async (tx): Promise<AssignResult> => {
    const scope = and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId));
    const [mention] = await forUpdate(tx.select({ status: socialMentions.status, customerId: socialMentions.customerId }).from(socialMentions).where(scope).limit(1));
    if (!mention) return { ok: false, reason: "not_found" };
    if (mention.status !== "new") return { ok: false, reason: "closed" };
    let assigneeName: string | null = null;
    if (assigneeId) {
      const [person] = await tx.select({ name: staff.name }).from(staff).where(and(eq(staff.id, assigneeId), eq(staff.storeId, storeId), eq(staff.active, true))).limit(1);
      if (!person) return { ok: false, reason: "no_such_person" };
      assigneeName = person.name;
    }
    await tx.update(socialMentions).set({ assignedStaffId: assigneeId, assignedAt: assigneeId ? now : null }).where(scope);
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "mention.assigned", targetType: "mention", targetId: mentionId, customerId: mention.customerId, detail: { to: assigneeId } });
    await recordChanges(tx, [{ kind: "mention", customerId: mention.customerId, storeId }], now);
    return { ok: true, assigneeName };
  });
}

export async function dismissMention(db: Db, actor: Actor): Promise<MentionResult> {
  return closeMention(db, actor, "dismissed", {});
}

async function closeMention(
  db: Db,
  { mentionId, staffId, storeId, now = new Date() }: Actor,
  status: "replied" | "dismissed",
  fields: Partial<typeof socialMentions.$inferInsert>,
): Promise<MentionResult> {
  return db.transaction(async (tx) => {
    const scope = and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId));
    const [mention] = await tx.select({ status: socialMentions.status, customerId: socialMentions.customerId, network: socialMentions.network }).from(socialMentions).where(scope).limit(1);
    if (!mention) return { ok: false as const, reason: "not_found" as const };
    if (mention.status !== "new") return { ok: false as const, reason: "closed" as const };
    const limit = replyLimit(mention.network);
    if (fields.replyText && characters(fields.replyText) > limit.max) return { ok: false as const, reason: "too_long" as const, limit };
    // Only the first of two colleagues answering at once closes it; the other hears so.
    const closed = await tx.update(socialMentions).set({ status, ...fields }).where(and(scope, eq(socialMentions.status, "new"))).returning({ id: socialMentions.id });
    if (!closed.length) return { ok: false as const, reason: "closed" as const };
    // Answering a known customer's post counts as reaching them.
    if (status === "replied" && mention.customerId) await recordContact(tx, { customerId: mention.customerId, staffId, storeId, kind: "mention_reply", at: now });
    const auditId = randomUUID();
    await tx
      .insert(auditLog)
      .values({ id: auditId, at: now, staffId, storeId, action: `mention.${status}`, targetType: "mention", targetId: mentionId, customerId: mention.customerId, detail: fields.replyText ? { reply: fields.replyText } : null });
    // Other tablets' inboxes drop it, and the customer's open profile shows the answer.
    await recordChanges(tx, [{ kind: "mention", customerId: mention.customerId, storeId }], now);
    return { ok: true as const, auditId };
  });
}

export const MENTION_INBOX_LIMIT = 100;

/** What an inbox row shows of a post, its customer and its product (both inboxes read it the same way). */
const inboxColumns = () => ({
  id: socialMentions.id,
  network: socialMentions.network,
  kind: socialMentions.kind,
  externalId: socialMentions.externalId,
  mediaId: socialMentions.mediaId,
  handle: socialMentions.handle,
  text: socialMentions.text,
  url: socialMentions.url,
  mediaUrl: socialMentions.mediaUrl,
  postedAt: socialMentions.postedAt,
  customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
  product: { id: products.id, name: products.name },
});

const waitingAt = (storeId: string) => and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "new"));

/**
 * New mentions waiting at a store, oldest first: the longest wait is the most
 * urgent. At most `limit`; countMentionInbox says how many wait in all.
 */
export async function listMentionInbox(db: Db, { storeId, limit = MENTION_INBOX_LIMIT }: { storeId: string; limit?: number }) {
  return db
    .select(inboxColumns())
    .from(socialMentions)
    .leftJoin(customers, eq(customers.id, socialMentions.customerId))
    .leftJoin(products, eq(products.id, socialMentions.productId))
    .where(waitingAt(storeId))
    .orderBy(asc(socialMentions.postedAt), asc(socialMentions.id))
    .limit(limit);
}

/** How long a post has waited, against the store's target: amber after an hour, red after a day. */
export function waitingTime(postedAt: Date, now: Date): { label: string; tone: "neutral" | "warn" | "bad" } {
  const minutes = Math.max(1, Math.round((now.getTime() - postedAt.getTime()) / 60_000));
  const label = minutes < 60 ? `Waiting ${minutes} min` : minutes < 48 * 60 ? `Waiting ${Math.floor(minutes / 60)} h` : `Waiting ${Math.floor(minutes / 1440)} days`;
  return { label, tone: minutes >= 24 * 60 ? "bad" : minutes >= 60 ? "warn" : "neutral" };
}

/** Ties a post to the product it is about, so suggestions and talking points can use it. */
export async function linkMentionToProduct(db: Db, { mentionId, productId, staffId, storeId, now = new Date() }: Omit<Actor, "now"> & { productId: string; now?: Date }): Promise<MentionResult> {
  return db.transaction(async (tx) => {
    const scope = and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId));
    // Locked, so the customer the audit row and the change feed name is still the post's when the product is set.
    const [mention] = await forUpdate(tx.select({ customerId: socialMentions.customerId }).from(socialMentions).where(scope).limit(1));
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).limit(1);
    if (!mention || !product) return { ok: false as const, reason: "not_found" as const };
    await tx.update(socialMentions).set({ productId }).where(scope);
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: "mention.product_linked", targetType: "mention", targetId: mentionId, customerId: mention.customerId, detail: { productId } });
    // The product shows on other tablets' inboxes and on the customer's profile.
    await recordChanges(tx, [{ kind: "mention", customerId: mention.customerId, storeId }], now);
    return { ok: true as const };
  });
}

export type LinkCustomerResult =
  | { ok: true; customerId: string; customerName: string; handle: "added" | "already_theirs" | "taken" | "none"; alsoLinked: number }
  | { ok: false; reason: "not_found" | "customer_not_found" | "already_linked" };

/**
 * Ties an unmatched post in the store's inbox to a customer. The post's handle
 * becomes theirs too when no one else has it, so their next posts match by
 * themselves, and their other unmatched posts in this inbox are linked with it.
 */
export async function linkMentionToCustomer(
  db: Db,
  { mentionId, customerId, staffId, storeId, now = new Date() }: Omit<Actor, "now"> & { customerId: string; now?: Date },
): Promise<LinkCustomerResult> {
  return refusedOr(["already_linked"], () =>
    db.transaction(async (tx) => {
      const mention = await unlinkedMention(tx, mentionId, storeId);
      if (!mention.ok) return mention;
      const [customer] = await tx.select({ firstName: customers.firstName, lastName: customers.lastName }).from(customers).where(eq(customers.id, customerId)).limit(1);
      if (!customer) return { ok: false as const, reason: "customer_not_found" as const };
      const linked = await attachMention(tx, { mention: mention.row, customerId, staffId, storeId, now });
      return { ok: true as const, customerId, customerName: `${customer.firstName} ${customer.lastName}`, ...linked };
    }),
  );
}

export interface NewCustomer {
  firstName: string;
  lastName: string;
  email?: string | null;
  /** E.164 */
  phone?: string | null;
  /** On the post's network; empty for none. */
  handle?: string | null;
}

export type CreateCustomerResult =
  | { ok: true; customerId: string; alsoLinked: number }
  | { ok: false; reason: "not_found" | "already_linked" | "email_taken" | "handle_taken" };

/**
 * A new customer of this store from an unmatched post, with the post (and the
 * handle) linked to them. The email and handle are claimed by inserting them
 * (on conflict, nothing): a colleague who took either a moment earlier gets
 * the same answer as one who took it yesterday, never a database error.
 */
export async function createCustomerFromMention(
  db: Db,
  { mentionId, staffId, storeId, customer, now = new Date() }: Omit<Actor, "now"> & { customer: NewCustomer; now?: Date },
): Promise<CreateCustomerResult> {
  return refusedOr(["already_linked", "handle_taken"], () =>
    db.transaction(async (tx) => {
      const mention = await unlinkedMention(tx, mentionId, storeId);
      if (!mention.ok) return mention;
      const email = customer.email?.trim().toLowerCase() || null;
      const handle = normaliseHandle(customer.handle ?? "");
      // Checked first only to spare inserting a customer that is then rolled back.
      if (handle && (await handleOwner(tx, mention.row.network, handle))) return { ok: false as const, reason: "handle_taken" as const };

      const customerId = randomUUID();
      const created = await tx
        .insert(customers)
        .values({ id: customerId, firstName: customer.firstName.trim(), lastName: customer.lastName.trim(), email, phone: customer.phone || null, homeStoreId: storeId, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: customers.id });
      // The id is new, so the only unique value that can clash is the email.
      if (!created.length) return { ok: false as const, reason: "email_taken" as const };
      if (handle) {
        const claimed = await tx
          .insert(customerHandles)
          .values({ id: randomUUID(), customerId, network: mention.row.network, handle, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: customerHandles.id });
        if (!claimed.length) throw new Refused("handle_taken");
      }
      await tx
        .insert(auditLog)
        .values({ id: randomUUID(), at: now, staffId, storeId, action: "customer.created", targetType: "customer", targetId: customerId, customerId, detail: { from: "mention", mentionId } });
      // The handle typed in the form is the one they get, even if staff changed or cleared the post's.
      const { alsoLinked } = await attachMention(tx, { mention: mention.row, customerId, staffId, storeId, now, claimHandle: false });
      await reindexCustomer(tx, customerId);
      return { ok: true as const, customerId, alsoLinked };
    }),
  );
}

/** Thrown inside a transaction to roll back what it wrote and answer with `reason`. */
class Refused extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
  }
}
type RefusalReason = "already_linked" | "handle_taken";

async function refusedOr<T, R extends RefusalReason>(reasons: readonly R[], work: () => Promise<T>): Promise<T | { ok: false; reason: R }> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused && (reasons as readonly RefusalReason[]).includes(error.reason)) return { ok: false, reason: error.reason as R };
    throw error;
  }
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type InboxMention = { id: string; network: (typeof socialMentions.$inferSelect)["network"]; handle: string };

async function unlinkedMention(tx: Tx, mentionId: string, storeId: string) {
  const [row] = await tx
    .select({ id: socialMentions.id, network: socialMentions.network, handle: socialMentions.handle, customerId: socialMentions.customerId })
    .from(socialMentions)
    .where(and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId)))
    .limit(1);
  if (!row) return { ok: false as const, reason: "not_found" as const };
  if (row.customerId) return { ok: false as const, reason: "already_linked" as const };
  return { ok: true as const, row };
}

async function handleOwner(tx: Tx, network: InboxMention["network"], handle: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ customerId: customerHandles.customerId })
    .from(customerHandles)
    .where(and(eq(customerHandles.network, network), eq(customerHandles.handle, handle)))
    .limit(1);
  return row?.customerId;
}

/**
 * Links the post, claims its handle when free (and `claimHandle`), and links
 * the same handle's other unmatched posts in this inbox once it is theirs.
 */
async function attachMention(
  tx: Tx,
  { mention, customerId, staffId, storeId, now, claimHandle = true }: { mention: InboxMention; customerId: string; staffId: string; storeId: string; now: Date; claimHandle?: boolean },
) {
  let handle: "added" | "already_theirs" | "taken" | "none" = "none";
  if (mention.handle !== UNKNOWN_HANDLE) {
    const claimed =
      claimHandle &&
      (
        await tx
          .insert(customerHandles)
          .values({ id: randomUUID(), customerId, network: mention.network, handle: mention.handle, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: customerHandles.id })
      ).length > 0;
    if (claimed) {
      await reindexCustomer(tx, customerId);
      handle = "added";
    } else {
      const owner = await handleOwner(tx, mention.network, mention.handle);
      if (owner) handle = owner === customerId ? "already_theirs" : "taken";
    }
  }
  const sameAuthor =
    handle === "added" || handle === "already_theirs"
      ? and(eq(socialMentions.network, mention.network), eq(socialMentions.handle, mention.handle), isNull(socialMentions.customerId))
      : undefined;
  const linked = await tx
    .update(socialMentions)
    .set({ customerId })
    .where(and(eq(socialMentions.storeId, storeId), or(and(eq(socialMentions.id, mention.id), isNull(socialMentions.customerId)), sameAuthor)))
    .returning({ id: socialMentions.id });
  // A colleague linked this post between our read and this write: undo ours.
  if (!linked.some((row) => row.id === mention.id)) throw new Refused("already_linked");
  await tx
    .insert(auditLog)
    .values({ id: randomUUID(), at: now, staffId, storeId, action: "mention.customer_linked", targetType: "mention", targetId: mention.id, customerId, detail: { handle, network: mention.network, posts: linked.length } });
  await recordChanges(tx, [{ kind: "mention", customerId, storeId }], now);
  return { handle, alsoLinked: Math.max(0, linked.length - 1) };
}
