import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, outbox, socialMentions, storeSocialAccounts } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { FAKE_X_CLIENT_ID, FAKE_X_CLIENT_SECRET, startFakeX, type FakeX } from "./testing/fake-x";
import { FAKE_INSTAGRAM_ACCOUNT_ID, FAKE_INSTAGRAM_TOKEN, startFakeGraph, type FakeGraph } from "./testing/fake-graph";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, startFakeTwilio, type FakeTwilio } from "./testing/fake-twilio";
import { failedReplies, sendMentionReply } from "./social-replies";
import { retryMessage } from "./outbox-retry";
import { accountCredentials, connectInstagram, disconnectStoreAccount, listStoreAccounts, saveStoreAccount } from "./social-accounts";
import { listConversation } from "./conversations";
import { replyToMention } from "./mentions";
import { openSecret, SOCIAL_TOKEN_PURPOSE } from "./secret-box";
import { sendSmsToCustomer } from "./sms";

let db: Db;
let x: FakeX;
let graph: FakeGraph;
let ids: { store: string; maya: string; manager: string; alicia: string; post: string; comment: string };
const NOW = new Date("2026-03-02T15:00:00Z");
const POST_ID = "1897000000000000042";
const COMMENT_ID = "17990000000000042";

beforeEach(async () => {
  db = await createTestDb();
  x = await startFakeX();
  graph = await startFakeGraph();
  vi.stubEnv("AUTH_SECRET", "social-replies-test-secret-0123456789abcdef");
  vi.stubEnv("X_CLIENT_ID", FAKE_X_CLIENT_ID);
  vi.stubEnv("X_CLIENT_SECRET", FAKE_X_CLIENT_SECRET);
  vi.stubEnv("X_API_BASE_URL", x.url);
  vi.stubEnv("INSTAGRAM_GRAPH_BASE_URL", graph.url);
  const store = (await createStore(db, { name: "Fifth Avenue" })).id;
  const maya = (await createStaff(db, { storeId: store, name: "Maya Chen" })).id;
  const manager = (await createStaff(db, { storeId: store, name: "Rosa Diaz", role: "manager" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: store, handles: [["x", "aliciafdz"]] });
  const post = randomUUID();
  const comment = randomUUID();
  await db.insert(socialMentions).values([
    { id: post, network: "x", externalId: POST_ID, handle: "aliciafdz", text: "@hartleyrowe is the cobalt coat back?", url: `https://x.com/aliciafdz/status/${POST_ID}`, postedAt: new Date(NOW.getTime() - 3_600_000), customerId: alicia, storeId: store, kind: "mention" },
    { id: comment, network: "instagram", externalId: COMMENT_ID, handle: "aliciafdz", text: "Do you have it in a 38?", url: "https://www.instagram.com/aliciafdz/", postedAt: new Date(NOW.getTime() - 1_800_000), customerId: alicia, storeId: store, kind: "comment" },
  ]);
  ids = { store, maya, manager, alicia, post, comment };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await x.close();
  await graph.close();
});

async function connectX(options: { expiresAt?: Date } = {}) {
  const tokens = x.issueTokens();
  await saveStoreAccount(db, {
    storeId: ids.store,
    staffId: ids.manager,
    network: "x",
    accountId: x.account.id,
    username: x.account.username,
    tokens: { ...tokens, expiresAt: options.expiresAt ?? new Date(NOW.getTime() + 7_200_000) },
    now: NOW,
  });
  return tokens;
}

const reply = (mentionId = ids.post, text = "It is, Alicia: a 38 is waiting for you at Fifth Avenue.") => sendMentionReply(db, { mentionId, staffId: ids.maya, storeId: ids.store, text, now: NOW });
const mentionRow = async (id = ids.post) => (await db.select().from(socialMentions).where(eq(socialMentions.id, id)))[0]!;
const tweets = () => x.requests.filter((r) => r.path === "/2/tweets");

describe("replying to a post on X", () => {
  it("posts the reply to that post from the store's account, keeps it as sent, and answers the post", async () => {
    const tokens = await connectX();
    const result = await reply();
    expect(result).toEqual({ ok: true, outboxId: expect.any(String) });
    expect(tweets()).toEqual([
      {
        method: "POST",
        path: "/2/tweets",
        authorization: `Bearer ${tokens.accessToken}`,
        contentType: "application/json",
        body: { text: "It is, Alicia: a 38 is waiting for you at Fifth Avenue.", reply: { in_reply_to_tweet_id: POST_ID } },
      },
    ]);
    const [row] = await db.select().from(outbox);
    expect(row).toMatchObject({ channel: "x", transport: "x", status: "sent", providerId: x.posts[0]!.id, mentionId: ids.post, customerId: ids.alicia, recipient: "@aliciafdz", error: null, sentAt: NOW });
    expect(await mentionRow()).toMatchObject({ status: "replied", replyText: "It is, Alicia: a 38 is waiting for you at Fifth Avenue.", repliedByStaffId: ids.maya, repliedAt: NOW });
    expect((await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action).sort()).toEqual(["account.connected", "mention.replied", "message.sent"]);
    // The thread shows the sent reply once, from the outbox, not the old "noted here" line.
    const thread = await listConversation(db, { customerId: ids.alicia });
    const replies = thread.filter((item) => item.direction === "out");
    expect(replies).toEqual([expect.objectContaining({ channel: "x", body: "It is, Alicia: a 38 is waiting for you at Fifth Avenue.", state: { label: "Sent", tone: "good" }, canRetry: false, staffName: "Maya Chen" })]);
  });

  it("refreshes an expired token first, and keeps the rotated refresh token", async () => {
    const old = await connectX({ expiresAt: new Date(NOW.getTime() - 1000) });
    const [before] = await db.select().from(storeSocialAccounts);
    expect(await reply()).toMatchObject({ ok: true });
    const [refresh, post] = x.requests;
    expect(refresh).toEqual({
      method: "POST",
      path: "/2/oauth2/token",
      authorization: `Basic ${Buffer.from(`${FAKE_X_CLIENT_ID}:${FAKE_X_CLIENT_SECRET}`).toString("base64")}`,
      contentType: "application/x-www-form-urlencoded",
      body: { grant_type: "refresh_token", refresh_token: old.refreshToken },
    });
    expect(post!.authorization).not.toBe(`Bearer ${old.accessToken}`);
    const [after] = await db.select().from(storeSocialAccounts);
    const newRefresh = openSecret(after!.refreshToken!, SOCIAL_TOKEN_PURPOSE);
    expect(newRefresh).not.toBe(old.refreshToken);
    expect(post!.authorization).toBe(`Bearer ${openSecret(after!.accessToken, SOCIAL_TOKEN_PURPOSE)}`);
    expect(after!.expiresAt!.getTime()).toBeGreaterThan(before!.expiresAt!.getTime());
    // The old refresh token was used up (X rotates them); the new one works.
    await db.update(storeSocialAccounts).set({ expiresAt: new Date(NOW.getTime() - 1) });
    expect(await accountCredentials(db, { storeId: ids.store, network: "x", now: NOW })).toMatchObject({ ok: true });
  });

  it("sends nothing and records nothing when X is not connected", async () => {
    expect(await reply()).toEqual({ ok: false, reason: "not_connected", message: "X is not connected for this store. A manager can connect it under Store › Accounts." });
    expect(x.requests).toEqual([]);
    expect(await db.select().from(outbox)).toEqual([]);
    expect(await db.select().from(auditLog)).toEqual([]);
    expect((await mentionRow()).status).toBe("new");
  });

  it("keeps a reply X failed as failed with a plain reason, the post still waiting; Retry sends it once X is back", async () => {
    await connectX();
    x.goDown();
    const failed = await reply();
    expect(failed).toMatchObject({ ok: false, reason: "failed", message: "Not sent. X did not answer (HTTP 500)." });
    const [row] = await db.select().from(outbox);
    expect(row).toMatchObject({ status: "failed", error: "X did not answer (HTTP 500)", providerId: null });
    expect((await mentionRow()).status).toBe("new");
    let thread = await listConversation(db, { customerId: ids.alicia });
    expect(thread.filter((i) => i.direction === "out")).toEqual([expect.objectContaining({ state: { label: "Failed: X did not answer (HTTP 500)", tone: "bad" }, canRetry: true, source: { kind: "outbox", id: row!.id } })]);
    expect(thread.find((i) => i.source.kind === "mention")?.waiting).toBe(true);
    // The inbox shows it under the post, for this store only.
    expect(await failedReplies(db, { storeId: ids.store, mentionIds: [ids.post, ids.comment] })).toEqual(new Map([[ids.post, { outboxId: row!.id, body: row!.body, error: "X did not answer (HTTP 500)" }]]));
    expect(await failedReplies(db, { storeId: randomUUID(), mentionIds: [ids.post] })).toEqual(new Map());

    // Still down: the retry fails the same way, on the same row.
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toMatchObject({ ok: false, reason: "failed" });
    x.recover();
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toEqual({ ok: true, status: "sent" });
    expect(await db.select({ id: outbox.id, status: outbox.status, error: outbox.error, providerId: outbox.providerId }).from(outbox)).toEqual([{ id: row!.id, status: "sent", error: null, providerId: x.posts[0]!.id }]);
    expect(x.posts).toEqual([{ id: expect.any(String), text: "It is, Alicia: a 38 is waiting for you at Fifth Avenue.", inReplyTo: POST_ID }]);
    expect((await mentionRow()).status).toBe("replied");
    expect(await failedReplies(db, { storeId: ids.store, mentionIds: [ids.post] })).toEqual(new Map());
    thread = await listConversation(db, { customerId: ids.alicia });
    expect(thread.filter((i) => i.direction === "out")).toEqual([expect.objectContaining({ state: { label: "Sent", tone: "good" }, canRetry: false })]);
    // A sent message is not sent again.
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toMatchObject({ ok: false, reason: "not_failed" });
    expect((await db.select({ action: auditLog.action }).from(auditLog)).filter((a) => a.action === "message.retried")).toHaveLength(2);
  });

  it("says what X refused, in X's words, and never a token", async () => {
    const tokens = await connectX();
    x.failNextPost({ status: 403, detail: "You are not allowed to create a Tweet with duplicate content." });
    expect(await reply()).toMatchObject({ ok: false, message: "Not sent. X refused the reply: You are not allowed to create a Tweet with duplicate content." });
    const [row] = await db.select().from(outbox);
    expect(row!.error).toBe("X refused the reply: You are not allowed to create a Tweet with duplicate content.");
    expect(JSON.stringify(await db.select().from(auditLog))).not.toContain(tokens.accessToken);
    // Answered on X by hand instead: the thread keeps both (at the same moment here, so in key order), and the failed one is no longer offered again.
    await replyToMention(db, { mentionId: ids.post, staffId: ids.maya, storeId: ids.store, text: "Answered in the X app.", now: NOW });
    const out = (await listConversation(db, { customerId: ids.alicia })).filter((i) => i.direction === "out");
    expect(out.map((i) => [i.body, i.state?.label, i.canRetry ?? null])).toEqual([
      ["Answered in the X app.", "Answered on the network, noted here", null],
      ["It is, Alicia: a 38 is waiting for you at Fifth Avenue.", "Failed: X refused the reply: You are not allowed to create a Tweet with duplicate content.", false],
    ]);
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toMatchObject({ ok: false, reason: "refused", message: "This post has been answered or dismissed since, so the reply is not sent again." });
  });

  it("keeps tokens encrypted at rest, lists accounts without them, and forgets them on disconnect", async () => {
    const tokens = await connectX();
    const [raw] = await db.select().from(storeSocialAccounts);
    expect(raw!.accessToken).not.toContain(tokens.accessToken);
    expect(raw!.refreshToken).not.toContain(tokens.refreshToken);
    expect(raw!.accessToken).toMatch(/^v1\./);
    expect(openSecret(raw!.accessToken, SOCIAL_TOKEN_PURPOSE)).toBe(tokens.accessToken);
    // Under another AUTH_SECRET the sealed token is unreadable.
    expect(openSecret(raw!.accessToken, SOCIAL_TOKEN_PURPOSE, { ...process.env, AUTH_SECRET: "another-secret-entirely-0123456789abcdef" })).toBeNull();
    const listed = await listStoreAccounts(db, { storeId: ids.store });
    expect(listed).toEqual([{ network: "x", username: "fifthavenue", connectedAt: NOW, connectedBy: "Rosa Diaz" }]);
    expect(await disconnectStoreAccount(db, { storeId: ids.store, staffId: ids.manager, network: "x", now: NOW })).toBe(true);
    expect(await db.select().from(storeSocialAccounts)).toEqual([]);
    expect(await reply()).toMatchObject({ ok: false, reason: "not_connected" });
  });
});

describe("replying to a comment on Instagram", () => {
  it("connects only with a token Instagram accepts, then replies to the comment", async () => {
    expect(await connectInstagram(db, { storeId: ids.store, staffId: ids.manager, accountId: FAKE_INSTAGRAM_ACCOUNT_ID, accessToken: "EAAwrong-token-0123456789" })).toEqual({
      ok: false,
      message: "Not connected. Instagram refused the account: Invalid OAuth access token - Cannot parse access token.",
    });
    expect(await db.select().from(storeSocialAccounts)).toEqual([]);
    expect(await connectInstagram(db, { storeId: ids.store, staffId: ids.manager, accountId: FAKE_INSTAGRAM_ACCOUNT_ID, accessToken: FAKE_INSTAGRAM_TOKEN, now: NOW })).toEqual({ ok: true, username: "hartleyrowe.fifth" });
    expect(graph.requests.at(-1)).toEqual({ method: "GET", path: `/v21.0/${FAKE_INSTAGRAM_ACCOUNT_ID}`, query: { fields: "id,username" }, authorization: `Bearer ${FAKE_INSTAGRAM_TOKEN}`, body: {} });

    expect(await reply(ids.comment, "Yes, a 38 is here for you.")).toMatchObject({ ok: true });
    expect(graph.requests.at(-1)).toEqual({ method: "POST", path: `/v21.0/${COMMENT_ID}/replies`, query: {}, authorization: `Bearer ${FAKE_INSTAGRAM_TOKEN}`, body: { message: "Yes, a 38 is here for you." } });
    expect(await db.select({ status: outbox.status, providerId: outbox.providerId, channel: outbox.channel }).from(outbox)).toEqual([{ status: "sent", providerId: graph.replies[0]!.id, channel: "instagram" }]);
    expect((await mentionRow(ids.comment)).status).toBe("replied");
  });

  it("says plainly when Instagram refuses, or when the post is not a comment it lets us answer", async () => {
    await connectInstagram(db, { storeId: ids.store, staffId: ids.manager, accountId: FAKE_INSTAGRAM_ACCOUNT_ID, accessToken: FAKE_INSTAGRAM_TOKEN, now: NOW });
    graph.failNextReply({ status: 400, message: "(#10) The user has restricted who can comment" });
    expect(await reply(ids.comment, "Hello")).toMatchObject({ ok: false, reason: "failed", message: "Not sent. Instagram refused the reply: (#10) The user has restricted who can comment." });
    await db.update(socialMentions).set({ kind: "mention" }).where(eq(socialMentions.id, ids.comment));
    const before = await db.select().from(outbox);
    expect(await reply(ids.comment, "Hello")).toMatchObject({ ok: false, reason: "cannot_send", message: expect.stringContaining("Instagram lets Shopkeeper answer comments only") });
    expect(await db.select().from(outbox)).toEqual(before);
  });

  it("is not connected until a manager connects it", async () => {
    expect(await reply(ids.comment, "Hello")).toEqual({ ok: false, reason: "not_connected", message: "Instagram is not connected for this store. A manager can connect it under Store › Accounts." });
    expect(graph.requests).toEqual([]);
  });
});

describe("retryMessage for texts and emails", () => {
  let twilio: FakeTwilio;
  beforeEach(async () => {
    twilio = await startFakeTwilio();
    vi.stubEnv("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID);
    vi.stubEnv("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN);
    vi.stubEnv("TWILIO_BASE_URL", twilio.url);
    await db.update(customers).set({ phone: "+12125550143", consentSms: true }).where(eq(customers.id, ids.alicia));
  });
  afterEach(async () => {
    await twilio.close();
  });

  it("sends a failed text again through Twilio, on the same row, only while it is failed and only for the caller's store", async () => {
    twilio.failNext();
    const sent = await sendSmsToCustomer(db, { customerId: ids.alicia, storeId: ids.store, staffId: ids.maya, body: "Your coat is in.", now: NOW });
    expect(sent).toMatchObject({ ok: false, reason: "failed" });
    const [row] = await db.select().from(outbox);
    const other = (await createStore(db, { name: "Oak Street" })).id;
    const hannah = (await createStaff(db, { storeId: other })).id;
    expect(await retryMessage(db, { outboxId: row!.id, staffId: hannah, storeId: other, now: NOW })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toEqual({ ok: true, status: "queued" });
    expect(twilio.messages.map((m) => m.body)).toEqual(["Your coat is in."]);
    expect(await db.select({ id: outbox.id, status: outbox.status, providerId: outbox.providerId, error: outbox.error }).from(outbox)).toEqual([{ id: row!.id, status: "queued", providerId: twilio.messages[0]!.sid, error: null }]);
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toMatchObject({ ok: false, reason: "not_failed" });
  });

  it("refuses to text again once the customer withdrew consent", async () => {
    twilio.failNext();
    await sendSmsToCustomer(db, { customerId: ids.alicia, storeId: ids.store, staffId: ids.maya, body: "Your coat is in.", now: NOW });
    await db.update(customers).set({ consentSms: false }).where(eq(customers.id, ids.alicia));
    const [row] = await db.select().from(outbox);
    expect(await retryMessage(db, { outboxId: row!.id, staffId: ids.maya, storeId: ids.store, now: NOW })).toEqual({ ok: false, reason: "refused", message: "Nothing was sent: the customer has not agreed to text messages." });
    expect(twilio.messages).toEqual([]);
    expect((await db.select({ status: outbox.status }).from(outbox))[0]!.status).toBe("failed");
  });
});
