import { describe, expect, it } from "vitest";
import { and, asc, desc, eq, gt, gte } from "drizzle-orm";
import type { Db } from "@/db";
import { createTestDb } from "@/lib/testing/db";
import { customerPreferences, customers, holds, onlineEvents, productVariants, products, purchaseLines, purchases, socialMentions, storeStock } from "@/db/schema";
import { seedDatabase } from "@/db/seed/index";
import { ALICIA } from "@/db/seed/story";
import { availableUnits, heldJoin, heldUnits } from "./holds";
import { rankSuggestions } from "./suggestion-scoring";
import { suggestSetAsides } from "./suggestions";

const now = new Date("2026-11-23T17:00:00Z");
const since = new Date(now.getTime() - 30 * 86_400_000);

/** What the suggestions were before the database narrowed them: every in-stock variant of the store, ranked. */
async function fromWholeStore(db: Db, customerId: string, storeId: string) {
  const held = heldUnits(db, { now, storeId });
  const [candidates, [preferences], events, mentions, bought, heldForThem] = await Promise.all([
    db
      .select({
        variantId: productVariants.id,
        productId: products.id,
        name: products.name,
        brand: products.brand,
        category: products.category,
        style: products.style,
        description: products.description,
        size: productVariants.size,
        colour: productVariants.colour,
        priceCents: productVariants.priceCents,
        imageUrl: productVariants.imageUrl,
        available: availableUnits(held),
      })
      .from(storeStock)
      .innerJoin(productVariants, eq(productVariants.id, storeStock.variantId))
      .innerJoin(products, eq(products.id, productVariants.productId))
      .leftJoin(held, heldJoin(held))
      .where(and(eq(storeStock.storeId, storeId), gt(storeStock.onHand, 0)))
      .orderBy(asc(productVariants.id)),
    db.select().from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1),
    db
      .select({ type: onlineEvents.type, productId: onlineEvents.productId, occurredAt: onlineEvents.occurredAt })
      .from(onlineEvents)
      .where(and(eq(onlineEvents.customerId, customerId), gte(onlineEvents.occurredAt, since)))
      .orderBy(desc(onlineEvents.occurredAt)),
    db.select({ productId: socialMentions.productId, network: socialMentions.network, postedAt: socialMentions.postedAt }).from(socialMentions).where(and(eq(socialMentions.customerId, customerId), gte(socialMentions.postedAt, since))),
    db.select({ productId: purchaseLines.productId, brand: products.brand }).from(purchaseLines).innerJoin(purchases, eq(purchases.id, purchaseLines.purchaseId)).leftJoin(products, eq(products.id, purchaseLines.productId)).where(eq(purchases.customerId, customerId)),
    db.select({ productId: productVariants.productId }).from(holds).innerJoin(productVariants, eq(productVariants.id, holds.variantId)).where(and(eq(holds.customerId, customerId), eq(holds.status, "active"), gt(holds.expiresAt, now))),
  ]);
  return rankSuggestions(
    candidates.map((c) => ({ ...c, available: Number(c.available) })),
    {
      preferences: preferences ?? null,
      events,
      mentions,
      purchasedProductIds: new Set(bought.flatMap((b) => (b.productId ? [b.productId] : []))),
      purchasedBrands: new Set(bought.flatMap((b) => (b.brand ? [b.brand] : []))),
      heldProductIds: new Set(heldForThem.map((h) => h.productId)),
    },
    now,
  );
}

const brief = (list: Awaited<ReturnType<typeof suggestSetAsides>>) => list.map((s) => `${s.name} · ${s.colour} ${s.size} · ${s.score.toFixed(3)}`);

