import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, changeFeed, contacts, customerHandles, customers, inboundMessages, products, socialMentions } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import { findCustomerIds } from "@/lib/customer-search";

// Server actions run for real against a test database; only the session and
// Next's navigation/cache functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { linkMentionCustomerAction, createMentionCustomerAction, noteReplyAction, dismissMentionAction, linkMentionProductAction, findMentionProductsAction, assignMessageAction, dismissMessageAction } = await import("./actions");
const { keepTyped } = await import("./keep-typed");

let db: Db;
let ids: { fifth: string; oak: string; maya: string; oakAssociate: string; alicia: string; mention: string };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

async function addMention(db: Db, fields: Partial<typeof socialMentions.$inferInsert> & { storeId: string }) {
  const id = randomUUID();
  const externalId = fields.externalId ?? randomUUID();
  await db
    .insert(socialMentions)
    .values({ id, network: "instagram", externalId, handle: "newfan.nyc", text: "Love the window", url: "https://www.instagram.com/newfan.nyc/", postedAt: new Date(), kind: "comment", ...fields });
  return id;
}

const mention = async (id = ids.mention) => (await db.select().from(socialMentions).where(eq(socialMentions.id, id)).limit(1))[0];
const rowCount = async (table: typeof customers | typeof customerHandles | typeof auditLog | typeof changeFeed | typeof contacts) => (await db.select().from(table)).length;
/** Everything these actions may write, to show a refusal wrote none of it. */
const snapshot = async () => ({
  mentions: await db.select({ id: socialMentions.id, customerId: socialMentions.customerId, status: socialMentions.status }).from(socialMentions).orderBy(socialMentions.id),
  customers: await rowCount(customers),
  handles: await rowCount(customerHandles),
  audit: await rowCount(auditLog),
  changes: await rowCount(changeFeed),
  contacts: await rowCount(contacts),
});

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue", isFlagship: true })).id;
  const oak = (await createStore(db, { name: "Oak Street" })).id;
  const maya = (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id;
  const oakAssociate = (await createStaff(db, { storeId: oak, name: "Hannah Lewis" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia.fernandez@gmail.com", homeStoreId: fifth, handles: [["x", "aliciafdz"]] });
  const mentionId = await addMention(db, { storeId: fifth });
  ids = { fifth, oak, maya, oakAssociate, alicia, mention: mentionId };
  testSession.current = null;
});

describe("linkMentionCustomerAction", () => {
  const valid = () => ({ mentionId: ids.mention, customerId: ids.alicia });

  it("refuses a caller without a session and changes nothing", async () => {
    const before = await snapshot();
    expect(await linkMentionCustomerAction({}, form(valid()))).toEqual({ message: expect.stringMatching(/session has ended/) });
    expect(await snapshot()).toEqual(before);
  });

  it("returns field errors for invalid input and changes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    expect((await linkMentionCustomerAction({}, form({ mentionId: ids.mention }))).fieldErrors).toHaveProperty("customerId");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a post in another store's inbox and changes nothing", async () => {
    testSession.current = { user: { id: ids.oakAssociate } };
    const before = await snapshot();
    expect(await linkMentionCustomerAction({}, form(valid()))).toEqual({ message: "This post is not in your store's inbox." });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an unknown customer and changes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    expect(await linkMentionCustomerAction({}, form({ ...valid(), customerId: "forged" }))).toEqual({ message: "That customer no longer exists." });
    expect(await snapshot()).toEqual(before);
  });

  it("links the post, gives the customer its handle, links their other unmatched posts here, and audits it", async () => {
    const second = await addMention(db, { storeId: ids.fifth, text: "Back again" });
    const elsewhere = await addMention(db, { storeId: ids.oak, text: "Visiting Chicago" });
    testSession.current = { user: { id: ids.maya } };
    const result = await linkMentionCustomerAction({}, form(valid()));
    expect(result).toEqual({ ok: true, message: expect.stringMatching(/^Linked to Alicia Fernández\. The handle is on .*One more post/) });
    expect([(await mention())?.customerId, (await mention(second))?.customerId, (await mention(elsewhere))?.customerId]).toEqual([ids.alicia, ids.alicia, null]);
    expect(await db.select({ network: customerHandles.network, handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, ids.alicia))).toEqual(
      expect.arrayContaining([{ network: "instagram", handle: "newfan.nyc" }]),
    );
    // Reindexed in the same transaction: the new handle finds her.
    expect(await findCustomerIds(db, { query: "newfan" })).toEqual([ids.alicia]);
    expect(await db.select().from(auditLog)).toEqual([expect.objectContaining({ action: "mention.customer_linked", staffId: ids.maya, storeId: ids.fifth, targetId: ids.mention, customerId: ids.alicia })]);
    expect(await db.select().from(changeFeed).orderBy(changeFeed.seq)).toEqual([expect.objectContaining({ kind: "mention", customerId: ids.alicia, storeId: ids.fifth })]);
    // Linked once: a second try is refused.
    expect(await linkMentionCustomerAction({}, form(valid()))).toEqual({ message: expect.stringMatching(/already linked/) });
  });

  it("links only this post when another customer has the handle already", async () => {
    const owner = await createCustomer(db, { firstName: "Nia", lastName: "Fan", handles: [["instagram", "newfan.nyc"]] });
    const second = await addMention(db, { storeId: ids.fifth });
    testSession.current = { user: { id: ids.maya } };
    expect(await linkMentionCustomerAction({}, form(valid()))).toEqual({ ok: true, message: expect.stringMatching(/belongs to another customer/) });
    expect([(await mention())?.customerId, (await mention(second))?.customerId]).toEqual([ids.alicia, null]);
    expect(await db.select({ customerId: customerHandles.customerId }).from(customerHandles).where(eq(customerHandles.handle, "newfan.nyc"))).toEqual([{ customerId: owner }]);
  });
});

describe("createMentionCustomerAction", () => {
  const valid = () => ({ mentionId: ids.mention, firstName: " Nia ", lastName: "Okoro", email: "Nia.Okoro@Example.com", phone: "(212) 555-0199", handle: "newfan.nyc" });

  it("refuses a caller without a session and changes nothing", async () => {
    const before = await snapshot();
    expect(await createMentionCustomerAction({}, form(valid()))).toEqual({ message: expect.stringMatching(/session has ended/) });
    expect(await snapshot()).toEqual(before);
  });

  it("returns field errors for invalid input, keeps what was typed and changes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    const result = await createMentionCustomerAction({}, form({ ...valid(), firstName: "  ", email: "not-an-email", phone: "12" }));
    expect(result.fieldErrors).toMatchObject({ firstName: [expect.stringMatching(/first name/)], email: [expect.stringMatching(/email/)], phone: [expect.stringMatching(/area code/)] });
    expect(result.values).toMatchObject({ lastName: "Okoro", email: "not-an-email", phone: "12" });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a post in another store's inbox and changes nothing", async () => {
    testSession.current = { user: { id: ids.oakAssociate } };
    const before = await snapshot();
    expect(await createMentionCustomerAction({}, form(valid()))).toMatchObject({ message: "This post is not in your store's inbox." });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an email another customer has, saying where, and changes nothing; handles count per network", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    const email = await createMentionCustomerAction({}, form({ ...valid(), email: "ALICIA.fernandez@gmail.com" }));
    expect(email.fieldErrors).toEqual({ email: [expect.stringMatching(/exists already/)] });
    expect(email.values).toMatchObject({ firstName: "Nia" });
    expect(await snapshot()).toEqual(before);
    const handle = await createMentionCustomerAction({}, form({ ...valid(), handle: "@AliciaFdz" }));
    // Handles are per network: her X handle is free on Instagram.
    expect(handle.ok).toBe(true);
    expect((await snapshot()).customers).toBe(before.customers + 1);
  });

  it("creates the customer at the caller's store with the post and handle, searchable at once", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect(await createMentionCustomerAction({}, form(valid()))).toEqual({ ok: true, message: expect.stringMatching(/^Nia Okoro is a customer of Fifth Avenue now/) });
    const created = (await db.select().from(customers).where(eq(customers.lastName, "Okoro")))[0];
    expect(created).toMatchObject({ firstName: "Nia", email: "nia.okoro@example.com", phone: "+12125550199", homeStoreId: ids.fifth });
    expect((await mention())?.customerId).toBe(created?.id);
    expect(await db.select({ handle: customerHandles.handle, network: customerHandles.network }).from(customerHandles).where(eq(customerHandles.customerId, created!.id))).toEqual([{ handle: "newfan.nyc", network: "instagram" }]);
    expect(await findCustomerIds(db, { query: "nia okoro" })).toEqual([created?.id]);
    expect((await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action).sort()).toEqual(["customer.created", "mention.customer_linked"]);
    // The same handle now belongs to her: a second customer cannot take it.
    const other = await addMention(db, { storeId: ids.fifth, handle: "someone.else" });
    expect((await createMentionCustomerAction({}, form({ ...valid(), mentionId: other, email: "" }))).fieldErrors).toEqual({ handle: [expect.stringMatching(/Another customer/)] });
  });

  it("gives the new customer the handle typed in the form, not the post's, when staff changed it", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect((await createMentionCustomerAction({}, form({ ...valid(), handle: "@Nia.Okoro" }))).ok).toBe(true);
    const created = (await db.select().from(customers).where(eq(customers.lastName, "Okoro")))[0]!;
    expect((await mention())?.customerId).toBe(created.id);
    expect(await db.select({ handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, created.id))).toEqual([{ handle: "nia.okoro" }]);
  });
});

