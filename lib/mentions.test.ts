import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect, runStatement } from "@/db/dialect";
import { auditLog, changeFeed, customerHandles, customers, socialMentions } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import {
  createCustomerFromMention,
  assignMention,
  waitingTime,
  dismissMention,
  linkMentionToCustomer,
  linkMentionToProduct,
  listMentionInbox,
  replyLimit,
  replyToMention,
} from "./mentions";
import { INBOX_COUNT_CAP, inboxFilters, listStoreInbox, type InboxItem } from "./inbox";

const textOf = (item: InboxItem) => (item.type === "post" ? item.text : item.body);

let db: Db;
let ids: { fifth: string; oak: string; maya: string; alicia: string };

async function addMention(fields: Partial<typeof socialMentions.$inferInsert> & { storeId: string }) {
  const id = randomUUID();
  await db
    .insert(socialMentions)
    .values({ id, network: "instagram", externalId: randomUUID(), handle: "newfan.nyc", text: "Love the window", url: "https://www.instagram.com/newfan.nyc/", postedAt: new Date(), kind: "comment", ...fields });
  return id;
}

const changes = async () => db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).orderBy(changeFeed.seq);
const mention = async (id: string) => (await db.select().from(socialMentions).where(eq(socialMentions.id, id)).limit(1))[0];

/**
 * Stands in for another tablet's transaction landing in the middle of ours: a
 * trigger that writes as soon as `when` matches a row inserted into `table`.
 * Dropped after the test (PostgreSQL keeps one database per file).
 */
const dropTriggers: Array<() => Promise<unknown>> = [];
async function colleagueTrigger(name: string, table: string, when: string, statement: string) {
  const on = db;
  const run = (ddl: string) => on.transaction((tx) => runStatement(tx, sql.raw(ddl)));
  if (currentDialect() === "pg") {
    await run(`create function ${name}() returns trigger language plpgsql as $$ begin ${statement}; return new; end $$`);
    await run(`create trigger ${name} after insert on ${table} for each row when (${when}) execute function ${name}()`);
    dropTriggers.push(() => run(`drop trigger ${name} on ${table}; drop function ${name}()`));
  } else {
    await run(`create trigger ${name} after insert on ${table} when ${when} begin ${statement}; end`);
  }
}
afterEach(async () => {
  for (const drop of dropTriggers.splice(0)) await drop();
});

beforeEach(async () => {
  db = await createTestDb();
  const fifth = (await createStore(db, { name: "Fifth Avenue", isFlagship: true })).id;
  const oak = (await createStore(db, { name: "Oak Street" })).id;
  const maya = (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: fifth });
  ids = { fifth, oak, maya, alicia };
});

describe("answering a post announces it to open pages", () => {
  it("a reply writes a change-feed row for the customer and store, in the same step", async () => {
    const id = await addMention({ storeId: ids.fifth, customerId: ids.alicia });
    expect(await replyToMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, text: "We have it in a 6." })).toEqual({ ok: true, auditId: expect.any(String) });
    expect(await changes()).toEqual([{ kind: "mention", customerId: ids.alicia, storeId: ids.fifth }]);
  });

  it("a dismissal writes one too, with no customer for an unmatched post", async () => {
    const id = await addMention({ storeId: ids.fifth });
    expect(await dismissMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: true, auditId: expect.any(String) });
    expect(await changes()).toEqual([{ kind: "mention", customerId: null, storeId: ids.fifth }]);
  });

  it("a refusal (another store, or already answered) writes none", async () => {
    const id = await addMention({ storeId: ids.fifth, customerId: ids.alicia });
    expect(await dismissMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.oak })).toEqual({ ok: false, reason: "not_found" });
    expect(await changes()).toEqual([]);
    await dismissMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth });
    expect(await replyToMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, text: "Late" })).toEqual({ ok: false, reason: "closed" });
    expect(await changes()).toHaveLength(1);
  });

  it("linking a product writes a change-feed row", async () => {
    const id = await addMention({ storeId: ids.fifth, customerId: ids.alicia });
    const { productId } = await createVariantInStock(db, { storeId: ids.fifth, onHand: 1 });
    expect(await linkMentionToProduct(db, { mentionId: id, productId, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: true });
    expect((await mention(id))?.productId).toBe(productId);
    expect(await changes()).toEqual([{ kind: "mention", customerId: ids.alicia, storeId: ids.fifth }]);
    expect(await linkMentionToProduct(db, { mentionId: id, productId: "forged", staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: false, reason: "not_found" });
    expect(await changes()).toHaveLength(1);
  });
});

