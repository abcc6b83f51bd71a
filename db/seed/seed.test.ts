import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { createTestDb } from "@/lib/testing/db";
import { selectRows } from "@/db/dialect";
import { searchCustomers } from "@/lib/customer-search";
import { contacts, customers, followUps, holds, inboundMessages, onlineEvents, products, socialMentions, staff, storeStock, stores } from "@/db/schema";
import { seedDatabase } from "./index";
import { ALICIA } from "./story";

const now = new Date("2026-11-23T17:00:00Z");

async function seeded(count = 120) {
  const db = await createTestDb();
  const result = await seedDatabase(db, { customers: count, now });
  return { db, ...result };
}

const count = async (db: Db, table: typeof stores | typeof staff | typeof products | typeof customers | typeof contacts) =>
  Number((await db.select({ n: sql<number>`count(*)` }).from(table))[0]?.n);

describe("seedDatabase", () => {
  it("creates stores, staff with a manager per store, the catalogue and the requested customers", async () => {
    const { db } = await seeded();
    expect(await count(db, stores)).toBe(3);
    expect(await count(db, staff)).toBeGreaterThanOrEqual(12);
    expect(await count(db, products)).toBeGreaterThanOrEqual(150);
    expect(await count(db, customers)).toBe(120);
    const managers = await db.select({ storeId: staff.storeId }).from(staff).where(eq(staff.role, "manager"));
    expect(new Set(managers.map((m) => m.storeId)).size).toBe(3);
    // Seeded active holds never exceed what is on the shelf.
    const over = await selectRows(db, sql`select h.variant_id from ${holds} h join ${storeStock} s on s.variant_id = h.variant_id and s.store_id = h.store_id
      where h.status = 'active' group by h.variant_id, h.store_id having count(*) > max(s.on_hand)`);
    expect(over).toEqual([]);
  });

  it("gives managers a store to run: contacts, follow-ups around today, and a book left behind by someone who left", async () => {
    const { db, story } = await seeded(600);
    const [leaver] = await db.select({ id: staff.id, active: staff.active }).from(staff).where(eq(staff.name, "Jordan Ellis"));
    expect(leaver?.active).toBe(false);
    expect((await db.select({ id: customers.id }).from(customers).where(eq(customers.assignedStaffId, leaver!.id))).length).toBeGreaterThan(5);
    expect(await count(db, contacts)).toBeGreaterThan(50);
    const open = await db.select({ dueOn: followUps.dueOn }).from(followUps).where(eq(followUps.status, "open"));
    expect(open.some((f) => f.dueOn < "2026-11-23")).toBe(true);
    expect(await db.select().from(followUps).where(eq(followUps.customerId, story.customerId))).toHaveLength(1);
  });

  it("tells Alicia's story: blue coats this week, the Milly coat wishlisted and posted on X, in stock in her size", async () => {
    const { db, story } = await seeded();
    for (const query of ["alicia", "fernandez", "fern ali", "@aliciafdz", ALICIA.email, "212-555-0143"]) {
      expect((await searchCustomers(db, { query })).map((c) => c.id), query).toContain(story.customerId);
    }
    const week = new Date(now.getTime() - 7 * 86_400_000);
    const views = await db
      .select({ name: products.name, category: products.category })
      .from(onlineEvents)
      .innerJoin(products, eq(products.id, onlineEvents.productId))
      .where(sql`${onlineEvents.customerId} = ${story.customerId} and ${onlineEvents.type} = 'product_viewed' and ${onlineEvents.occurredAt} >= ${week.getTime()}`);
    expect(views.filter((v) => v.category === "coats").length).toBeGreaterThanOrEqual(3);
    const [wish] = await db.select().from(onlineEvents).where(sql`${onlineEvents.customerId} = ${story.customerId} and ${onlineEvents.type} = 'wishlist_added'`);
    expect(wish?.variantId).toBe(story.coatVariantId);
    const [post] = await db.select().from(socialMentions).where(eq(socialMentions.customerId, story.customerId));
    expect(post).toMatchObject({ network: "x", handle: ALICIA.xHandle, status: "new" });
    const [flagship] = await db.select({ id: stores.id }).from(stores).where(eq(stores.isFlagship, true));
    const [stock] = await db.select().from(storeStock).where(sql`${storeStock.variantId} = ${story.coatVariantId} and ${storeStock.storeId} = ${flagship?.id}`);
    expect(stock?.onHand).toBeGreaterThan(0);
  });

  it("leaves texts and an email waiting at the flagship, so the inbox shows every channel", async () => {
    const { db, stores: seededStores } = await seeded();
    const waiting = await db.select({ channel: inboundMessages.channel, storeId: inboundMessages.storeId, customerId: inboundMessages.customerId }).from(inboundMessages).where(eq(inboundMessages.status, "waiting"));
    expect(waiting.map((m) => m.channel).sort()).toEqual(["email", "sms", "sms"]);
    expect(new Set(waiting.map((m) => m.storeId))).toEqual(new Set([seededStores[0]!.id]));
    expect(waiting.every((m) => m.customerId)).toBe(true);
  });

  it("is deterministic for the same seed and moment", async () => {
    const rows = (db: Db) => db.select({ id: customers.id, name: customers.firstName, email: customers.email }).from(customers).orderBy(customers.id);
    // Read the first seed before the second: on PostgreSQL a test's databases may be one database emptied between uses.
    const first = await rows((await seeded(60)).db);
    const second = await rows((await seeded(60)).db);
    expect(first).toHaveLength(60);
    expect(second).toEqual(first);
  });

  it("refuses to seed a database that already has data", async () => {
    const { db } = await seeded(10);
    await expect(seedDatabase(db, { customers: 10, now })).rejects.toThrow(/already has data/);
  });
});