describe("noteReplyAction (an answer given on the network itself)", () => {
  it("records a contact with the customer when the post is theirs, in the same step", async () => {
    const theirs = await addMention(db, { storeId: ids.fifth, customerId: ids.alicia });
    testSession.current = { user: { id: ids.maya } };
    expect(await noteReplyAction({}, form({ mentionId: theirs, text: "It is, and we have your size." }))).toEqual({ ok: true, message: "Your answer is noted; nothing was sent from Shopkeeper." });
    expect(await db.select().from(contacts)).toEqual([expect.objectContaining({ kind: "mention_reply", customerId: ids.alicia, staffId: ids.maya, storeId: ids.fifth })]);
  });

  it("records no contact for a post nobody is linked to, nor for another store's post", async () => {
    const theirs = await addMention(db, { storeId: ids.fifth, customerId: ids.alicia });
    testSession.current = { user: { id: ids.oakAssociate } };
    expect(await noteReplyAction({}, form({ mentionId: theirs, text: "Hello" }))).toEqual({ message: "This post is not in your store's inbox." });
    testSession.current = { user: { id: ids.maya } };
    expect(await noteReplyAction({}, form({ mentionId: ids.mention, text: "Thank you!" }))).toMatchObject({ ok: true });
    expect((await mention())?.status).toBe("replied");
    expect(await db.select().from(contacts)).toEqual([]);
  });
});