describe("reply length", () => {
  it("is the post's own network's limit, counted in characters", async () => {
    expect(replyLimit("x")).toEqual({ network: "X", max: 280 });
    expect(replyLimit("instagram")).toEqual({ network: "Instagram", max: 2200 });
    const onX = await addMention({ storeId: ids.fifth, network: "x" });
    const onInstagram = await addMention({ storeId: ids.fifth, network: "instagram" });
    const actor = { staffId: ids.maya, storeId: ids.fifth };
    expect(await replyToMention(db, { ...actor, mentionId: onX, text: "x".repeat(281) })).toEqual({ ok: false, reason: "too_long", limit: { network: "X", max: 280 } });
    expect((await mention(onX))?.status).toBe("new");
    // 280 emoji are 560 UTF-16 units but 280 characters, as X counts them.
    expect(await replyToMention(db, { ...actor, mentionId: onX, text: "👍".repeat(280) })).toEqual({ ok: true, auditId: expect.any(String) });
    expect(await replyToMention(db, { ...actor, mentionId: onInstagram, text: "y".repeat(2201) })).toMatchObject({ ok: false, reason: "too_long", limit: { network: "Instagram", max: 2200 } });
    expect(await replyToMention(db, { ...actor, mentionId: onInstagram, text: "y".repeat(2200) })).toEqual({ ok: true, auditId: expect.any(String) });
  });
});

describe("listMentionInbox", () => {
  it("counts every new post at the store, while the inbox shows at most its limit, oldest first", async () => {
    const start = Date.UTC(2026, 2, 1);
    for (let i = 0; i < 5; i++) await addMention({ storeId: ids.fifth, postedAt: new Date(start + i * 60_000), text: `Post ${i}` });
    await addMention({ storeId: ids.fifth, status: "replied" });
    await addMention({ storeId: ids.oak });
    expect((await listMentionInbox(db, { storeId: ids.fifth, limit: 3 })).map((m) => m.text)).toEqual(["Post 0", "Post 1", "Post 2"]);
    expect(await listMentionInbox(db, { storeId: randomUUID() })).toEqual([]);
  });
});

