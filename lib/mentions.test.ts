import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, changeFeed, customerHandles, customers, socialMentions } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import {
  countMentionInbox,
  createCustomerFromMention,
  dismissMention,
  linkMentionToCustomer,
  linkMentionToProduct,
  listMentionInbox,
  replyLimit,
  replyToMention,
} from "./mentions";

let db: Db;
let ids: { fifth: string; oak: string; maya: string; alicia: string };

function addMention(fields: Partial<typeof socialMentions.$inferInsert> & { storeId: string }) {
  const id = randomUUID();
  db.insert(socialMentions)
    .values({ id, network: "instagram", externalId: randomUUID(), handle: "newfan.nyc", text: "Love the window", url: "https://www.instagram.com/newfan.nyc/", postedAt: new Date(), kind: "comment", ...fields })
    .run();
  return id;
}

const changes = () => db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).all();
const mention = (id: string) => db.select().from(socialMentions).where(eq(socialMentions.id, id)).get();

beforeEach(() => {
  db = createTestDb();
  const fifth = createStore(db, { name: "Fifth Avenue", isFlagship: true }).id;
  const oak = createStore(db, { name: "Oak Street" }).id;
  const maya = createStaff(db, { storeId: fifth, name: "Maya Chen" }).id;
  const alicia = createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", homeStoreId: fifth });
  ids = { fifth, oak, maya, alicia };
});

describe("answering a post announces it to open pages", () => {
  it("a reply writes a change-feed row for the customer and store, in the same step", () => {
    const id = addMention({ storeId: ids.fifth, customerId: ids.alicia });
    expect(replyToMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, text: "We have it in a 6." })).toEqual({ ok: true });
    expect(changes()).toEqual([{ kind: "mention", customerId: ids.alicia, storeId: ids.fifth }]);
  });

  it("a dismissal writes one too, with no customer for an unmatched post", () => {
    const id = addMention({ storeId: ids.fifth });
    expect(dismissMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: true });
    expect(changes()).toEqual([{ kind: "mention", customerId: null, storeId: ids.fifth }]);
  });

  it("a refusal (another store, or already answered) writes none", () => {
    const id = addMention({ storeId: ids.fifth, customerId: ids.alicia });
    expect(dismissMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.oak })).toEqual({ ok: false, reason: "not_found" });
    expect(changes()).toEqual([]);
    dismissMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth });
    expect(replyToMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, text: "Late" })).toEqual({ ok: false, reason: "closed" });
    expect(changes()).toHaveLength(1);
  });

  it("linking a product writes a change-feed row", () => {
    const id = addMention({ storeId: ids.fifth, customerId: ids.alicia });
    const { productId } = createVariantInStock(db, { storeId: ids.fifth, onHand: 1 });
    expect(linkMentionToProduct(db, { mentionId: id, productId, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: true });
    expect(mention(id)?.productId).toBe(productId);
    expect(changes()).toEqual([{ kind: "mention", customerId: ids.alicia, storeId: ids.fifth }]);
    expect(linkMentionToProduct(db, { mentionId: id, productId: "forged", staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: false, reason: "not_found" });
    expect(changes()).toHaveLength(1);
  });
});

describe("reply length", () => {
  it("is the post's own network's limit, counted in characters", () => {
    expect(replyLimit("x")).toEqual({ network: "X", max: 280 });
    expect(replyLimit("instagram")).toEqual({ network: "Instagram", max: 2200 });
    const onX = addMention({ storeId: ids.fifth, network: "x" });
    const onInstagram = addMention({ storeId: ids.fifth, network: "instagram" });
    const actor = { staffId: ids.maya, storeId: ids.fifth };
    expect(replyToMention(db, { ...actor, mentionId: onX, text: "x".repeat(281) })).toEqual({ ok: false, reason: "too_long", limit: { network: "X", max: 280 } });
    expect(mention(onX)?.status).toBe("new");
    // 280 emoji are 560 UTF-16 units but 280 characters, as X counts them.
    expect(replyToMention(db, { ...actor, mentionId: onX, text: "👍".repeat(280) })).toEqual({ ok: true });
    expect(replyToMention(db, { ...actor, mentionId: onInstagram, text: "y".repeat(2201) })).toMatchObject({ ok: false, reason: "too_long", limit: { network: "Instagram", max: 2200 } });
    expect(replyToMention(db, { ...actor, mentionId: onInstagram, text: "y".repeat(2200) })).toEqual({ ok: true });
  });
});