describe("reply length and what was typed", () => {
  it("holds a reply to the post's own network's limit, names the network, and gives the text back", async () => {
    const onX = await addMention(db, { storeId: ids.fifth, network: "x", handle: "newfan" });
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    const tooLongForX = await noteReplyAction({}, form({ mentionId: onX, text: "x".repeat(281) }));
    expect(tooLongForX).toEqual({ message: expect.any(String), fieldErrors: { text: ["A reply on X is at most 280 characters."] }, values: { text: "x".repeat(281) } });
    expect(await snapshot()).toEqual(before);
    // The same length is fine on Instagram, up to its own 2,200.
    expect(await noteReplyAction({}, form({ mentionId: ids.mention, text: "x".repeat(281) }))).toEqual({ ok: true, message: "Your answer is noted; nothing was sent from Shopkeeper." });
    const other = await addMention(db, { storeId: ids.fifth });
    expect((await noteReplyAction({}, form({ mentionId: other, text: "y".repeat(2201) }))).fieldErrors).toEqual({ text: ["A reply on Instagram is at most 2,200 characters."] });
  });

  it("keeps the typed reply when a colleague answered first", async () => {
    testSession.current = { user: { id: ids.maya } };
    await dismissMentionAction({}, form({ mentionId: ids.mention }));
    const reply = keepTyped(noteReplyAction, ["text"]);
    expect(await reply({}, form({ mentionId: ids.mention, text: "Thank you!" }))).toEqual({ message: expect.stringMatching(/already answered/), values: { text: "Thank you!" } });
  });

  it("keeps the typed reply through an ended session, which answers before reading any field", async () => {
    const reply = keepTyped(noteReplyAction, ["text"]);
    expect(await reply({}, form({ mentionId: ids.mention, text: "See you Saturday" }))).toEqual({ message: expect.stringMatching(/session has ended/), values: { text: "See you Saturday" } });
    testSession.current = { user: { id: ids.maya } };
    expect(await reply({}, form({ mentionId: ids.mention, text: "See you Saturday" }))).toEqual({ ok: true, message: "Your answer is noted; nothing was sent from Shopkeeper." });
  });
});

describe("answers reach other tablets", () => {
  it("reply, dismissal and product link each write a change-feed row for the store and customer", async () => {
    const theirs = await addMention(db, { storeId: ids.fifth, customerId: ids.alicia });
    const { productId } = await createVariantInStock(db, { storeId: ids.fifth, onHand: 1 });
    testSession.current = { user: { id: ids.maya } };
    expect(await linkMentionProductAction({}, form({ mentionId: theirs, customerId: ids.alicia, productId }))).toMatchObject({ ok: true });
    expect(await noteReplyAction({}, form({ mentionId: theirs, customerId: ids.alicia, text: "We have it." }))).toMatchObject({ ok: true });
    expect(await dismissMentionAction({}, form({ mentionId: ids.mention }))).toMatchObject({ ok: true });
    expect(await db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).orderBy(changeFeed.seq)).toEqual([
      { kind: "mention", customerId: ids.alicia, storeId: ids.fifth },
      { kind: "mention", customerId: ids.alicia, storeId: ids.fifth },
      { kind: "mention", customerId: null, storeId: ids.fifth },
    ]);
  });
});

