import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, outbox, socialMentions, storeSocialAccounts, type SocialAccountNetwork } from "@/db/schema";
import { recordChanges } from "./change-feed";
import { replyLimit, replyToMention } from "./mentions";
import { NETWORK_LABELS } from "./networks";
import { InstagramError, instagramGraphBaseUrl, replyToInstagramComment } from "./providers/instagram";
import { postXReply, xFromEnv, XError } from "./providers/x";
import { accountCredentials, isSocialAccountNetwork, NOT_CONNECTED } from "./social-accounts";

export type SocialReplyResult =
  | { ok: true; outboxId: string }
  | { ok: false; reason: "not_found" | "closed" | "too_long" | "cannot_send" | "not_connected" | "busy" | "failed"; message: string; outboxId?: string };

/** Characters as the networks count them (an emoji is one). */
const characters = (text: string) => [...text].length;

/**
 * Sends an associate's reply to a post from the store's own account, on the
 * post's network: a reply to the post on X, a reply to the comment on
 * Instagram. Every reply is an outbox row: queued first (with the audit
 * entry), then the network is asked outside any transaction, then the row
 * says sent (the new post's id) or failed (the network's reason). The post
 * counts as answered only once the network took the reply; a failed one
 * stays waiting, and its reply can be sent again from the thread.
 *
 * Consent and limits: answering a customer's own public post, in public,
 * where she wrote it, is replying to her, not messaging her, so it needs no
 * marketing consent (as answering her text within 24 hours needs none). It
 * is not counted against the store's daily email and SMS limit either: each
 * waiting post takes one reply and then closes, so a reply cannot fan out to
 * customers who did not write first.
 */
export async function sendMentionReply(db: Db, { mentionId, staffId, storeId, text, now = new Date() }: { mentionId: string; staffId: string; storeId: string; text: string; now?: Date }): Promise<SocialReplyResult> {
  const scope = and(eq(socialMentions.id, mentionId), eq(socialMentions.storeId, storeId));
  const [post] = await db.select({ network: socialMentions.network, kind: socialMentions.kind, status: socialMentions.status }).from(socialMentions).where(scope).limit(1);
  if (!post) return { ok: false, reason: "not_found", message: "This post is not in your store's inbox." };
  if (post.status !== "new") return { ok: false, reason: "closed", message: "A colleague has already answered or dismissed this post." };
  const limit = replyLimit(post.network);
  if (characters(text) > limit.max) return { ok: false, reason: "too_long", message: `A reply on ${limit.network} is at most ${limit.max.toLocaleString("en-US")} characters.` };
  const network = post.network;
  if (!isSocialAccountNetwork(network)) {
    return { ok: false, reason: "cannot_send", message: `Shopkeeper cannot send replies on ${NETWORK_LABELS[network]}. Answer there, then note your answer here.` };
  }
  const unsendable = cannotReplyTo(network, post.kind);
  if (unsendable) return { ok: false, reason: "cannot_send", message: unsendable };
  // Not connected: nothing is recorded as sent.
  const [connected] = await db.select({ network: storeSocialAccounts.network }).from(storeSocialAccounts).where(and(eq(storeSocialAccounts.storeId, storeId), eq(storeSocialAccounts.network, network))).limit(1);
  if (!connected) return { ok: false, reason: "not_connected", message: NOT_CONNECTED[network] };

  const queued = await db.transaction(async (tx): Promise<SocialReplyResult> => {
    const [mention] = await forUpdate(tx.select({ status: socialMentions.status, customerId: socialMentions.customerId, handle: socialMentions.handle }).from(socialMentions).where(scope).limit(1));
    if (!mention || mention.status !== "new") return { ok: false, reason: "closed", message: "A colleague has already answered or dismissed this post." };
    // The post row is locked: two colleagues pressing Send at once send one reply.
    const [inFlight] = await tx.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.mentionId, mentionId), eq(outbox.status, "queued"))).limit(1);
    if (inFlight) return { ok: false, reason: "busy", message: "A reply to this post is being sent right now." };
    const outboxId = randomUUID();
    await tx.insert(outbox).values({
      id: outboxId,
      customerId: mention.customerId,
      linkId: null,
      mentionId,
      storeId,
      staffId,
      channel: network,
      recipient: `@${mention.handle}`,
      subject: null,
      body: text,
      transport: network,
      status: "queued",
      createdAt: now,
      statusAt: now,
      sentAt: null,
    });
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "message.sent", targetType: "message", targetId: outboxId, customerId: mention.customerId, detail: { channel: network, mentionId } });
    await recordChanges(tx, [{ kind: "mention", customerId: mention.customerId, storeId }], now);
    return { ok: true, outboxId };
  });
  if (!queued.ok) return queued;
  return deliverSocialReply(db, { outboxId: queued.outboxId, staffId, storeId, now });
}