describe("listStoreInbox (posts)", () => {
  const filters = (fields: Record<string, string> = {}) => inboxFilters.parse(fields);

  it("pages the waiting posts oldest first, with the count of all of them", async () => {
    const start = Date.UTC(2026, 2, 1);
    for (let i = 0; i < 25; i++) await addMention({ storeId: ids.fifth, postedAt: new Date(start + i * 60_000), text: `Post ${i}` });
    await addMention({ storeId: ids.oak, text: "Elsewhere" });
    const first = await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: filters(), pageSize: 10 });
    expect(first.total).toBe(25);
    expect(first.items.map(textOf)).toEqual(Array.from({ length: 10 }, (_, i) => `Post ${i}`));
    expect(first).toMatchObject({ hasNext: true, moreThanTotal: false });
    const last = await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: filters({ page: "3" }), pageSize: 10 });
    expect(last.items.map(textOf)).toEqual(["Post 20", "Post 21", "Post 22", "Post 23", "Post 24"]);
    expect(last.hasNext).toBe(false);
  });

  it("counts up to a thousand and then says 'more than', so a huge inbox costs no more than a big one", async () => {
    const start = Date.UTC(2026, 2, 1);
    const rows = Array.from({ length: INBOX_COUNT_CAP + 5 }, (_, i) => ({ id: randomUUID(), network: "x" as const, externalId: `e${i}`, handle: "h", text: `P${i}`, url: "u", postedAt: new Date(start + i * 1000), storeId: ids.fifth }));
    for (let i = 0; i < rows.length; i += 250) await db.insert(socialMentions).values(rows.slice(i, i + 250));
    const page = await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: filters() });
    expect(page).toMatchObject({ total: INBOX_COUNT_CAP, moreThanTotal: true, hasNext: true });
    expect(textOf(page.items[0]!)).toBe("P0");
  });

  it("filters by channel, by answered or dismissed (newest first, with the answer), and by whose clients posted", async () => {
    const start = Date.UTC(2026, 2, 1);
    const mine = await createCustomer(db, { firstName: "Mine", lastName: "C" });
    await db.update(customers).set({ assignedStaffId: ids.maya }).where(eq(customers.id, mine));
    await addMention({ storeId: ids.fifth, network: "x", text: "On X", postedAt: new Date(start) });
    await addMention({ storeId: ids.fifth, network: "instagram", text: "Mine on Instagram", customerId: mine, postedAt: new Date(start + 1) });
    await addMention({ storeId: ids.fifth, status: "replied", text: "Old answer", replyText: "Thanks!", repliedByStaffId: ids.maya, repliedAt: new Date(start + 5), postedAt: new Date(start + 2) });
    await addMention({ storeId: ids.fifth, status: "replied", text: "New answer", postedAt: new Date(start + 3) });
    await addMention({ storeId: ids.fifth, status: "dismissed", text: "Spam", postedAt: new Date(start + 4) });
    const texts = async (f: Record<string, string>) => (await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: filters(f) })).items.map(textOf);
    expect(await texts({ channel: "x" })).toEqual(["On X"]);
    expect(await texts({ owner: "mine" })).toEqual(["Mine on Instagram"]);
    expect(await texts({ owner: ids.maya })).toEqual(["Mine on Instagram"]);
    expect(await texts({ status: "answered" })).toEqual(["New answer", "Old answer"]);
    expect(await texts({ status: "dismissed" })).toEqual(["Spam"]);
    const answered = await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: filters({ status: "answered" }) });
    expect(answered.items[1]).toMatchObject({ replyText: "Thanks!", replier: expect.any(String) });
    expect((await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: filters({ owner: "mine" }) })).total).toBe(1);
  });

  it("reads malformed filters as the defaults rather than failing", () => {
    expect(filters({ channel: "myspace", status: "all", owner: "'; drop", page: "-3" })).toEqual({ channel: "", status: "waiting", assigned: "", owner: "", page: 1 });
  });
});

describe("assignMention", () => {
  it("claims and assigns a waiting post to an active colleague of the store, audited, and the inbox filters by it", async () => {
    const post = await addMention({ storeId: ids.fifth, customerId: ids.alicia });
    const daniel = (await createStaff(db, { storeId: ids.fifth, name: "Daniel Brooks" })).id;
    const hannah = (await createStaff(db, { storeId: ids.oak, name: "Hannah Lee" })).id;
    const gone = (await createStaff(db, { storeId: ids.fifth, name: "Left Already", active: false })).id;
    const assign = (assigneeId: string | null, mentionId = post, storeId = ids.fifth) => assignMention(db, { mentionId, staffId: ids.maya, storeId, assigneeId });

    expect(await assign(ids.maya)).toEqual({ ok: true, assigneeName: "Maya Chen" });
    const byAssignee = async (assigned: string) => (await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: inboxFilters.parse({ assigned }) })).items.map((m) => m.id);
    expect(await byAssignee("me")).toEqual([post]);
    expect(await byAssignee("nobody")).toEqual([]);
    expect(await assign(daniel)).toEqual({ ok: true, assigneeName: "Daniel Brooks" });
    expect(await byAssignee(daniel)).toEqual([post]);
    expect((await listStoreInbox(db, { storeId: ids.fifth, staffId: ids.maya, filters: inboxFilters.parse({}) })).items[0]).toMatchObject({ assignee: { id: daniel, name: "Daniel Brooks" } });

    // Nobody at another store, nobody who has left, no post of another store; nothing changes.
    expect(await assign(hannah)).toEqual({ ok: false, reason: "no_such_person" });
    expect(await assign(gone)).toEqual({ ok: false, reason: "no_such_person" });
    expect(await assign(ids.maya, post, ids.oak)).toEqual({ ok: false, reason: "not_found" });
    expect((await mention(post))!.assignedStaffId).toBe(daniel);

    expect(await assign(null)).toEqual({ ok: true, assigneeName: null });
    expect(await byAssignee("nobody")).toEqual([post]);
    expect((await db.select().from(auditLog).where(eq(auditLog.action, "mention.assigned"))).map((a) => a.detail)).toEqual([{ to: ids.maya }, { to: daniel }, { to: null }]);

    await dismissMention(db, { mentionId: post, staffId: ids.maya, storeId: ids.fifth });
    expect(await assign(ids.maya)).toEqual({ ok: false, reason: "closed" });
  });
});

