import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { aliasTable, preparedRead } from "@/db/dialect";
import { contacts, customerLinks, inboundMessages, linkResponses, outbox, socialMentions, staff } from "@/db/schema";
import type { Network } from "@/db/schema";
import { isRetryable, outboxStatus } from "./outbox-status";

/** Where a message came or went: a social network, SMS, email, the customer's page, or a QR code shown in the store. */
export type ThreadChannel = Network | "sms" | "email" | "page" | "in_store" | "call" | "visit";

export interface ThreadItem {
  key: string;
  at: Date;
  /** From the customer, from the store, or something staff logged (a call, a visit). */
  direction: "in" | "out" | "logged";
  channel: ThreadChannel;
  body: string;
  /** Who wrote it, for "out" and "logged": the staff member's name. */
  staffName: string | null;
  /** For "out": what became of it (Sent, Delivered, Not delivered: reason, …). */
  state: { label: string; tone: "good" | "warn" | "bad" | "neutral" } | null;
  /** For "in": still waiting for an answer. */
  waiting: boolean;
  /** The record behind it, for the actions on it (answer a post, answer an SMS). */
  source: { kind: "mention" | "inbound" | "outbox" | "response" | "contact"; id: string };
  /** A failed message that can be sent again (lib/outbox-retry.ts). */
  canRetry?: boolean;
}

/** How many of each kind are read: the latest, which are what a thread shows first. */
const PER_SOURCE = 40;
/** How many items a thread shows: the latest. */
const THREAD_SHOWN = 60;
/** The latest messages sent, for the profile's link card (a thread's read holds them). */
const SENT_SHOWN = 10;
/** The latest answers from her page, for the profile's attention list. */
const RESPONSES_SHOWN = 20;

const RESPONSE_WORDS = { coming: "Will come", released: "No longer wants", question: "Asked" } as const;

const customerId = sql.placeholder("customerId");

// Made once each (preparedRead): the thread is read on every profile view.
const readPosts = preparedRead("thread_posts", (db) => {
  const replier = aliasTable(staff, "replier");
  return db
    .select({ id: socialMentions.id, network: socialMentions.network, text: socialMentions.text, postedAt: socialMentions.postedAt, status: socialMentions.status, replyText: socialMentions.replyText, repliedAt: socialMentions.repliedAt, replier: replier.name })
    .from(socialMentions)
    .leftJoin(replier, eq(replier.id, socialMentions.repliedByStaffId))
    .where(eq(socialMentions.customerId, customerId))
    .orderBy(desc(socialMentions.postedAt))
    .limit(PER_SOURCE);
});
// With the recipient and the link's state (never the link), for the profile's link card too.
const readSent = preparedRead("thread_sent", (db) =>
  db
    .select({
      id: outbox.id,
      linkId: outbox.linkId,
      mentionId: outbox.mentionId,
      channel: outbox.channel,
      recipient: outbox.recipient,
      body: outbox.body,
      status: outbox.status,
      transport: outbox.transport,
      error: outbox.error,
      createdAt: outbox.createdAt,
      staffName: staff.name,
      linkRevokedAt: customerLinks.revokedAt,
      linkExpiresAt: customerLinks.expiresAt,
    })
    .from(outbox)
    .innerJoin(staff, eq(staff.id, outbox.staffId))
    .leftJoin(customerLinks, eq(customerLinks.id, outbox.linkId))
    .where(eq(outbox.customerId, customerId))
    .orderBy(desc(outbox.createdAt))
    .limit(PER_SOURCE),
);
const readReceived = preparedRead("thread_received", (db) =>
  db
    .select({ id: inboundMessages.id, channel: inboundMessages.channel, body: inboundMessages.body, status: inboundMessages.status, receivedAt: inboundMessages.receivedAt })
    .from(inboundMessages)
    .where(eq(inboundMessages.customerId, customerId))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(PER_SOURCE),
);
const readResponses = preparedRead("thread_responses", (db) =>
  db
    .select({ id: linkResponses.id, linkId: linkResponses.linkId, kind: linkResponses.kind, detail: linkResponses.detail, createdAt: linkResponses.createdAt, seenAt: linkResponses.seenAt })
    .from(linkResponses)
    .where(eq(linkResponses.customerId, customerId))
    .orderBy(desc(linkResponses.createdAt))
    .limit(PER_SOURCE),
);
const readLogged = preparedRead("thread_logged", (db) =>
  db
    .select({ id: contacts.id, kind: contacts.kind, summary: contacts.summary, at: contacts.at, staffName: staff.name })
    .from(contacts)
    .innerJoin(staff, eq(staff.id, contacts.staffId))
    .where(and(eq(contacts.customerId, customerId), inArray(contacts.kind, ["call", "visit"])))
    .orderBy(desc(contacts.at))
    .limit(PER_SOURCE),
);

