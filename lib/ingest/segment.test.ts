import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { anonymousIdentities, auditLog, changeFeed, customerSearchTerms, customers, onlineEvents, productVariants, products, purchaseLines, purchases } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import { getCustomerProfile } from "@/lib/customer-profile";
import { createSourceKey, type AuthenticatedSource } from "@/lib/source-keys";
import { ingestSegmentCalls, onlineEventTypeFor, parseSegmentMessage } from "./segment";

let db: Db;
let source: AuthenticatedSource;
let storeId: string;
let alicia: string;
let variant: { productId: string; variantId: string; sku: string; styleCode: string };
const receivedAt = new Date("2026-03-02T15:00:00Z");

const ingest = (calls: unknown[], extra: Partial<Parameters<typeof ingestSegmentCalls>[1]> = {}) => ingestSegmentCalls(db, { source, calls, receivedAt, ...extra });
const eventsOf = (customerId: string | null) =>
  db
    .select()
    .from(onlineEvents)
    .all()
    .filter((e) => e.customerId === customerId);

beforeEach(() => {
  db = createTestDb();
  const store = createStore(db, { name: "Fifth Avenue" });
  storeId = store.id;
  const grace = createStaff(db, { storeId, role: "manager" }).id;
  const key = createSourceKey(db, { storeId, staffId: grace, name: "Website" });
  source = { id: key.id, storeId, name: "Website" };
  alicia = createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", phone: "+12125550143", homeStoreId: storeId });
  db.update(customers).set({ externalId: "cust-1001" }).where(eq(customers.id, alicia)).run();
  const v = createVariantInStock(db, { storeId, onHand: 2 });
  const row = db
    .select({ sku: productVariants.sku, styleCode: products.styleCode })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.id, v.variantId))
    .get()!;
  variant = { ...v, ...row };
});

describe("parsing", () => {
  it("maps the e-commerce v2 names, forgiving case and underscores", () => {
    expect(onlineEventTypeFor("Product Viewed")).toBe("product_viewed");
    expect(onlineEventTypeFor("product_added")).toBe("cart_added");
    expect(onlineEventTypeFor("Product Added to Wishlist")).toBe("wishlist_added");
    expect(onlineEventTypeFor("Products Searched")).toBe("searched");
    expect(onlineEventTypeFor("Order Completed")).toBe("order_completed");
    expect(onlineEventTypeFor("Signed Up")).toBeNull();
  });

  it("reads traits' phone numbers and emails as the customer import does, dropping extensions and what cannot be one", () => {
    const traitsOf = (traits: Record<string, unknown>) => {
      const parsed = parseSegmentMessage({ type: "identify", userId: "u1", traits });
      if (!parsed.ok || parsed.message.type !== "identify") throw new Error("unexpected");
      return { email: parsed.message.traits?.email, phone: parsed.message.traits?.phone };
    };
    expect(traitsOf({ phone: "+1 212 555 0143 x5", email: " Alicia@Example.com " })).toEqual({ phone: "+12125550143", email: "alicia@example.com" });
    expect(traitsOf({ phone: "(212) 555-0143 ext. 12" }).phone).toBe("+12125550143");
    expect(traitsOf({ phone: 12125550143 }).phone).toBe("+12125550143");
    expect(traitsOf({ phone: "0044 20 7946 0958" }).phone).toBe("+442079460958");
    // Not North American numbers (area code or exchange starting with 0 or 1), too short, or not an email: left out.
    for (const phone of ["(012) 555-0143", "+1 212 155 0143", "555-0143", "call me"]) expect(traitsOf({ phone }).phone, phone).toBeUndefined();
    expect(traitsOf({ email: "bob@" }).email).toBeUndefined();
  });

  it("explains what is wrong with a call", () => {
    expect(parseSegmentMessage({ type: "track", userId: "u1" })).toEqual({ ok: false, message: expect.stringMatching(/^event is required/) });
    expect(parseSegmentMessage({ type: "track", event: "Product Viewed" })).toEqual({ ok: false, message: "userId or anonymousId is required" });
    expect(parseSegmentMessage({ type: "track", event: "Product Viewed", userId: "u1", timestamp: "yesterday-ish" })).toEqual({ ok: false, message: expect.stringMatching(/^timestamp must be an ISO-8601 date/) });
    expect(parseSegmentMessage({ type: "track", event: "Product Viewed", userId: "u1", properties: { price: "cheap" } })).toMatchObject({ ok: false, message: expect.stringMatching(/^properties\.price/) });
    expect(parseSegmentMessage({ type: "pageview" })).toMatchObject({ ok: false });
    expect(parseSegmentMessage(["not", "an", "object"])).toMatchObject({ ok: false });
    expect(parseSegmentMessage({ type: "page", name: "Home" })).toEqual({ ok: true, message: { type: "ignored" } });
  });

  it("keeps only web addresses for product links and pictures", () => {
    const parsed = parseSegmentMessage({ type: "track", event: "Product Viewed", userId: "u1", properties: { url: "javascript:alert(1)", image_url: "https://cdn.example.com/a.jpg" } });
    expect(parsed).toMatchObject({ ok: true, message: { properties: { url: undefined, image_url: "https://cdn.example.com/a.jpg" } } });
  });
});

