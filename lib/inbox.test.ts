import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, changeFeed, customerLinks, customers, inboundMessages, linkResponses, socialMentions } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { countWaiting, INBOX_COUNT_CAP, inboxFilters, listStoreInbox, type InboxItem } from "./inbox";
import { assignMessage, dismissMessage } from "./inbound-messages";

let db: Db;
let ids: { fifth: string; oak: string; maya: string; daniel: string; alicia: string };
const start = Date.UTC(2026, 10, 30, 14);
const at = (minutes: number) => new Date(start + minutes * 60_000);
const what = (item: InboxItem) => (item.type === "post" ? `post:${item.text}` : item.type === "message" ? `${item.channel}:${item.body}` : `page:${item.body}`);

async function addPost(fields: Partial<typeof socialMentions.$inferInsert> & { storeId: string }) {
  const id = randomUUID();
  await db.insert(socialMentions).values({ id, network: "x", externalId: randomUUID(), handle: "fan", text: "A post", url: "https://x.com/fan/status/1", postedAt: new Date(start), ...fields });
  return id;
}

async function addMessage(fields: Partial<typeof inboundMessages.$inferInsert> & { storeId: string }) {
  const id = randomUUID();
  await db.insert(inboundMessages).values({ id, channel: "sms", sender: "+12125550123", body: "A text", providerId: randomUUID(), status: "waiting", receivedAt: new Date(start), ...fields });
  return id;
}

const page = async (filters: Record<string, string> = {}, pageSize?: number) => listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: inboxFilters.parse(filters), pageSize });