describe("suggestSetAsides", () => {
  it("tells Alicia's story: the Milly coat she wants first, then blue coats in her band and size", async () => {
    const db = await createTestDb();
    const { stores, story } = await seedDatabase(db, { customers: 60, now });
    const flagship = stores[0]!.id;
    const picked = await suggestSetAsides(db, { customerId: story.customerId, storeId: flagship, now });
    expect(picked).toHaveLength(8);
    expect(picked[0]).toMatchObject({ name: "Milly Bonded Wool Coat", colour: ALICIA.coatColour, size: ALICIA.size });
    expect(picked[0]!.reasons).toEqual(expect.arrayContaining(["on their wishlist", "mentioned on X", "blue", "Milly, a favourite brand"]));
    // Everything is in her size for its category, free here, and within reach of her band.
    for (const s of picked) {
      expect(s.available).toBeGreaterThan(0);
      expect([ALICIA.size, "S", "6", "38", "One size"]).toContain(s.size);
    }
    const coats = picked.filter((s) => s.category === "coats");
    expect(coats.length).toBeGreaterThanOrEqual(3);
    expect(coats.every((c) => c.reasons.includes("blue") && c.priceCents >= 25000 && c.priceCents <= 100000)).toBe(true);
    expect(brief(picked)).toEqual(brief(await fromWholeStore(db, story.customerId, flagship)));
    // The same through an open transaction (its own connection on PostgreSQL, the writer on SQLite).
    expect(brief(await db.transaction((tx) => suggestSetAsides(tx, { customerId: story.customerId, storeId: flagship, now })))).toEqual(brief(picked));
  });

  it("suggests nearly as well as a read of the whole store, for seeded customers with preferences at every store", async () => {
    const db = await createTestDb();
    const { stores } = await seedDatabase(db, { customers: 150, now });
    const people = await db.select({ id: customers.id }).from(customers).innerJoin(customerPreferences, eq(customerPreferences.customerId, customers.id)).orderBy(asc(customers.id)).limit(24);
    expect(people.length).toBeGreaterThan(10);
    const total = (list: Awaited<ReturnType<typeof suggestSetAsides>>) => list.reduce((sum, s) => sum + s.score, 0);
    const shares: number[] = [];
    let same = 0; // lists identical to the whole store's
    for (const { id } of people) {
      for (const store of stores) {
        const narrowed = await suggestSetAsides(db, { customerId: id, storeId: store.id, now });
        const whole = await fromWholeStore(db, id, store.id);
        // As many suggestions, with scores close to the best possible.
        expect(narrowed.length, `customer ${id} at ${store.key}`).toBe(whole.length);
        if (whole.length) shares.push(total(narrowed) / total(whole));
        if (brief(narrowed).join() === brief(whole).join()) same += 1;
      }
    }
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    console.log(`narrowed ÷ whole store, total score: mean ${mean.toFixed(3)}, min ${Math.min(...shares).toFixed(3)}; identical lists ${same} of ${people.length * stores.length}`);
    // Measured on this seed: mean 0.95, min 0.714, 7–8 of 72 lists identical (SQLite, PostgreSQL). What is missed is taste
    // alone (a liked colour in the band, of a brand and category her signals do not point to).
    expect(mean).toBeGreaterThan(0.93);
    expect(Math.min(...shares)).toBeGreaterThan(0.65);
  }, 180_000);

  it("leaves out what is held for her, what she bought and what has no unit free", async () => {
    const db = await createTestDb();
    const { stores, story } = await seedDatabase(db, { customers: 10, now });
    const flagship = stores[0]!.id;
    const before = await suggestSetAsides(db, { customerId: story.customerId, storeId: flagship, now });
    const [first, second] = before;
    // The coat's only free units go on hold for someone else; the second pick is sold out.
    await db.update(storeStock).set({ onHand: 0 }).where(and(eq(storeStock.storeId, flagship), eq(storeStock.variantId, second!.variantId)));
    const others = await db.select({ id: customers.id }).from(customers).where(gt(customers.id, "")).limit(2);
    const staffId = stores[0]!.associateIds[0]!;
    await db.insert(holds).values(
      Array.from({ length: first!.available }, (_, i) => ({ id: `h${i}`, customerId: others.find((o) => o.id !== story.customerId)!.id, variantId: first!.variantId, storeId: flagship, staffId, quantity: 1, expiresAt: new Date(now.getTime() + 86_400_000), idempotencyKey: `k${i}` })),
    );
    const after = await suggestSetAsides(db, { customerId: story.customerId, storeId: flagship, now });
    expect(after.map((s) => s.variantId)).not.toContain(first!.variantId);
    expect(after.map((s) => s.variantId)).not.toContain(second!.variantId);
    expect(brief(after)).toEqual(brief(await fromWholeStore(db, story.customerId, flagship)));
  });

  it("suggests nothing, without failing, for someone with nothing on record", async () => {
    const db = await createTestDb();
    const { stores } = await seedDatabase(db, { customers: 10, now });
    // A customer just added: no preferences, events, posts, purchases or holds.
    await db.insert(customers).values({ id: "new-customer", firstName: "Nora", lastName: "New" });
    const id = "new-customer";
    // Nothing scores above zero: no size, colour, brand, style, band or wanting to go on.
    expect(await suggestSetAsides(db, { customerId: id, storeId: stores[0]!.id, now })).toEqual([]);
    expect(await fromWholeStore(db, id, stores[0]!.id)).toEqual([]);
  });
});
