import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customerHandles, customers, products, socialMentions } from "@/db/schema";
import { recordChanges } from "./change-feed";
import { recordContact } from "./contacts";
import { reindexCustomer } from "./customers";
import { UNKNOWN_HANDLE } from "./ingest/mentions";
import { normaliseHandle } from "./search-terms";

export type MentionResult = { ok: true } | { ok: false; reason: "not_found" | "closed" };

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
export function replyToMention(db: Db, { mentionId, staffId, storeId, text, now = new Date() }: Actor & { text: string }): MentionResult {
  return closeMention(db, { mentionId, staffId, storeId, now }, "replied", { replyText: text, repliedByStaffId: staffId, repliedAt: now });
}

export function dismissMention(db: Db, actor: Actor): MentionResult {
  return closeMention(db, actor, "dismissed", {});
}

function closeMention(
  db: Db,
  { mentionId, staffId, storeId, now = new Date() }: Actor,
  status: "replied" | "dismissed",
  fields: Partial<typeof socialMentions.$inferInsert>,
): MentionResult {
  return db.transaction((tx) => {
    const scope = and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId));
    const mention = tx.select({ status: socialMentions.status, customerId: socialMentions.customerId }).from(socialMentions).where(scope).get();
    if (!mention) return { ok: false as const, reason: "not_found" as const };
    if (mention.status !== "new") return { ok: false as const, reason: "closed" as const };
    tx.update(socialMentions).set({ status, ...fields }).where(and(scope, eq(socialMentions.status, "new"))).run();
    // Answering a known customer's post counts as reaching them.
    if (status === "replied" && mention.customerId) recordContact(tx, { customerId: mention.customerId, staffId, storeId, kind: "mention_reply", at: now });
    tx.insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: `mention.${status}`, targetType: "mention", targetId: mentionId, customerId: mention.customerId, detail: fields.replyText ? { reply: fields.replyText } : null })
      .run();
    return { ok: true as const };
  });
}

/** New mentions waiting at a store, oldest first: the longest wait is the most urgent. */
export async function listMentionInbox(db: Db, { storeId, limit = 100 }: { storeId: string; limit?: number }) {
  return db
    .select({
      id: socialMentions.id,
      network: socialMentions.network,
      kind: socialMentions.kind,
      mediaId: socialMentions.mediaId,
      handle: socialMentions.handle,
      text: socialMentions.text,
      url: socialMentions.url,
      mediaUrl: socialMentions.mediaUrl,
      postedAt: socialMentions.postedAt,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
      product: { id: products.id, name: products.name },
    })
    .from(socialMentions)
    .leftJoin(customers, eq(customers.id, socialMentions.customerId))
    .leftJoin(products, eq(products.id, socialMentions.productId))
    .where(and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "new")))
    .orderBy(asc(socialMentions.postedAt))
    .limit(limit);
}

/** Ties a post to the product it is about, so suggestions and talking points can use it. */
export function linkMentionToProduct(db: Db, { mentionId, productId, staffId, storeId, now = new Date() }: Omit<Actor, "now"> & { productId: string; now?: Date }): MentionResult {
  return db.transaction((tx) => {
    const scope = and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId));
    const mention = tx.select({ customerId: socialMentions.customerId }).from(socialMentions).where(scope).get();
    if (!mention || !tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).get()) return { ok: false as const, reason: "not_found" as const };
    tx.update(socialMentions).set({ productId }).where(scope).run();
    tx.insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: "mention.product_linked", targetType: "mention", targetId: mentionId, customerId: mention.customerId, detail: { productId } })
      .run();
    return { ok: true as const };
  });
}

/** Product names for the "link to a product" picker. */
export async function listProductChoices(db: Db) {
  return db.select({ id: products.id, name: products.name }).from(products).orderBy(asc(products.name));
}

export type LinkCustomerResult =
  | { ok: true; customerId: string; customerName: string; handle: "added" | "already_theirs" | "taken" | "none"; alsoLinked: number }
  | { ok: false; reason: "not_found" | "customer_not_found" | "already_linked" };

/**
 * Ties an unmatched post in the store's inbox to a customer. The post's handle
 * becomes theirs too when no one else has it, so their next posts match by
 * themselves, and their other unmatched posts in this inbox are linked with it.
 */