describe("waitingTime", () => {
  const now = new Date(Date.UTC(2026, 2, 2, 12));
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  it("turns amber after an hour and red after a day", () => {
    expect(waitingTime(ago(12), now)).toEqual({ label: "Waiting 12 min", tone: "neutral" });
    expect(waitingTime(ago(61), now)).toEqual({ label: "Waiting 1 h", tone: "warn" });
    expect(waitingTime(ago(25 * 60), now)).toEqual({ label: "Waiting 25 h", tone: "bad" });
    expect(waitingTime(ago(3 * 1440), now)).toEqual({ label: "Waiting 3 days", tone: "bad" });
  });
});

describe("races on unique values end in a clear refusal, never an error", () => {
  const newCustomer = { firstName: "Nia", lastName: "Okoro", email: "nia@example.com", handle: "newfan.nyc" };

  it("an email taken (in any case) refuses the new customer and writes nothing", async () => {
    const id = await addMention({ storeId: ids.fifth });
    const before = (await db.select().from(customers)).length;
    expect(await createCustomerFromMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, customer: { ...newCustomer, email: "Alicia@Example.com" } })).toEqual({ ok: false, reason: "email_taken" });
    expect(await db.select().from(customers)).toHaveLength(before);
    expect([await db.select().from(customerHandles), await db.select().from(auditLog), await changes()]).toEqual([[], [], []]);
  });

  it("a handle a colleague claims between the check and the insert rolls the new customer back", async () => {
    const id = await addMention({ storeId: ids.fifth });
    // As soon as our customer row is written, someone else takes the handle.
    await colleagueTrigger(
      "colleague_takes_handle",
      "customers",
      "new.last_name = 'Okoro'",
      `insert into customer_handles (id, customer_id, network, handle, created_at) values ('race', '${ids.alicia}', 'instagram', 'newfan.nyc', 0)`,
    );
    const before = (await db.select().from(customers)).length;
    expect(await createCustomerFromMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, customer: newCustomer })).toEqual({ ok: false, reason: "handle_taken" });
    expect(await db.select().from(customers)).toHaveLength(before);
    expect((await mention(id))?.customerId).toBeNull();
    expect([await db.select().from(auditLog), await changes()]).toEqual([[], []]);
  });

  it("a post a colleague links between the check and the update is refused as already linked, and our writes undone", async () => {
    const id = await addMention({ storeId: ids.fifth });
    const other = await createCustomer(db, { firstName: "Nia", lastName: "Fan", homeStoreId: ids.fifth });
    // As soon as our handle row is written, someone else links the post.
    await colleagueTrigger("colleague_links_post", "customer_handles", `new.customer_id = '${ids.alicia}'`, `update social_mentions set customer_id = '${other}' where id = '${id}'`);
    expect(await linkMentionToCustomer(db, { mentionId: id, customerId: ids.alicia, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: false, reason: "already_linked" });
    expect(await db.select().from(customerHandles).where(eq(customerHandles.customerId, ids.alicia))).toEqual([]);
    expect([await db.select().from(auditLog), await changes()]).toEqual([[], []]);
  });

  it("a handle another customer has already is left with them, and only this post is linked", async () => {
    const id = await addMention({ storeId: ids.fifth });
    const owner = await createCustomer(db, { firstName: "Nia", lastName: "Fan", handles: [["instagram", "newfan.nyc"]] });
    expect(await linkMentionToCustomer(db, { mentionId: id, customerId: ids.alicia, staffId: ids.maya, storeId: ids.fifth })).toMatchObject({ ok: true, handle: "taken", alsoLinked: 0 });
    expect(await db.select({ customerId: customerHandles.customerId }).from(customerHandles)).toEqual([{ customerId: owner }]);
    expect(await changes()).toEqual([{ kind: "mention", customerId: ids.alicia, storeId: ids.fifth }]);
  });

  it("creating a customer from a post announces it for the new customer", async () => {
    const id = await addMention({ storeId: ids.fifth });
    const created = await createCustomerFromMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, customer: newCustomer });
    expect(created).toMatchObject({ ok: true });
    expect(await changes()).toEqual([{ kind: "mention", customerId: created.ok ? created.customerId : "none", storeId: ids.fifth }]);
  });
});
