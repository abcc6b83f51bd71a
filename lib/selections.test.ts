import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, changeFeed, customerPreferences, customers, holds, linkResponses, outbox, purchaseLines, purchases, selectionItems, selections } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { placeHold } from "./holds";
import { listQuestions, openCustomerLink } from "./customer-links";
import { listConversation } from "./conversations";
import { suggestSetAsides } from "./suggestions";
import { addToSelection, listSelections, removeFromSelection, respondToSelectionItem, selectionCredits, selectionForLink, selectionItemsToPrepare, sendSelection, MAX_SELECTION_ITEMS } from "./selections";

const HOURS = { mon: "10:00-20:00", tue: "10:00-20:00", wed: "10:00-20:00", thu: "10:00-20:00", fri: "10:00-20:00", sat: "10:00-20:00", sun: "10:00-20:00" };
const now = new Date("2026-11-23T15:00:00Z");
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
let db: Db;
let ctx: { storeId: string; otherStoreId: string; staffId: string; colleagueId: string; customerId: string; variants: Array<{ productId: string; variantId: string }> };

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue", openingHours: HOURS });
  const other = await createStore(db, { name: "Oak Street", city: "Chicago", openingHours: HOURS });
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const colleagueId = (await createStaff(db, { storeId: store.id, name: "Daniel Park" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  await db.insert(customerPreferences).values({ customerId, sizes: { coats: "M" }, colours: ["blue"], updatedAt: now });
  const variants = [];
  for (let i = 0; i < 3; i++) variants.push(await createVariantInStock(db, { storeId: store.id, onHand: 1 }));
  ctx = { storeId: store.id, otherStoreId: other.id, staffId, colleagueId, customerId, variants };
});

const me = () => ({ customerId: ctx.customerId, storeId: ctx.storeId, staffId: ctx.staffId });

async function sendThree() {
  const ids: string[] = [];
  for (const v of ctx.variants) {
    const added = await addToSelection(db, { ...me(), variantId: v.variantId, now });
    if (!added.ok) throw new Error(added.reason);
    ids.push(added.itemId);
  }
  const sent = await sendSelection(db, { ...me(), message: "Hi Alicia, a few things for the new season.", lines: Object.fromEntries(ids.map((id, i) => [id, `Line ${i + 1}`])), channel: "email", baseUrl: "https://shop.example", now });
  if (!sent.ok) throw new Error(sent.reason);
  return { ...sent, itemIds: ids };
}

describe("building a selection", () => {
  it("keeps one unsent selection per associate and customer, refusing other sizes, held products, repeats and a thirteenth item", async () => {
    const [first, second] = ctx.variants;
    expect(await addToSelection(db, { ...me(), variantId: first!.variantId, now })).toMatchObject({ ok: true });
    expect(await addToSelection(db, { ...me(), variantId: first!.variantId, now })).toEqual({ ok: false, reason: "already_chosen" });
    const large = await createVariantInStock(db, { storeId: ctx.storeId, onHand: 3, size: "L" });
    expect(await addToSelection(db, { ...me(), variantId: large.variantId, now })).toEqual({ ok: false, reason: "not_her_size" });
    expect(await addToSelection(db, { ...me(), variantId: "no-such-variant", now })).toEqual({ ok: false, reason: "not_found" });
    const held = await placeHold(db, { customerId: ctx.customerId, variantId: second!.variantId, storeId: ctx.storeId, staffId: ctx.staffId, days: 2, idempotencyKey: "k", now });
    expect(held.ok).toBe(true);
    expect(await addToSelection(db, { ...me(), variantId: second!.variantId, now })).toEqual({ ok: false, reason: "already_held" });
    for (let i = 1; i < MAX_SELECTION_ITEMS; i++) {
      const v = await createVariantInStock(db, { storeId: ctx.storeId, onHand: 1 });
      expect(await addToSelection(db, { ...me(), variantId: v.variantId, now })).toMatchObject({ ok: true });
    }
    const extra = await createVariantInStock(db, { storeId: ctx.storeId, onHand: 1 });
    expect(await addToSelection(db, { ...me(), variantId: extra.variantId, now })).toEqual({ ok: false, reason: "full" });
    expect(await db.select().from(selections)).toHaveLength(1);
    // A colleague's selection for her is their own.
    expect(await addToSelection(db, { ...me(), staffId: ctx.colleagueId, variantId: extra.variantId, now })).toMatchObject({ ok: true });
    expect(await db.select().from(selections)).toHaveLength(2);
  });

  it("starts one selection when two tabs add its first items at once", async () => {
    const added = await Promise.all(ctx.variants.map((v) => addToSelection(db, { ...me(), variantId: v.variantId, now })));
    expect(added.every((a) => a.ok)).toBe(true);
    expect(await db.select().from(selections)).toHaveLength(1);
    expect(await db.select().from(selectionItems)).toHaveLength(3);
  });

  it("removes only from the associate's own unsent selection", async () => {
    const added = await addToSelection(db, { ...me(), variantId: ctx.variants[0]!.variantId, now });
    if (!added.ok) throw new Error(added.reason);
    expect(await removeFromSelection(db, { ...me(), staffId: ctx.colleagueId, itemId: added.itemId })).toEqual({ ok: false, reason: "not_found" });
    expect(await removeFromSelection(db, { ...me(), itemId: added.itemId })).toEqual({ ok: true });
    expect(await db.select().from(selectionItems)).toHaveLength(0);
  });

  it("sends it in her conversation with a private link, each item with its line, and refuses an item held for her meanwhile", async () => {
    const sent = await sendThree();
    const [message] = (await db.select().from(outbox)) as [typeof outbox.$inferSelect];
    expect(message).toMatchObject({ channel: "email", recipient: "alicia@example.com", linkId: sent.linkId, subject: "Alicia, I picked a few things for you" });
    expect(message.body).toContain("See what I picked for you: [private link]");
    expect(message.body).not.toContain(sent.token);
    const thread = await listConversation(db, { customerId: ctx.customerId });
    expect(thread.some((t) => t.body.includes("a few things for the new season"))).toBe(true);
    const listed = await listSelections(db, { ...me() });
    expect(listed.draft).toBeNull();
    expect(listed.sent[0]!.items.map((i) => i.line)).toEqual(["Line 1", "Line 2", "Line 3"]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "selection.sent"));
    expect(audit).toHaveLength(1);

    // Her page opens on it.
    const view = await openCustomerLink(db, { token: sent.token, userAgent: "iPhone Safari/1", now: later(1) });
    expect(view.state).toBe("active");
    const selection = await selectionForLink(db, { linkId: sent.linkId });
    expect(selection?.items).toHaveLength(3);
    expect(selection?.associateFirstName).toBe("Maya");

    const next = await createVariantInStock(db, { storeId: ctx.storeId, onHand: 1 });
    const added = await addToSelection(db, { ...me(), variantId: next.variantId, now });
    if (!added.ok) throw new Error(added.reason);
    await placeHold(db, { customerId: ctx.customerId, variantId: next.variantId, storeId: ctx.storeId, staffId: ctx.colleagueId, days: 2, idempotencyKey: "k2", now });
    expect(await sendSelection(db, { ...me(), message: "Hi", lines: {}, channel: "email", baseUrl: "https://shop.example", now })).toEqual({ ok: false, reason: "already_held", itemIds: [added.itemId] });
    expect(await db.select().from(outbox)).toHaveLength(1);
  });

  it("sends nothing without consent on the channel or without items", async () => {
    expect(await sendSelection(db, { ...me(), message: "Hi", lines: {}, channel: "email", baseUrl: "https://shop.example", now })).toEqual({ ok: false, reason: "empty" });
    await addToSelection(db, { ...me(), variantId: ctx.variants[0]!.variantId, now });
    expect(await sendSelection(db, { ...me(), message: "Hi", lines: {}, channel: "sms", baseUrl: "https://shop.example", now })).toEqual({ ok: false, reason: "no_consent" });
    expect(await db.select().from(outbox)).toHaveLength(0);
    expect((await listSelections(db, me())).draft?.items).toHaveLength(1);
  });
});