/** The latest `PER_SOURCE` of each source of a customer's conversation, newest first, each through its (customer, time) index. */
async function readSources(db: Db, customerId: string) {
  const [posts, sent, received, responses, logged] = await Promise.all([
    readPosts(db, { customerId }),
    readSent(db, { customerId }),
    readReceived(db, { customerId }),
    readResponses(db, { customerId }),
    readLogged(db, { customerId }),
  ]);
  return { posts, sent, received, responses, logged };
}

/**
 * One conversation per customer: everything said to and by them, on every
 * channel, in time order (oldest first, as a thread reads). Posts and their
 * answers, SMS and email both ways, what they said from their page, and the
 * calls and visits staff logged; the latest `limit` of them.
 */
export async function listConversation(db: Db, { customerId, limit = THREAD_SHOWN }: { customerId: string; limit?: number }): Promise<ThreadItem[]> {
  return threadOf(await readSources(db, customerId), limit);
}

/**
 * What the profile shows of a customer's messages, from one read of each
 * source: the conversation; the latest messages sent to her, newest first,
 * with the link's state (never the link), for the link card; and the latest
 * answers from her page, newest first (unseen ones are new). The thread's
 * reads hold the other two: reading them apart cost PostgreSQL two more
 * statements a view.
 */
export async function readCustomerMessages(db: Db, { customerId }: { customerId: string }) {
  const sources = await readSources(db, customerId);
  return { thread: threadOf(sources, THREAD_SHOWN), sent: sources.sent.slice(0, SENT_SHOWN), responses: sources.responses.slice(0, RESPONSES_SHOWN) };
}

export type CustomerMessages = Awaited<ReturnType<typeof readCustomerMessages>>;

function threadOf({ posts, sent, received, responses, logged }: Awaited<ReturnType<typeof readSources>>, limit: number): ThreadItem[] {
  const items: ThreadItem[] = [];
  // Replies sent through the store's account are outbox rows, shown with the rest of the outbox below
  // (one that failed, then answered by hand on the network, shows both).
  const sentReplies = new Set(sent.filter((m) => m.status !== "failed").map((m) => m.mentionId));
  for (const p of posts) {
    const dismissed = p.status === "dismissed" ? ({ label: "Dismissed, no reply needed", tone: "neutral" } as const) : null;
    items.push({ key: `mention:${p.id}`, at: p.postedAt, direction: "in", channel: p.network, body: p.text, staffName: null, state: dismissed, waiting: p.status === "new", source: { kind: "mention", id: p.id } });
    if (p.replyText && p.repliedAt && !sentReplies.has(p.id)) {
      // A reply noted by hand (answered on the network itself) has no outbox row.
      items.push({ key: `mention-reply:${p.id}`, at: p.repliedAt, direction: "out", channel: p.network, body: p.replyText, staffName: p.replier, state: { label: "Answered on the network, noted here", tone: "neutral" }, waiting: false, source: { kind: "mention", id: p.id } });
    }
  }
  for (const m of sent) {
    const state = outboxStatus(m);
    items.push({
      key: `outbox:${m.id}`,
      at: m.createdAt,
      direction: "out",
      channel: m.channel,
      body: m.body,
      staffName: m.staffName,
      state: m.status === "failed" && m.error ? { ...state, label: `${state.label}: ${m.error}` } : state,
      waiting: false,
      source: { kind: "outbox", id: m.id },
      // A reply to a post answered or dismissed since is not sent again.
      canRetry: isRetryable(m) && !(m.mentionId && posts.some((p) => p.id === m.mentionId && p.status !== "new")),
    });
  }
  for (const m of received) {
    items.push({ key: `inbound:${m.id}`, at: m.receivedAt, direction: "in", channel: m.channel, body: m.body, staffName: null, state: null, waiting: m.status === "waiting", source: { kind: "inbound", id: m.id } });
  }
  // A question from her page waits until the store answers on that page (an answer written after it, on the same link).
  const answeredOnPage = (linkId: string, after: Date) => sent.some((m) => m.channel === "page" && m.linkId === linkId && m.createdAt >= after);
  for (const r of responses) {
    const waiting = r.kind === "question" && !answeredOnPage(r.linkId, r.createdAt);
    items.push({ key: `response:${r.id}`, at: r.createdAt, direction: "in", channel: "page", body: `${RESPONSE_WORDS[r.kind]}: ${r.detail}`, staffName: null, state: null, waiting, source: { kind: "response", id: r.id } });
  }
  for (const c of logged) {
    items.push({ key: `contact:${c.id}`, at: c.at, direction: "logged", channel: c.kind as "call" | "visit", body: c.summary ?? "", staffName: c.staffName, state: null, waiting: false, source: { kind: "contact", id: c.id } });
  }
  // Oldest first, as a thread reads; the latest `limit` of them.
  items.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : 1));
  return items.slice(-limit);
}