describe("countMentionInbox", () => {
  it("counts every new post at the store, while the inbox shows at most its limit, oldest first", async () => {
    const start = Date.UTC(2026, 2, 1);
    for (let i = 0; i < 5; i++) addMention({ storeId: ids.fifth, postedAt: new Date(start + i * 60_000), text: `Post ${i}` });
    addMention({ storeId: ids.fifth, status: "replied" });
    addMention({ storeId: ids.oak });
    expect(await countMentionInbox(db, { storeId: ids.fifth })).toBe(5);
    expect((await listMentionInbox(db, { storeId: ids.fifth, limit: 3 })).map((m) => m.text)).toEqual(["Post 0", "Post 1", "Post 2"]);
    expect(await countMentionInbox(db, { storeId: randomUUID() })).toBe(0);
  });
});

describe("races on unique values end in a clear refusal, never an error", () => {
  const newCustomer = { firstName: "Nia", lastName: "Okoro", email: "nia@example.com", handle: "newfan.nyc" };

  it("an email taken (in any case) refuses the new customer and writes nothing", () => {
    const id = addMention({ storeId: ids.fifth });
    const before = db.select().from(customers).all().length;
    expect(createCustomerFromMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, customer: { ...newCustomer, email: "Alicia@Example.com" } })).toEqual({ ok: false, reason: "email_taken" });
    expect(db.select().from(customers).all()).toHaveLength(before);
    expect([db.select().from(customerHandles).all(), db.select().from(auditLog).all(), changes()]).toEqual([[], [], []]);
  });

  it("a handle a colleague claims between the check and the insert rolls the new customer back", () => {
    const id = addMention({ storeId: ids.fifth });
    // Stands in for another tablet's transaction landing in between: as soon as
    // our customer row is written, someone else takes the handle.
    db.run(
      sql.raw(
        `create trigger colleague_takes_handle after insert on customers when new.last_name = 'Okoro' begin insert into customer_handles (id, customer_id, network, handle, created_at) values ('race', '${ids.alicia}', 'instagram', 'newfan.nyc', 0); end`,
      ),
    );
    const before = db.select().from(customers).all().length;
    expect(createCustomerFromMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, customer: newCustomer })).toEqual({ ok: false, reason: "handle_taken" });
    expect(db.select().from(customers).all()).toHaveLength(before);
    expect(mention(id)?.customerId).toBeNull();
    expect([db.select().from(auditLog).all(), changes()]).toEqual([[], []]);
  });

  it("a post a colleague links between the check and the update is refused as already linked, and our writes undone", () => {
    const id = addMention({ storeId: ids.fifth });
    const other = createCustomer(db, { firstName: "Nia", lastName: "Fan", homeStoreId: ids.fifth });
    db.run(sql.raw(`create trigger colleague_links_post after insert on customer_handles when new.customer_id = '${ids.alicia}' begin update social_mentions set customer_id = '${other}' where id = '${id}'; end`));
    expect(linkMentionToCustomer(db, { mentionId: id, customerId: ids.alicia, staffId: ids.maya, storeId: ids.fifth })).toEqual({ ok: false, reason: "already_linked" });
    expect(db.select().from(customerHandles).where(eq(customerHandles.customerId, ids.alicia)).all()).toEqual([]);
    expect([db.select().from(auditLog).all(), changes()]).toEqual([[], []]);
  });

  it("a handle another customer has already is left with them, and only this post is linked", () => {
    const id = addMention({ storeId: ids.fifth });
    const owner = createCustomer(db, { firstName: "Nia", lastName: "Fan", handles: [["instagram", "newfan.nyc"]] });
    expect(linkMentionToCustomer(db, { mentionId: id, customerId: ids.alicia, staffId: ids.maya, storeId: ids.fifth })).toMatchObject({ ok: true, handle: "taken", alsoLinked: 0 });
    expect(db.select({ customerId: customerHandles.customerId }).from(customerHandles).all()).toEqual([{ customerId: owner }]);
    expect(changes()).toEqual([{ kind: "mention", customerId: ids.alicia, storeId: ids.fifth }]);
  });

  it("creating a customer from a post announces it for the new customer", () => {
    const id = addMention({ storeId: ids.fifth });
    const created = createCustomerFromMention(db, { mentionId: id, staffId: ids.maya, storeId: ids.fifth, customer: newCustomer });
    expect(created).toMatchObject({ ok: true });
    expect(changes()).toEqual([{ kind: "mention", customerId: created.ok ? created.customerId : "none", storeId: ids.fifth }]);
  });
});