describe("her answers", () => {
  it("holds an item once, in the sender's name, even when tapped twice at once, and shows it with her holds", async () => {
    const sent = await sendThree();
    const itemId = sent.itemIds[0]!;
    const answers = await Promise.all([1, 2].map(() => respondToSelectionItem(db, { token: sent.token, itemId, answer: { kind: "hold" }, now: later(5) })));
    expect(answers.every((a) => a.ok && a.response === "held")).toBe(true);
    const placed = await db.select().from(holds);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ staffId: ctx.staffId, customerId: ctx.customerId, variantId: ctx.variants[0]!.variantId, status: "active" });
    const [item] = await db.select().from(selectionItems).where(eq(selectionItems.id, itemId));
    expect(item).toMatchObject({ response: "held", holdId: placed[0]!.id });
    const view = await openCustomerLink(db, { token: sent.token, userAgent: null, now: later(6) });
    expect(view.state === "active" && view.items?.map((i) => i.holdId)).toEqual([placed[0]!.id]);
    expect((await db.select().from(changeFeed)).some((c) => c.kind === "response" && c.customerId === ctx.customerId)).toBe(true);
    // Having held it, she cannot also decline it.
    expect(await respondToSelectionItem(db, { token: sent.token, itemId, answer: { kind: "not_for_me" }, now: later(7) })).toEqual({ ok: false, reason: "answered" });
  });

  it("says where and when when no unit is free in her size, and holds nothing", async () => {
    const sent = await sendThree();
    const { variantId } = ctx.variants[1]!;
    const other = await createCustomer(db, { firstName: "Sam", lastName: "Lee" });
    const theirs = await placeHold(db, { customerId: other, variantId, storeId: ctx.storeId, staffId: ctx.colleagueId, days: 3, idempotencyKey: "other", now });
    if (!theirs.ok) throw new Error("setup");
    const { storeStock } = await import("@/db/schema");
    await db.insert(storeStock).values({ storeId: ctx.otherStoreId, variantId, onHand: 2 });
    const answer = await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[1]!, answer: { kind: "hold" }, now: later(5) });
    expect(answer.ok).toBe(false);
    if (answer.ok || answer.reason !== "unavailable") throw new Error("expected unavailable");
    expect(answer.elsewhere.stores).toEqual([{ name: "Oak Street", city: "Chicago", available: 2 }]);
    const [theirHold] = await db.select().from(holds).where(eq(holds.id, theirs.holdId));
    expect(answer.elsewhere.nextFreeAt).toEqual(theirHold!.expiresAt);
    expect(await db.select().from(holds).where(eq(holds.customerId, ctx.customerId))).toHaveLength(0);
    const [item] = await db.select().from(selectionItems).where(eq(selectionItems.id, sent.itemIds[1]!));
    expect(item?.response).toBeNull();
  });

  it("keeps 'not for me' with her reason, and suggestions leave that product out", async () => {
    const sent = await sendThree();
    const declined = ctx.variants[2]!;
    const before = await suggestSetAsides(db, { customerId: ctx.customerId, storeId: ctx.storeId, now: later(5) });
    expect(before.map((s) => s.productId)).toContain(declined.productId);
    const answer = await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[2]!, answer: { kind: "not_for_me", reason: "Too long for me" }, now: later(5) });
    expect(answer).toEqual({ ok: true, response: "not_for_me" });
    const [item] = await db.select().from(selectionItems).where(eq(selectionItems.id, sent.itemIds[2]!));
    expect(item).toMatchObject({ response: "not_for_me", reason: "Too long for me" });
    const after = await suggestSetAsides(db, { customerId: ctx.customerId, storeId: ctx.storeId, now: later(6) });
    expect(after.map((s) => s.productId)).not.toContain(declined.productId);
    expect(after.length).toBe(before.length - 1);
  });

  it("puts a question about an item into her conversation, where staff answer it", async () => {
    const sent = await sendThree();
    const answer = await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[0]!, answer: { kind: "ask", text: "Does it run small?" }, now: later(5) });
    expect(answer).toEqual({ ok: true, response: "asked" });
    const [question] = await db.select().from(linkResponses);
    expect(question).toMatchObject({ kind: "question", detail: "About the Test Coat: Does it run small?", linkId: sent.linkId });
    expect((await listQuestions(db, { linkId: sent.linkId }))[0]?.text).toBe("About the Test Coat: Does it run small?");
    const [item] = await db.select().from(selectionItems).where(eq(selectionItems.id, sent.itemIds[0]!));
    expect(item).toMatchObject({ response: "asked", reason: "Does it run small?" });
  });

  it("answers only an item of this link's selection, and only while the link is active", async () => {
    const sent = await sendThree();
    const another = await addToSelection(db, { ...me(), staffId: ctx.colleagueId, variantId: ctx.variants[0]!.variantId, now });
    if (!another.ok) throw new Error(another.reason);
    expect(await respondToSelectionItem(db, { token: sent.token, itemId: another.itemId, answer: { kind: "hold" }, now: later(5) })).toEqual({ ok: false, reason: "not_found" });
    expect(await respondToSelectionItem(db, { token: "x".repeat(43), itemId: sent.itemIds[0]!, answer: { kind: "hold" }, now: later(5) })).toEqual({ ok: false, reason: "inactive" });
    expect(await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[0]!, answer: { kind: "hold" }, now: later(15 * 24 * 60) })).toEqual({ ok: false, reason: "inactive" });
    expect(await db.select().from(holds)).toHaveLength(0);
  });
});

