import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, products, socialMentions } from "@/db/schema";

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