describe("track", () => {
  it("puts a Product Viewed on the customer found by userId, matching the catalogue by sku", () => {
    const result = ingest([{ type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "m-1", timestamp: "2026-03-02T14:00:00Z", properties: { sku: variant.sku, price: 500 } }]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, ignored: 0, errors: [] });
    expect(eventsOf(alicia)).toMatchObject([
      { type: "product_viewed", eventName: "Product Viewed", productId: variant.productId, variantId: variant.variantId, messageId: "m-1", sourceKeyId: source.id, occurredAt: new Date("2026-03-02T14:00:00Z"), valueCents: 50000, channel: "web" },
    ]);
  });

  it("finds the customer by email or phone from context.traits, and the product by product_id or style code", () => {
    ingest([
      { type: "track", event: "Product Added", anonymousId: "a-1", context: { traits: { email: " Alicia@Example.com " } }, properties: { product_id: variant.productId } },
      { type: "track", event: "Product Added to Wishlist", anonymousId: "a-2", context: { traits: { phone: "(212) 555-0143" }, app: { name: "Shop" } }, properties: { product_id: variant.styleCode } },
      // With an extension it is still Alicia's line.
      { type: "track", event: "Cart Viewed", anonymousId: "a-3", context: { traits: { phone: "+1 212 555 0143 x5" } } },
    ]);
    expect(eventsOf(alicia)).toMatchObject([
      { type: "cart_added", productId: variant.productId, variantId: null, channel: "web" },
      { type: "wishlist_added", productId: variant.productId, channel: "app" },
      { type: "cart_viewed" },
    ]);
  });

  it("keeps a product the catalogue does not carry with its name, picture, link, sku and price", async () => {
    ingest([
      {
        type: "track",
        event: "Product Viewed",
        userId: "cust-1001",
        properties: { product_id: "ext-77", sku: "EXT-77-M", name: "Linen shirt", price: "89.50", url: "https://shop.example.com/p/77", image_url: "https://cdn.example.com/77.jpg" },
      },
    ]);
    const profile = await getCustomerProfile(db, { customerId: alicia, now: receivedAt });
    expect(profile?.activity).toMatchObject([
      { type: "product_viewed", product: null, productName: "Linen shirt", imageUrl: "https://cdn.example.com/77.jpg", productUrl: "https://shop.example.com/p/77", sku: "EXT-77-M", valueCents: 8950 },
    ]);
  });

  it("stores a search with its query, and counts other events and calls as ignored", () => {
    const result = ingest([
      { type: "track", event: "Products Searched", userId: "cust-1001", properties: { query: "blue wool coat" } },
      { type: "track", event: "Newsletter Signed Up", userId: "cust-1001" },
      { type: "page", userId: "cust-1001", name: "Home" },
      { type: "screen", anonymousId: "x", name: "Cart" },
      { type: "alias", userId: "cust-1001", previousId: "x" },
      { type: "group", userId: "cust-1001", groupId: "g" },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, ignored: 5, errors: [] });
    expect(eventsOf(alicia)).toMatchObject([{ type: "searched", searchQuery: "blue wool coat" }]);
  });

  it("stores a replayed messageId once", () => {
    const call = { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "same-id", properties: { sku: variant.sku } };
    expect(ingest([call, call])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(ingest([call])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(db.select().from(onlineEvents).all()).toHaveLength(1);
  });

  it("gives a call without a messageId one of its own", () => {
    ingest([{ type: "track", event: "Cart Viewed", userId: "cust-1001" }]);
    expect(eventsOf(alicia)[0]?.messageId).toMatch(/^shk-/);
  });

  it("corrects a device clock using sentAt, and dates nothing in the future", () => {
    ingest([
      // The device's clock runs an hour fast: it says it sent at 16:00 what happened at 15:59.
      { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "skewed", timestamp: "2026-03-02T15:59:00Z", sentAt: "2026-03-02T16:00:00Z" },
      { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "future", timestamp: "2027-01-01T00:00:00Z" },
    ]);
    const at = Object.fromEntries(eventsOf(alicia).map((e) => [e.messageId, e.occurredAt.toISOString()]));
    expect(at).toEqual({ skewed: "2026-03-02T14:59:00.000Z", future: receivedAt.toISOString() });
  });

  it("keeps an unknown visitor's events anonymous", () => {
    ingest([{ type: "track", event: "Product Viewed", anonymousId: "anon-9", properties: { sku: variant.sku } }]);
    expect(eventsOf(null)).toMatchObject([{ anonymousId: "anon-9", productId: variant.productId }]);
    expect(db.select().from(changeFeed).all()).toEqual([]);
  });
});

describe("identify", () => {
  it("attaches an anonymous session, earlier and later events alike, and announces it once", () => {
    ingest([
      { type: "track", event: "Product Viewed", anonymousId: "anon-1", messageId: "before-1", properties: { sku: variant.sku } },
      { type: "track", event: "Product Added", anonymousId: "anon-1", messageId: "before-2", properties: { sku: variant.sku } },
    ]);
    expect(eventsOf(alicia)).toHaveLength(0);
    const result = ingest([
      { type: "identify", userId: "cust-1001", anonymousId: "anon-1", traits: { email: "alicia@example.com" } },
      { type: "track", event: "Checkout Started", anonymousId: "anon-1", messageId: "after-1" },
    ]);
    expect(result).toMatchObject({ accepted: 2, errors: [] });
    expect(eventsOf(alicia).map((e) => e.messageId).sort()).toEqual(["after-1", "before-1", "before-2"]);
    expect(db.select().from(anonymousIdentities).all()).toMatchObject([{ anonymousId: "anon-1", customerId: alicia }]);
    expect(db.select().from(changeFeed).all()).toMatchObject([{ kind: "event", customerId: alicia, storeId }]);
  });

  it("attaches the session when a later track carries both the userId and the anonymousId", () => {
    ingest([{ type: "track", event: "Product Viewed", anonymousId: "anon-2", messageId: "a" }]);
    ingest([{ type: "track", event: "Product Viewed", userId: "cust-1001", anonymousId: "anon-2", messageId: "b" }]);
    expect(eventsOf(alicia).map((e) => e.messageId).sort()).toEqual(["a", "b"]);
  });

  it("fills empty contact details but never overwrites what staff entered", () => {
    const noEmail = createCustomer(db, { firstName: "Bea", lastName: "Stone", phone: "+13125550199" });
    ingest([{ type: "identify", userId: "u-bea", traits: { phone: "312-555-0199", email: "Bea@Example.com" } }]);
    ingest([{ type: "identify", userId: "cust-1001", traits: { email: "other@example.com", phone: "+12125550000" } }]);
    const rows = Object.fromEntries(db.select().from(customers).all().map((c) => [c.id, c]));
    expect(rows[noEmail]).toMatchObject({ externalId: "u-bea", email: "bea@example.com", phone: "+13125550199" });
    expect(rows[alicia]).toMatchObject({ externalId: "cust-1001", email: "alicia@example.com", phone: "+12125550143" });
    // The new email is searchable at once.
    expect(db.select().from(customerSearchTerms).where(eq(customerSearchTerms.term, "bea@example.com")).all()).toHaveLength(1);
  });

  it("does not give a customer an email that belongs to someone else", () => {
    const other = createCustomer(db, { firstName: "Carl", lastName: "Berg" });
    db.update(customers).set({ externalId: "u-carl" }).where(eq(customers.id, other)).run();
    const result = ingest([{ type: "identify", userId: "u-carl", traits: { email: "alicia@example.com" } }]);
    expect(result.errors).toEqual([]);
    expect(db.select({ email: customers.email }).from(customers).where(eq(customers.id, other)).get()).toEqual({ email: null });
  });

  it("creates a customer at the key's store when the traits carry a name and a way to reach them", async () => {
    const result = ingest([
      { type: "identify", userId: "u-new", anonymousId: "anon-new", traits: { name: "Nora van Dijk", email: "nora@example.com", phone: "+1 415 555 0101" } },
      { type: "identify", userId: "u-nameless", traits: { email: "nameless@example.com" } },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, ignored: 1, errors: [] });
    const created = db.select().from(customers).where(eq(customers.externalId, "u-new")).get();
    expect(created).toMatchObject({ firstName: "Nora", lastName: "van Dijk", email: "nora@example.com", phone: "+14155550101", homeStoreId: storeId });
    expect(db.select().from(customerSearchTerms).where(eq(customerSearchTerms.term, "nora")).all()).toMatchObject([{ customerId: created!.id }]);
    expect(db.select().from(customers).where(eq(customers.email, "nameless@example.com")).all()).toEqual([]);
    expect(db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.customerId, created!.id)).all()).toEqual([{ action: "customer.created_from_events" }]);
    // Later anonymous browsing on that device now reaches her profile.
    ingest([{ type: "track", event: "Product Viewed", anonymousId: "anon-new", messageId: "later" }]);
    expect(eventsOf(created!.id).map((e) => e.messageId)).toEqual(["later"]);
  });
});

