import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customerPreferences, customers, erasureRequests, notes, preferenceChanges } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { placeHold } from "./holds";
import { sendLinkToCustomer } from "./customer-links";
import { applyPrivacyChange, correctPreferences, getPrivacyView } from "./customer-privacy";
import { updatePreferences } from "./preferences";
import { findCustomerIds } from "./customer-search";
import { recordAudit } from "./audit";

const now = new Date("2026-11-23T12:00:00Z");
let db: Db;
let ctx: { token: string; customerId: string; staffId: string; storeId: string; holdId: string };

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue" });
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "a@example.com", phone: "+12125550143", handles: [["x", "aliciafdz"]] });
  await db.update(customers).set({ consentEmail: true, consentSms: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
  const hold = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, expiresAt: new Date(now.getTime() + 86_400_000), idempotencyKey: "k", now });
  if (!hold.ok) throw new Error("setup");
  const link = await sendLinkToCustomer(db, { customerId, holdIds: [hold.holdId], channel: "email", message: "hi", staffId, storeId: store.id, baseUrl: "https://x", now });
  if (!link.ok) throw new Error("setup");
  await db.insert(notes).values({ id: "n1", customerId, staffId, storeId: store.id, body: "Private staff note", createdAt: now });
  await recordAudit(db, { staffId, storeId: store.id, action: "customer.viewed", targetType: "customer", targetId: customerId, customerId }, now);
  ctx = { token: link.token, customerId, staffId, storeId: store.id, holdId: hold.holdId };
});

describe("getPrivacyView", () => {
  it("shows contact, handles and who looked (first name and store), and never staff notes", async () => {
    const view = await getPrivacyView(db, { token: ctx.token, now });
    expect(view?.contact).toMatchObject({ email: "a@example.com", consentSms: true });
    expect(view?.handles.map((h) => h.handle)).toEqual(["aliciafdz"]);
    expect(view?.access).toEqual(expect.arrayContaining([expect.objectContaining({ who: "Maya, Fifth Avenue", what: "looked at your profile" })]));
    expect(JSON.stringify(view)).not.toContain("Private staff note");
    expect(JSON.stringify(view)).not.toContain("Chen");
  });
});

describe("applyPrivacyChange", () => {
  it("withdraws SMS consent so the store can no longer text her", async () => {
    expect(await applyPrivacyChange(db, { token: ctx.token, change: { kind: "withdraw", channel: "sms" }, now })).toEqual({ ok: true });
    expect((await db.select({ sms: customers.consentSms }).from(customers))[0]?.sms).toBe(false);
    expect(await sendLinkToCustomer(db, { customerId: ctx.customerId, holdIds: [ctx.holdId], channel: "sms", message: "hi", staffId: ctx.staffId, storeId: ctx.storeId, baseUrl: "https://x", now })).toEqual({ ok: false, reason: "no_consent" });
  });

  it("unlinks a handle, so lookup by it no longer finds her", async () => {
    expect(await findCustomerIds(db, { query: "@aliciafdz" })).toEqual([ctx.customerId]);
    const view = await getPrivacyView(db, { token: ctx.token, now });
    expect(await applyPrivacyChange(db, { token: ctx.token, change: { kind: "unlink", handleId: view!.handles[0]!.id }, now })).toEqual({ ok: true });
    expect(await findCustomerIds(db, { query: "@aliciafdz" })).toEqual([]);
    expect(await findCustomerIds(db, { query: "alicia" })).toEqual([ctx.customerId]);
  });

  it("records one erasure request due in 30 days, however often she asks", async () => {
    await applyPrivacyChange(db, { token: ctx.token, change: { kind: "erase" }, now });
    await applyPrivacyChange(db, { token: ctx.token, change: { kind: "erase" }, now });
    // Even twice at the same moment.
    await Promise.all([applyPrivacyChange(db, { token: ctx.token, change: { kind: "erase" }, now }), applyPrivacyChange(db, { token: ctx.token, change: { kind: "erase" }, now })]);
    expect(await db.select().from(erasureRequests)).toEqual([expect.objectContaining({ status: "open", dueAt: new Date(now.getTime() + 30 * 86_400_000) })]);
  });

  it("changes nothing through an inactive link or for someone else's handle", async () => {
    const before = (await db.select().from(auditLog)).length;
    expect(await applyPrivacyChange(db, { token: ctx.token, change: { kind: "withdraw", channel: "email" }, now: new Date(now.getTime() + 2 * 86_400_000) })).toEqual({ ok: false, reason: "inactive" });
    expect(await applyPrivacyChange(db, { token: ctx.token, change: { kind: "unlink", handleId: "forged" }, now })).toEqual({ ok: false, reason: "not_found" });
    expect((await db.select({ email: customers.consentEmail }).from(customers))[0]?.email).toBe(true);
    expect(await db.select().from(auditLog)).toHaveLength(before);
  });
});

describe("correctPreferences", () => {
  it("updates sizes, colours and budget, keeps the rest, and records the change with no staff member", async () => {
    await updatePreferences(db, { customerId: ctx.customerId, staffId: ctx.staffId, storeId: ctx.storeId, now, values: { sizes: { coats: "M" }, colours: ["Blue"], brands: ["Milly"], styles: ["statement"], dislikes: ["Sequins"], priceMinCents: 25000, priceMaxCents: 100000, freeText: "After 6pm" } });
    expect(await correctPreferences(db, { token: ctx.token, sizes: { coats: "L", shoes: "39" }, colours: ["Blue", "Ivory"], priceMinCents: 30000, priceMaxCents: 90000, now })).toEqual({ ok: true });
    expect((await db.select().from(customerPreferences))[0]).toMatchObject({ sizes: { coats: "L", shoes: "39" }, colours: ["Blue", "Ivory"], brands: ["Milly"], dislikes: ["Sequins"], freeText: "After 6pm", priceMaxCents: 90000 });
    const byCustomer = (await db.select().from(preferenceChanges)).filter((c) => c.staffId === null);
    expect(byCustomer.map((c) => c.field).sort()).toEqual(["colours", "priceMaxCents", "priceMinCents", "sizes"]);
  });

  it("changes nothing through an inactive link", async () => {
    expect(await correctPreferences(db, { token: ctx.token, sizes: {}, colours: [], priceMinCents: null, priceMaxCents: null, now: new Date(now.getTime() + 2 * 86_400_000) })).toEqual({ ok: false, reason: "inactive" });
    expect(await db.select().from(customerPreferences)).toHaveLength(0);
  });
});