beforeEach(async () => {
  db = await createTestDb();
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const oak = (await createStore(db, { name: "Oak Street" })).id;
  const maya = (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id;
  const daniel = (await createStaff(db, { storeId: fifth, name: "Daniel Brooks" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: fifth });
  ids = { fifth, oak, maya, daniel, alicia };
});

describe("listStoreInbox: posts, texts and emails in one list", () => {
  it("merges every channel, waiting oldest first, and pages across both kinds without losing or repeating one", async () => {
    await addPost({ storeId: ids.fifth, text: "P1", postedAt: at(1) });
    await addMessage({ storeId: ids.fifth, body: "T2", receivedAt: at(2) });
    await addMessage({ storeId: ids.fifth, channel: "email", sender: "alicia@example.com", body: "E3", receivedAt: at(3) });
    await addPost({ storeId: ids.fifth, text: "P4", postedAt: at(4) });
    await addMessage({ storeId: ids.fifth, body: "T5", receivedAt: at(5) });
    await addMessage({ storeId: ids.oak, body: "Elsewhere", receivedAt: at(0) });
    await addMessage({ storeId: ids.fifth, body: "Answered", status: "answered", receivedAt: at(0) });

    const first = await page({}, 2);
    expect(first.items.map(what)).toEqual(["post:P1", "sms:T2"]);
    expect(first).toMatchObject({ total: 5, hasNext: true, moreThanTotal: false });
    expect((await page({ page: "2" }, 2)).items.map(what)).toEqual(["email:E3", "post:P4"]);
    const last = await page({ page: "3" }, 2);
    expect(last.items.map(what)).toEqual(["sms:T5"]);
    expect(last.hasNext).toBe(false);

    // Answered ones read newest first.
    expect((await page({ status: "answered" })).items.map(what)).toEqual(["sms:Answered"]);
  });

  it("filters by channel: one table read at the page's offset", async () => {
    await addPost({ storeId: ids.fifth, text: "On X", postedAt: at(1) });
    await addPost({ storeId: ids.fifth, network: "instagram", text: "On Instagram", postedAt: at(2) });
    await addMessage({ storeId: ids.fifth, body: "By text", receivedAt: at(3) });
    await addMessage({ storeId: ids.fifth, channel: "email", sender: "a@example.com", body: "By email", receivedAt: at(4) });
    expect((await page({ channel: "sms" })).items.map(what)).toEqual(["sms:By text"]);
    expect((await page({ channel: "email" })).items.map(what)).toEqual(["email:By email"]);
    expect((await page({ channel: "instagram" })).items.map(what)).toEqual(["post:On Instagram"]);
    expect(await page({ channel: "sms" })).toMatchObject({ total: 1 });
  });

  it("filters texts and emails by whose client wrote and who is answering, like posts", async () => {
    await db.update(customers).set({ assignedStaffId: ids.maya }).where(eq(customers.id, ids.alicia));
    const hers = await addMessage({ storeId: ids.fifth, customerId: ids.alicia, body: "From Alicia", receivedAt: at(1) });
    await addMessage({ storeId: ids.fifth, body: "From a stranger", receivedAt: at(2) });
    expect((await page({ owner: "mine" })).items.map(what)).toEqual(["sms:From Alicia"]);
    expect((await page({ owner: "mine" })).items[0]).toMatchObject({ customer: { id: ids.alicia, firstName: "Alicia" } });

    expect(await assignMessage(db, { messageId: hers, staffId: ids.maya, storeId: ids.fifth, assigneeId: ids.daniel })).toEqual({ ok: true, assigneeName: "Daniel Brooks" });
    expect((await page({ assigned: ids.daniel })).items.map(what)).toEqual(["sms:From Alicia"]);
    expect((await page({ assigned: "nobody" })).items.map(what)).toEqual(["sms:From a stranger"]);
    expect((await page({ assigned: ids.daniel })).items[0]).toMatchObject({ assignee: { id: ids.daniel, name: "Daniel Brooks" } });
  });

  it("counts posts and messages together up to the cap, then says 'more than'", async () => {
    const half = INBOX_COUNT_CAP / 2 + 3;
    const posts = Array.from({ length: half }, (_, i) => ({ id: randomUUID(), network: "x" as const, externalId: `p${i}`, handle: "h", text: `P${i}`, url: "u", postedAt: at(2 * i), storeId: ids.fifth }));
    const texts = Array.from({ length: half }, (_, i) => ({ id: randomUUID(), channel: "sms" as const, sender: "+12125550100", body: `T${i}`, providerId: `t${i}`, status: "waiting" as const, receivedAt: at(2 * i + 1), storeId: ids.fifth }));
    for (let i = 0; i < half; i += 250) {
      await db.insert(socialMentions).values(posts.slice(i, i + 250));
      await db.insert(inboundMessages).values(texts.slice(i, i + 250));
    }
    const first = await page();
    expect(first).toMatchObject({ total: INBOX_COUNT_CAP, moreThanTotal: true, hasNext: true });
    expect(first.items.slice(0, 3).map(what)).toEqual(["post:P0", "sms:T0", "post:P1"]);
  });
});

describe("claiming and dismissing a text or email", () => {
  it("assigns only a waiting message of the store, to an active colleague, audited and announced", async () => {
    const message = await addMessage({ storeId: ids.fifth, customerId: ids.alicia });
    const hannah = (await createStaff(db, { storeId: ids.oak, name: "Hannah Lee" })).id;
    expect(await assignMessage(db, { messageId: message, staffId: ids.maya, storeId: ids.fifth, assigneeId: hannah })).toEqual({ ok: false, reason: "no_such_person" });
    expect(await assignMessage(db, { messageId: message, staffId: ids.maya, storeId: ids.oak, assigneeId: null })).toEqual({ ok: false, reason: "not_found" });
    expect(await assignMessage(db, { messageId: message, staffId: ids.maya, storeId: ids.fifth, assigneeId: ids.maya })).toEqual({ ok: true, assigneeName: "Maya Chen" });
    const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, message));
    expect(row).toMatchObject({ assignedStaffId: ids.maya, assignedAt: expect.any(Date) });
    const audit = await db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog);
    expect(audit).toEqual([{ action: "message.assigned", targetId: message }]);
    expect(await db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId }).from(changeFeed)).toEqual([{ kind: "response", customerId: ids.alicia }]);
  });

  it("dismisses once: the second colleague hears it is closed, and a closed one cannot be assigned", async () => {
    const message = await addMessage({ storeId: ids.fifth, customerId: ids.alicia });
    expect(await dismissMessage(db, { messageId: message, staffId: ids.maya, storeId: ids.oak })).toEqual({ ok: false, reason: "not_found" });
    expect(await dismissMessage(db, { messageId: message, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: true, customerId: ids.alicia });
    expect(await dismissMessage(db, { messageId: message, staffId: ids.daniel, storeId: ids.fifth })).toEqual({ ok: false, reason: "closed" });
    expect(await assignMessage(db, { messageId: message, staffId: ids.maya, storeId: ids.fifth, assigneeId: ids.maya })).toEqual({ ok: false, reason: "closed" });
    expect((await page({ status: "dismissed" })).items.map(what)).toEqual(["sms:A text"]);
    expect((await page()).items).toEqual([]);
    expect((await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action)).toEqual(["message.dismissed"]);
  });
});

