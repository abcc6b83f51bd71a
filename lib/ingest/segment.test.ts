import { beforeEach, describe, expect, it } from "vitest";
import { asc, desc, eq, sql } from "drizzle-orm";
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
/** A customer's events (or anonymous ones) in the order they were sent: a request's event ids rise. */
const eventsOf = async (customerId: string | null) =>
  (await db.select().from(onlineEvents).orderBy(asc(onlineEvents.id))).filter((e) => e.customerId === customerId);

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue" });
  storeId = store.id;
  const grace = (await createStaff(db, { storeId, role: "manager" })).id;
  const key = await createSourceKey(db, { storeId, staffId: grace, name: "Website" });
  source = { id: key.id, storeId, name: "Website" };
  alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", phone: "+12125550143", homeStoreId: storeId });
  await db.update(customers).set({ externalId: "cust-1001" }).where(eq(customers.id, alicia));
  const v = await createVariantInStock(db, { storeId, onHand: 2 });
  const [row] = await db
    .select({ sku: productVariants.sku, styleCode: products.styleCode })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.id, v.variantId))
    .limit(1);
  variant = { ...v, ...row! };
});

describe("parsing", () => {
  it("maps the e-commerce v2 names, forgiving case and underscores", async () => {
    expect(onlineEventTypeFor("Product Viewed")).toBe("product_viewed");
    expect(onlineEventTypeFor("product_added")).toBe("cart_added");
    expect(onlineEventTypeFor("Product Added to Wishlist")).toBe("wishlist_added");
    expect(onlineEventTypeFor("Products Searched")).toBe("searched");
    expect(onlineEventTypeFor("Order Completed")).toBe("order_completed");
    expect(onlineEventTypeFor("Signed Up")).toBeNull();
  });

  it("reads traits' phone numbers and emails as the customer import does, dropping extensions and what cannot be one", async () => {
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

  it("explains what is wrong with a call", async () => {
    expect(parseSegmentMessage({ type: "track", userId: "u1" })).toEqual({ ok: false, message: expect.stringMatching(/^event is required/) });
    expect(parseSegmentMessage({ type: "track", event: "Product Viewed" })).toEqual({ ok: false, message: "userId or anonymousId is required" });
    expect(parseSegmentMessage({ type: "track", event: "Product Viewed", userId: "u1", timestamp: "yesterday-ish" })).toEqual({ ok: false, message: expect.stringMatching(/^timestamp must be an ISO-8601 date/) });
    expect(parseSegmentMessage({ type: "track", event: "Product Viewed", userId: "u1", properties: { price: "cheap" } })).toMatchObject({ ok: false, message: expect.stringMatching(/^properties\.price/) });
    expect(parseSegmentMessage({ type: "pageview" })).toMatchObject({ ok: false });
    expect(parseSegmentMessage(["not", "an", "object"])).toMatchObject({ ok: false });
    expect(parseSegmentMessage({ type: "page", name: "Home" })).toEqual({ ok: true, message: { type: "ignored" } });
  });

  it("keeps only web addresses for product links and pictures", async () => {
    const parsed = parseSegmentMessage({ type: "track", event: "Product Viewed", userId: "u1", properties: { url: "javascript:alert(1)", image_url: "https://cdn.example.com/a.jpg" } });
    expect(parsed).toMatchObject({ ok: true, message: { properties: { url: undefined, image_url: "https://cdn.example.com/a.jpg" } } });
  });
});

describe("track", () => {
  it("puts a Product Viewed on the customer found by userId, matching the catalogue by sku", async () => {
    const result = await ingest([{ type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "m-1", timestamp: "2026-03-02T14:00:00Z", properties: { sku: variant.sku, price: 500 } }]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, ignored: 0, errors: [] });
    expect(await eventsOf(alicia)).toMatchObject([
      { type: "product_viewed", eventName: "Product Viewed", productId: variant.productId, variantId: variant.variantId, messageId: "m-1", sourceKeyId: source.id, occurredAt: new Date("2026-03-02T14:00:00Z"), valueCents: 50000, channel: "web" },
    ]);
  });

  it("finds the customer by email or phone from context.traits, and the product by product_id or style code", async () => {
    await ingest([
      { type: "track", event: "Product Added", anonymousId: "a-1", context: { traits: { email: " Alicia@Example.com " } }, properties: { product_id: variant.productId } },
      { type: "track", event: "Product Added to Wishlist", anonymousId: "a-2", context: { traits: { phone: "(212) 555-0143" }, app: { name: "Shop" } }, properties: { product_id: variant.styleCode } },
      // With an extension it is still Alicia's line.
      { type: "track", event: "Cart Viewed", anonymousId: "a-3", context: { traits: { phone: "+1 212 555 0143 x5" } } },
    ]);
    expect(await eventsOf(alicia)).toMatchObject([
      { type: "cart_added", productId: variant.productId, variantId: null, channel: "web" },
      { type: "wishlist_added", productId: variant.productId, channel: "app" },
      { type: "cart_viewed" },
    ]);
  });

  it("keeps a product the catalogue does not carry with its name, picture, link, sku and price", async () => {
    await ingest([
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

  it("stores a search with its query, and counts other events and calls as ignored", async () => {
    const result = await ingest([
      { type: "track", event: "Products Searched", userId: "cust-1001", properties: { query: "blue wool coat" } },
      { type: "track", event: "Newsletter Signed Up", userId: "cust-1001" },
      { type: "page", userId: "cust-1001", name: "Home" },
      { type: "screen", anonymousId: "x", name: "Cart" },
      { type: "alias", userId: "cust-1001", previousId: "x" },
      { type: "group", userId: "cust-1001", groupId: "g" },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, ignored: 5, errors: [] });
    expect(await eventsOf(alicia)).toMatchObject([{ type: "searched", searchQuery: "blue wool coat" }]);
  });

  it("stores a replayed messageId once", async () => {
    const call = { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "same-id", properties: { sku: variant.sku } };
    expect(await ingest([call, call])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await ingest([call])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await db.select().from(onlineEvents)).toHaveLength(1);
  });

  it("gives a call without a messageId one of its own", async () => {
    await ingest([{ type: "track", event: "Cart Viewed", userId: "cust-1001" }]);
    expect((await eventsOf(alicia))[0]?.messageId).toMatch(/^shk-/);
  });

  it("corrects a device clock using sentAt, and dates nothing in the future", async () => {
    await ingest([
      // The device's clock runs an hour fast: it says it sent at 16:00 what happened at 15:59.
      { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "skewed", timestamp: "2026-03-02T15:59:00Z", sentAt: "2026-03-02T16:00:00Z" },
      { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: "future", timestamp: "2027-01-01T00:00:00Z" },
    ]);
    const at = Object.fromEntries((await eventsOf(alicia)).map((e) => [e.messageId, e.occurredAt.toISOString()]));
    expect(at).toEqual({ skewed: "2026-03-02T14:59:00.000Z", future: receivedAt.toISOString() });
  });

  it("keeps an unknown visitor's events anonymous", async () => {
    await ingest([{ type: "track", event: "Product Viewed", anonymousId: "anon-9", properties: { sku: variant.sku } }]);
    expect(await eventsOf(null)).toMatchObject([{ anonymousId: "anon-9", productId: variant.productId }]);
    expect(await db.select().from(changeFeed)).toEqual([]);
  });
});

describe("identify", () => {
  it("attaches an anonymous session, earlier and later events alike, and announces it once", async () => {
    await ingest([
      { type: "track", event: "Product Viewed", anonymousId: "anon-1", messageId: "before-1", properties: { sku: variant.sku } },
      { type: "track", event: "Product Added", anonymousId: "anon-1", messageId: "before-2", properties: { sku: variant.sku } },
    ]);
    expect(await eventsOf(alicia)).toHaveLength(0);
    const result = await ingest([
      { type: "identify", userId: "cust-1001", anonymousId: "anon-1", traits: { email: "alicia@example.com" } },
      { type: "track", event: "Checkout Started", anonymousId: "anon-1", messageId: "after-1" },
    ]);
    expect(result).toMatchObject({ accepted: 2, errors: [] });
    expect((await eventsOf(alicia)).map((e) => e.messageId).sort()).toEqual(["after-1", "before-1", "before-2"]);
    expect(await db.select().from(anonymousIdentities)).toMatchObject([{ anonymousId: "anon-1", customerId: alicia }]);
    expect(await db.select().from(changeFeed)).toMatchObject([{ kind: "event", customerId: alicia, storeId }]);
  });

  it("attaches the session when a later track carries both the userId and the anonymousId", async () => {
    await ingest([{ type: "track", event: "Product Viewed", anonymousId: "anon-2", messageId: "a" }]);
    await ingest([{ type: "track", event: "Product Viewed", userId: "cust-1001", anonymousId: "anon-2", messageId: "b" }]);
    expect((await eventsOf(alicia)).map((e) => e.messageId).sort()).toEqual(["a", "b"]);
  });

  it("fills empty contact details but never overwrites what staff entered", async () => {
    const noEmail = await createCustomer(db, { firstName: "Bea", lastName: "Stone", phone: "+13125550199" });
    await ingest([{ type: "identify", userId: "u-bea", traits: { phone: "312-555-0199", email: "Bea@Example.com" } }]);
    await ingest([{ type: "identify", userId: "cust-1001", traits: { email: "other@example.com", phone: "+12125550000" } }]);
    const rows = Object.fromEntries((await db.select().from(customers)).map((c) => [c.id, c]));
    expect(rows[noEmail]).toMatchObject({ externalId: "u-bea", email: "bea@example.com", phone: "+13125550199" });
    expect(rows[alicia]).toMatchObject({ externalId: "cust-1001", email: "alicia@example.com", phone: "+12125550143" });
    // The new email is searchable at once.
    expect(await db.select().from(customerSearchTerms).where(eq(customerSearchTerms.term, "bea@example.com"))).toHaveLength(1);
  });

  it("does not give a customer an email that belongs to someone else", async () => {
    const other = await createCustomer(db, { firstName: "Carl", lastName: "Berg" });
    await db.update(customers).set({ externalId: "u-carl" }).where(eq(customers.id, other));
    const result = await ingest([{ type: "identify", userId: "u-carl", traits: { email: "alicia@example.com" } }]);
    expect(result.errors).toEqual([]);
    expect((await db.select({ email: customers.email }).from(customers).where(eq(customers.id, other)).limit(1))[0]).toEqual({ email: null });
  });

  it("creates a customer at the key's store when the traits carry a name and a way to reach them", async () => {
    const result = await ingest([
      { type: "identify", userId: "u-new", anonymousId: "anon-new", traits: { name: "Nora van Dijk", email: "nora@example.com", phone: "+1 415 555 0101" } },
      { type: "identify", userId: "u-nameless", traits: { email: "nameless@example.com" } },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, ignored: 1, errors: [] });
    const created = (await db.select().from(customers).where(eq(customers.externalId, "u-new")).limit(1))[0];
    expect(created).toMatchObject({ firstName: "Nora", lastName: "van Dijk", email: "nora@example.com", phone: "+14155550101", homeStoreId: storeId });
    expect(await db.select().from(customerSearchTerms).where(eq(customerSearchTerms.term, "nora"))).toMatchObject([{ customerId: created!.id }]);
    expect(await db.select().from(customers).where(eq(customers.email, "nameless@example.com"))).toEqual([]);
    expect(await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.customerId, created!.id))).toEqual([{ action: "customer.created_from_events" }]);
    // Later anonymous browsing on that device now reaches her profile.
    await ingest([{ type: "track", event: "Product Viewed", anonymousId: "anon-new", messageId: "later" }]);
    expect((await eventsOf(created!.id)).map((e) => e.messageId)).toEqual(["later"]);
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

  it("records an online purchase with its lines, once per order", async () => {
    expect(await ingest([order("o-1")])).toMatchObject({ accepted: 1 });
    await ingest([order("o-1"), order("o-2")]);
    expect(await db.select().from(purchases)).toMatchObject([{ customerId: alicia, channel: "online", storeId: null, orderRef: "W-5001", totalCents: 63950 }]);
    expect(await db.select().from(purchaseLines).orderBy(desc(purchaseLines.unitPriceCents))).toMatchObject([
      { productId: variant.productId, variantId: variant.variantId, description: "Test Coat", quantity: 1, unitPriceCents: 50000 },
      { productId: null, description: "Silk scarf", quantity: 2, unitPriceCents: 6975 },
    ]);
    expect((await eventsOf(alicia))[0]).toMatchObject({ type: "order_completed", productId: variant.productId, productName: "Test Coat and 1 more", valueCents: 63950 });
  });

  it("keeps an anonymous order as an event only", async () => {
    await ingest([{ ...order("o-3"), userId: undefined, anonymousId: "anon-3" }]);
    expect(await db.select().from(purchases)).toEqual([]);
    expect(await eventsOf(null)).toHaveLength(1);
  });
});

describe("a batch", () => {
  it("stores every valid call and lists the invalid ones by index", async () => {
    const result = await ingest([
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
    expect((await eventsOf(alicia)).map((e) => e.messageId)).toEqual(["ok-1", "ok-2"]);
  });

  it("merges the batch's context under each call's own", async () => {
    await ingest([{ type: "track", event: "Product Viewed", anonymousId: "a", messageId: "ctx" }], { batchContext: { traits: { email: "alicia@example.com" }, app: { name: "Shop" } } });
    expect(await eventsOf(alicia)).toMatchObject([{ messageId: "ctx", channel: "app" }]);
  });

  it("announces each customer once per request, with their home store", async () => {
    const bea = await createCustomer(db, { firstName: "Bea", lastName: "Stone", email: "bea@example.com" });
    await ingest([
      { type: "track", event: "Product Viewed", userId: "cust-1001" },
      { type: "track", event: "Product Viewed", userId: "cust-1001" },
      { type: "track", event: "Cart Viewed", context: { traits: { email: "bea@example.com" } }, anonymousId: "b" },
    ]);
    expect(await db.select({ customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).orderBy(asc(changeFeed.seq))).toEqual([
      { customerId: alicia, storeId },
      { customerId: bea, storeId: null },
    ]);
  });

  it("refuses a call over 32 KB inside a batch when asked to measure", async () => {
    const big = { type: "track", event: "Product Viewed", userId: "cust-1001", properties: { description: "x".repeat(33 * 1024) } };
    const result = await ingest([big, { type: "track", event: "Product Viewed", userId: "cust-1001" }], { checkCallSize: true });
    expect(result).toMatchObject({ accepted: 1, errors: [{ index: 0, message: "This call is larger than 32 KB." }] });
  });

  it("gives a browser's events from earlier in the same batch to the customer it identifies as", async () => {
    const result = await ingest([
      { type: "track", event: "Product Viewed", anonymousId: "anon-7", messageId: "same-1", properties: { sku: variant.sku } },
      { type: "track", event: "Product Added", anonymousId: "anon-7", messageId: "same-2", properties: { sku: variant.sku } },
      { type: "identify", userId: "cust-1001", anonymousId: "anon-7" },
      { type: "track", event: "Cart Viewed", anonymousId: "anon-7", messageId: "same-3" },
    ]);
    expect(result).toEqual({ accepted: 4, duplicates: 0, ignored: 0, errors: [] });
    expect((await eventsOf(alicia)).map((e) => e.messageId)).toEqual(["same-1", "same-2", "same-3"]);
    expect(await eventsOf(null)).toEqual([]);
    expect(await db.select().from(anonymousIdentities)).toMatchObject([{ anonymousId: "anon-7", customerId: alicia }]);
    expect(await db.select({ customerId: changeFeed.customerId }).from(changeFeed)).toEqual([{ customerId: alicia }]);
  });

  it("stores a batch sent twice at the same moment once, its order included", async () => {
    const batch = (round: number) => [
      { type: "track", event: "Product Viewed", userId: "cust-1001", messageId: `twice-${round}-1`, properties: { sku: variant.sku } },
      { type: "track", event: "Order Completed", userId: "cust-1001", messageId: `twice-${round}-2`, properties: { order_id: `W-${round}`, total: 500, products: [{ sku: variant.sku, price: 500 }] } },
      { type: "track", event: "Cart Viewed", anonymousId: "anon-twice", messageId: `twice-${round}-3` },
    ];
    // Several rounds, so the two copies do overlap on PostgreSQL's connections.
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([ingest(batch(round)), ingest(batch(round))]);
      expect(results.map((r) => [r.accepted, r.duplicates]).sort()).toEqual([
        [0, 3],
        [3, 0],
      ]);
    }
    expect(await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(onlineEvents)).toEqual([{ n: 30 }]);
    expect((await db.select({ orderRef: purchases.orderRef }).from(purchases)).map((p) => p.orderRef).sort()).toEqual(Array.from({ length: 10 }, (_, round) => `W-${round}`).sort());
  });
});