/** Why a post of this kind cannot be answered through the network's API, or null when it can. */
export function cannotReplyTo(network: SocialAccountNetwork, kind: "post" | "comment" | "mention"): string | null {
  // Instagram's API answers comments only; a tag or a mention of the store in someone's post is answered in the app.
  if (network === "instagram" && kind !== "comment") return "Instagram lets Shopkeeper answer comments only, not posts the store is tagged or mentioned in. Answer it in the Instagram app, then note your answer here.";
  return null;
}

/**
 * Asks the network to publish a queued reply (a new one, or a failed one sent
 * again), then records what it said: sent, with the network's id for the
 * reply (and the post answered), or failed with a plain reason. No token or
 * secret is ever in the reason.
 */
export async function deliverSocialReply(db: Db, { outboxId, staffId, storeId, now = new Date() }: { outboxId: string; staffId: string; storeId: string; now?: Date }): Promise<SocialReplyResult> {
  const [row] = await db
    .select({ channel: outbox.channel, body: outbox.body, mentionId: outbox.mentionId, customerId: outbox.customerId, externalId: socialMentions.externalId })
    .from(outbox)
    .innerJoin(socialMentions, eq(socialMentions.id, outbox.mentionId))
    .where(and(eq(outbox.id, outboxId), eq(outbox.storeId, storeId), eq(outbox.status, "queued")))
    .limit(1);
  if (!row || !row.mentionId || !isSocialAccountNetwork(row.channel)) return { ok: false, reason: "not_found", message: "That reply was not found." };
  const network = row.channel;

  let outcome: { providerId: string } | { error: string };
  const credentials = await accountCredentials(db, { storeId, network, now });
  if (!credentials.ok) outcome = { error: credentials.message };
  else {
    try {
      if (network === "x") {
        const settings = xFromEnv();
        if (!settings) throw new XError("X cannot be reached: X_CLIENT_ID is not set on this server", null);
        outcome = { providerId: (await postXReply(settings, credentials.accessToken, { text: row.body, inReplyTo: row.externalId })).id };
      } else {
        outcome = { providerId: (await replyToInstagramComment(instagramGraphBaseUrl(), credentials.accessToken, { commentId: row.externalId, message: row.body })).id };
      }
    } catch (error) {
      if (!(error instanceof XError || error instanceof InstagramError)) throw error;
      outcome = { error: error.message };
    }
  }

  if ("error" in outcome) {
    const error = outcome.error.slice(0, 500);
    await db.transaction(async (tx) => {
      await tx.update(outbox).set({ status: "failed", statusAt: now, error }).where(eq(outbox.id, outboxId));
      await recordChanges(tx, [{ kind: "mention", customerId: row.customerId, storeId }], now);
    });
    return { ok: false, reason: "failed", message: `Not sent. ${error}.`.replace(/\.\.$/, "."), outboxId };
  }
  await db.update(outbox).set({ status: "sent", statusAt: now, sentAt: now, error: null, providerId: outcome.providerId }).where(eq(outbox.id, outboxId));
  // The post is answered now that the network took the reply (its audit entry, contact and live change with it).
  // A colleague who noted an answer meanwhile already closed it: the reply still went out, and stays in the thread.
  await replyToMention(db, { mentionId: row.mentionId, staffId, storeId, text: row.body, now });
  return { ok: true, outboxId };
}

/**
 * The replies to these posts that did not go out (failed, for the inbox to
 * show with their reason and a Retry): the latest per post, of this store.
 */
export async function failedReplies(db: Db, { storeId, mentionIds }: { storeId: string; mentionIds: string[] }): Promise<Map<string, { outboxId: string; body: string; error: string | null }>> {
  if (!mentionIds.length) return new Map();
  const rows = await db
    .select({ outboxId: outbox.id, mentionId: outbox.mentionId, body: outbox.body, error: outbox.error })
    .from(outbox)
    .where(and(eq(outbox.storeId, storeId), inArray(outbox.mentionId, mentionIds), eq(outbox.status, "failed")))
    .orderBy(desc(outbox.createdAt));
  const latest = new Map<string, { outboxId: string; body: string; error: string | null }>();
  for (const { mentionId, ...reply } of rows) if (mentionId && !latest.has(mentionId)) latest.set(mentionId, reply);
  return latest;
}