describe("findMentionProductsAction", () => {
  const coat = async () => {
    const { productId } = await createVariantInStock(db, { storeId: ids.oak, onHand: 1 });
    await db.update(products).set({ name: "Milly Bonded Wool Coat", brand: "Milly", styleCode: "MIL-CT-001" }).where(eq(products.id, productId));
    return productId;
  };

  it("refuses a caller without a session", async () => {
    await coat();
    expect(await findMentionProductsAction({}, form({ q: "milly" }))).toEqual({ message: expect.stringMatching(/session has ended/) });
  });

  it("asks for two letters at least, keeping what was typed", async () => {
    testSession.current = { user: { id: ids.maya } };
    const result = await findMentionProductsAction({}, form({ q: " m " }));
    expect(result.fieldErrors).toEqual({ q: [expect.stringMatching(/two letters/)] });
    expect(result.values).toEqual({ q: " m " });
  });

  it("finds a few products from the whole catalogue by name, brand or style code", async () => {
    const id = await coat();
    for (let i = 0; i < 10; i++) await createVariantInStock(db, { storeId: ids.fifth, onHand: 1 });
    testSession.current = { user: { id: ids.maya } };
    expect(await findMentionProductsAction({}, form({ q: "mil-ct" }))).toEqual({
      ok: true,
      query: "mil-ct",
      values: { q: "mil-ct" },
      products: [{ id, name: "Milly Bonded Wool Coat", brand: "Milly", styleCode: "MIL-CT-001" }],
      limited: false,
    });
    const many = await findMentionProductsAction({}, form({ q: "test coat" }));
    expect(many).toMatchObject({ ok: true, limited: true });
    expect(many.products).toHaveLength(8);
  });
});

describe("assignMessageAction and dismissMessageAction (texts and emails in the inbox)", () => {
  const addText = async (storeId = ids.fifth) => {
    const id = randomUUID();
    await db.insert(inboundMessages).values({ id, storeId, customerId: ids.alicia, channel: "sms", sender: "+12125550123", body: "Can you hold it?", providerId: randomUUID(), status: "waiting", receivedAt: new Date() });
    return id;
  };
  const message = async (id: string) => (await db.select().from(inboundMessages).where(eq(inboundMessages.id, id)))[0]!;

  it("refuses without a session, with bad input, or from another store, and changes nothing", async () => {
    const id = await addText();
    expect(await dismissMessageAction({}, form({ messageId: id }))).toEqual({ message: expect.stringMatching(/session has ended/) });
    testSession.current = { user: { id: ids.maya } };
    expect(await assignMessageAction({}, form({ messageId: "", assignee: "me" }))).toMatchObject({ fieldErrors: { messageId: expect.any(Array) } });
    testSession.current = { user: { id: ids.oakAssociate } };
    expect(await dismissMessageAction({}, form({ messageId: id }))).toEqual({ message: "This message is not in your store's inbox." });
    expect(await assignMessageAction({}, form({ messageId: id, assignee: "me" }))).toEqual({ message: "This message is not in your store's inbox." });
    expect(await message(id)).toMatchObject({ status: "waiting", assignedStaffId: null });
    expect(await rowCount(auditLog)).toBe(0);
  });

  it("an associate claims a message but may not assign it to someone else; a manager may", async () => {
    const id = await addText();
    const daniel = (await createStaff(db, { storeId: ids.fifth, name: "Daniel Brooks" })).id;
    const manager = (await createStaff(db, { storeId: ids.fifth, name: "Priya Shah", role: "manager" })).id;
    testSession.current = { user: { id: ids.maya } };
    expect(await assignMessageAction({}, form({ messageId: id, assignee: daniel }))).toEqual({ message: expect.stringMatching(/Only a manager/) });
    expect((await message(id)).assignedStaffId).toBeNull();
    expect(await assignMessageAction({}, form({ messageId: id, assignee: "me" }))).toEqual({ ok: true, message: "Claimed: it is yours to answer." });
    expect((await message(id)).assignedStaffId).toBe(ids.maya);
    testSession.current = { user: { id: manager } };
    expect(await assignMessageAction({}, form({ messageId: id, assignee: daniel }))).toEqual({ ok: true, message: "Assigned to Daniel Brooks." });
    expect((await message(id)).assignedStaffId).toBe(daniel);
  });

  it("dismisses a waiting message once", async () => {
    const id = await addText();
    testSession.current = { user: { id: ids.maya } };
    expect(await dismissMessageAction({}, form({ messageId: id }))).toEqual({ ok: true, message: "Dismissed; no answer needed." });
    expect((await message(id)).status).toBe("dismissed");
    expect(await dismissMessageAction({}, form({ messageId: id }))).toEqual({ message: "A colleague has already answered or dismissed this message." });
  });
});