describe("Order Completed", () => {
  const order = (messageId: string) => ({
    type: "track",
    event: "Order Completed",
    userId: "cust-1001",
    messageId,
    properties: {
      order_id: "W-5001",
      total: 639.5,
      products: [
        { sku: variant.sku, price: 500, quantity: 1 },
        { product_id: "ext-9", name: "Silk scarf", price: 69.75, quantity: 2, image_url: "https://cdn.example.com/s.jpg" },
      ],
    },
  });

  it("records an online purchase with its lines, once per order", () => {
    expect(ingest([order("o-1")])).toMatchObject({ accepted: 1 });
    ingest([order("o-1"), order("o-2")]);
    expect(db.select().from(purchases).all()).toMatchObject([{ customerId: alicia, channel: "online", storeId: null, orderRef: "W-5001", totalCents: 63950 }]);
    expect(db.select().from(purchaseLines).all()).toMatchObject([
      { productId: variant.productId, variantId: variant.variantId, description: "Test Coat", quantity: 1, unitPriceCents: 50000 },
      { productId: null, description: "Silk scarf", quantity: 2, unitPriceCents: 6975 },
    ]);
    expect(eventsOf(alicia)[0]).toMatchObject({ type: "order_completed", productId: variant.productId, productName: "Test Coat and 1 more", valueCents: 63950 });
  });

  it("keeps an anonymous order as an event only", () => {
    ingest([{ ...order("o-3"), userId: undefined, anonymousId: "anon-3" }]);
    expect(db.select().from(purchases).all()).toEqual([]);
    expect(eventsOf(null)).toHaveLength(1);
  });
});