describe("what to prepare for her visit", () => {
  it("lists the items she has neither held nor turned down, from selections of the last 30 days at this store", async () => {
    const sent = await sendThree();
    await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[0]!, answer: { kind: "hold" }, now: later(5) });
    await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[1]!, answer: { kind: "not_for_me" }, now: later(5) });
    const ready = await selectionItemsToPrepare(db, { storeId: ctx.storeId, customerIds: [ctx.customerId], now: later(10) });
    expect(ready.get(ctx.customerId)).toEqual([expect.objectContaining({ size: "M", asked: false })]);
    expect(await selectionItemsToPrepare(db, { storeId: ctx.otherStoreId, customerIds: [ctx.customerId], now: later(10) })).toEqual(new Map());
    expect(await selectionItemsToPrepare(db, { storeId: ctx.storeId, customerIds: [ctx.customerId], now: new Date(now.getTime() + 31 * 86_400_000) })).toEqual(new Map());
  });
});

describe("selectionCredits", () => {
  it("credits the sender with the opens, holds and purchases that followed, in the period", async () => {
    const sent = await sendThree();
    await openCustomerLink(db, { token: sent.token, userAgent: null, now: later(1) });
    await openCustomerLink(db, { token: sent.token, userAgent: null, now: later(2) });
    await respondToSelectionItem(db, { token: sent.token, itemId: sent.itemIds[0]!, answer: { kind: "hold" }, now: later(3) });
    const buy = async (productId: string, variantId: string, at: Date) => {
      const purchaseId = randomUUID();
      await db.insert(purchases).values({ id: purchaseId, customerId: ctx.customerId, channel: "online", orderRef: `O-${purchaseId.slice(0, 6)}`, totalCents: 50000, purchasedAt: at });
      await db.insert(purchaseLines).values({ id: randomUUID(), purchaseId, productId, variantId, description: "Test Coat", quantity: 1, unitPriceCents: 50000 });
    };
    await buy(ctx.variants[1]!.productId, ctx.variants[1]!.variantId, later(60));
    // Bought before the selection was sent, and an unselected product: neither counts.
    await buy(ctx.variants[2]!.productId, ctx.variants[2]!.variantId, later(-60));
    const other = await createVariantInStock(db, { storeId: ctx.storeId, onHand: 1 });
    await buy(other.productId, other.variantId, later(90));

    const credits = await selectionCredits(db, { storeId: ctx.storeId, from: later(-24 * 60), to: later(24 * 60) });
    expect(credits).toEqual([{ staffId: ctx.staffId, name: "Maya Chen", sent: 1, views: 2, holds: 1, purchases: 1, purchaseCents: 50000 }]);
    expect(await selectionCredits(db, { storeId: ctx.storeId, from: later(24 * 60), to: later(48 * 60) })).toEqual([]);
    expect(await selectionCredits(db, { storeId: ctx.otherStoreId, from: later(-24 * 60), to: later(24 * 60) })).toEqual([]);
  });
});