export function linkMentionToCustomer(
  db: Db,
  { mentionId, customerId, staffId, storeId, now = new Date() }: Omit<Actor, "now"> & { customerId: string; now?: Date },
): LinkCustomerResult {
  return db.transaction((tx) => {
    const mention = unlinkedMention(tx, mentionId, storeId);
    if (!mention.ok) return mention;
    const customer = tx.select({ firstName: customers.firstName, lastName: customers.lastName }).from(customers).where(eq(customers.id, customerId)).get();
    if (!customer) return { ok: false as const, reason: "customer_not_found" as const };
    const linked = attachMention(tx, { mention: mention.row, customerId, staffId, storeId, now });
    return { ok: true as const, customerId, customerName: `${customer.firstName} ${customer.lastName}`, ...linked };
  });
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

/** A new customer of this store from an unmatched post, with the post (and the handle) linked to them. */
export function createCustomerFromMention(
  db: Db,
  { mentionId, staffId, storeId, customer, now = new Date() }: Omit<Actor, "now"> & { customer: NewCustomer; now?: Date },
): CreateCustomerResult {
  return db.transaction((tx) => {
    const mention = unlinkedMention(tx, mentionId, storeId);
    if (!mention.ok) return mention;
    const email = customer.email?.trim().toLowerCase() || null;
    if (email && tx.select({ id: customers.id }).from(customers).where(eq(customers.email, email)).get()) return { ok: false as const, reason: "email_taken" as const };
    const handle = normaliseHandle(customer.handle ?? "");
    if (handle && handleOwner(tx, mention.row.network, handle)) return { ok: false as const, reason: "handle_taken" as const };

    const customerId = randomUUID();
    tx.insert(customers)
      .values({ id: customerId, firstName: customer.firstName.trim(), lastName: customer.lastName.trim(), email, phone: customer.phone || null, homeStoreId: storeId, createdAt: now })
      .run();
    if (handle) tx.insert(customerHandles).values({ id: randomUUID(), customerId, network: mention.row.network, handle, createdAt: now }).run();
    tx.insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: "customer.created", targetType: "customer", targetId: customerId, customerId, detail: { from: "mention", mentionId } })
      .run();
    // The handle typed in the form is the one they get, even if staff changed or cleared the post's.
    const { alsoLinked } = attachMention(tx, { mention: mention.row, customerId, staffId, storeId, now, claimHandle: false });
    reindexCustomer(tx, customerId);
    return { ok: true as const, customerId, alsoLinked };
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type InboxMention = { id: string; network: (typeof socialMentions.$inferSelect)["network"]; handle: string };

function unlinkedMention(tx: Tx, mentionId: string, storeId: string) {
  const row = tx
    .select({ id: socialMentions.id, network: socialMentions.network, handle: socialMentions.handle, customerId: socialMentions.customerId })
    .from(socialMentions)
    .where(and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId)))
    .get();
  if (!row) return { ok: false as const, reason: "not_found" as const };
  if (row.customerId) return { ok: false as const, reason: "already_linked" as const };
  return { ok: true as const, row };
}

function handleOwner(tx: Tx, network: InboxMention["network"], handle: string): string | undefined {
  return tx
    .select({ customerId: customerHandles.customerId })
    .from(customerHandles)
    .where(and(eq(customerHandles.network, network), eq(customerHandles.handle, handle)))
    .get()?.customerId;
}

/**
 * Links the post, claims its handle when free (and `claimHandle`), and links
 * the same handle's other unmatched posts in this inbox once it is theirs.
 */
function attachMention(
  tx: Tx,
  { mention, customerId, staffId, storeId, now, claimHandle = true }: { mention: InboxMention; customerId: string; staffId: string; storeId: string; now: Date; claimHandle?: boolean },
) {
  let handle: "added" | "already_theirs" | "taken" | "none" = "none";
  if (mention.handle !== UNKNOWN_HANDLE) {
    const owner = handleOwner(tx, mention.network, mention.handle);
    if (owner) handle = owner === customerId ? "already_theirs" : "taken";
    else if (claimHandle) {
      tx.insert(customerHandles).values({ id: randomUUID(), customerId, network: mention.network, handle: mention.handle, createdAt: now }).run();
      reindexCustomer(tx, customerId);
      handle = "added";
    }
  }
  const sameAuthor =
    handle === "added" || handle === "already_theirs"
      ? and(eq(socialMentions.network, mention.network), eq(socialMentions.handle, mention.handle), isNull(socialMentions.customerId))
      : undefined;
  const linked = tx
    .update(socialMentions)
    .set({ customerId })
    .where(and(eq(socialMentions.storeId, storeId), or(and(eq(socialMentions.id, mention.id), isNull(socialMentions.customerId)), sameAuthor)))
    .returning({ id: socialMentions.id })
    .all();
  tx.insert(auditLog)
    .values({ id: randomUUID(), at: now, staffId, storeId, action: "mention.customer_linked", targetType: "mention", targetId: mention.id, customerId, detail: { handle, network: mention.network, posts: linked.length } })
    .run();
  recordChanges(tx, [{ kind: "mention", customerId, storeId }], now);
  return { handle, alsoLinked: Math.max(0, linked.length - 1) };
}