describe("countWaiting", () => {
  it("counts waiting posts and messages of the store, not answered ones or other stores'", async () => {
    await addPost({ storeId: ids.fifth });
    await addPost({ storeId: ids.fifth, status: "replied" });
    await addMessage({ storeId: ids.fifth });
    await addMessage({ storeId: ids.fifth, channel: "email", sender: "a@example.com" });
    await addMessage({ storeId: ids.fifth, status: "dismissed" });
    await addMessage({ storeId: ids.oak });
    expect(await countWaiting(db, { storeId: ids.fifth })).toBe(3);
  });
});

describe("questions from the customer's page in the inbox", () => {
  async function addQuestion(fields: Partial<typeof linkResponses.$inferInsert> = {}) {
    const linkId = randomUUID();
    await db.insert(customerLinks).values({ id: linkId, customerId: ids.alicia, storeId: ids.fifth, staffId: ids.maya, tokenHash: randomUUID(), channel: "email", message: "", expiresAt: new Date(start + 7 * 86_400_000), createdAt: new Date(start - 3_600_000) });
    const id = randomUUID();
    await db.insert(linkResponses).values({ id, linkId, customerId: ids.alicia, storeId: ids.fifth, kind: "question", detail: "Can I bring a friend?", createdAt: at(2), ...fields });
    return id;
  }

  it("waits with the posts and texts until answered, then reads as answered; never as dismissed or assigned", async () => {
    await addPost({ storeId: ids.fifth, text: "P1", postedAt: at(1) });
    await addQuestion();
    await addQuestion({ kind: "coming", detail: "Friday 6 pm" });
    await addMessage({ storeId: ids.fifth, body: "T3", receivedAt: at(3) });
    expect((await page()).items.map(what)).toEqual(["post:P1", "page:Can I bring a friend?", "sms:T3"]);
    expect((await page({ channel: "page" })).items.map(what)).toEqual(["page:Can I bring a friend?"]);
    expect(await countWaiting(db, { storeId: ids.fifth })).toBe(3);
    expect((await page({ assigned: "nobody" })).items.map(what)).toContain("page:Can I bring a friend?");
    expect((await page({ assigned: "me" })).items).toEqual([]);
    expect((await page({ status: "dismissed" })).items).toEqual([]);

    await db.update(linkResponses).set({ answeredAt: at(5), answeredByStaffId: ids.maya }).where(eq(linkResponses.kind, "question"));
    expect((await page()).items.map(what)).toEqual(["post:P1", "sms:T3"]);
    expect((await page({ status: "answered" })).items).toEqual([expect.objectContaining({ type: "question", body: "Can I bring a friend?", answerer: "Maya Chen" })]);
  });
});