describe("a batch", () => {
  it("stores every valid call and lists the invalid ones by index", () => {
    const result = ingest([
      { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "ok-1" },
      { type: "track", userId: "cust-1001", messageId: "bad-1" },
      "not an object",
      { type: "track", event: "Product Removed", userId: "cust-1001", messageId: "ok-2" },
    ]);
    expect(result).toEqual({
      accepted: 2,
      duplicates: 0,
      ignored: 0,
      errors: [
        { index: 1, messageId: "bad-1", message: expect.stringMatching(/^event is required/) },
        { index: 2, message: "Each call must be a JSON object." },
      ],
    });
    expect(eventsOf(alicia).map((e) => e.messageId)).toEqual(["ok-1", "ok-2"]);
  });

  it("merges the batch's context under each call's own", () => {
    ingest([{ type: "track", event: "Product Viewed", anonymousId: "a", messageId: "ctx" }], { batchContext: { traits: { email: "alicia@example.com" }, app: { name: "Shop" } } });
    expect(eventsOf(alicia)).toMatchObject([{ messageId: "ctx", channel: "app" }]);
  });

  it("announces each customer once per request, with their home store", () => {
    const bea = createCustomer(db, { firstName: "Bea", lastName: "Stone", email: "bea@example.com" });
    ingest([
      { type: "track", event: "Product Viewed", userId: "cust-1001" },
      { type: "track", event: "Product Viewed", userId: "cust-1001" },
      { type: "track", event: "Cart Viewed", context: { traits: { email: "bea@example.com" } }, anonymousId: "b" },
    ]);
    expect(db.select({ customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).all()).toEqual([
      { customerId: alicia, storeId },
      { customerId: bea, storeId: null },
    ]);
  });

  it("refuses a call over 32 KB inside a batch when asked to measure", () => {
    const big = { type: "track", event: "Product Viewed", userId: "cust-1001", properties: { description: "x".repeat(33 * 1024) } };
    const result = ingest([big, { type: "track", event: "Product Viewed", userId: "cust-1001" }], { checkCallSize: true });
    expect(result).toMatchObject({ accepted: 1, errors: [{ index: 0, message: "This call is larger than 32 KB." }] });
  });
});
