import { describe, expect, it } from "vitest";
import { purchaseLines, purchases } from "@/db/schema";
import { getCustomerProfile } from "@/lib/customer-profile";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStore } from "@/lib/testing/factories";

describe("getCustomerProfile: purchases", () => {
  it("shows her latest 20 purchases, each with exactly its own lines, ties at the cut included", async () => {
    const db = await createTestDb();
    const store = await createStore(db, { name: "Fifth Avenue" });
    const herId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernandez", homeStoreId: store.id });
    const otherId = await createCustomer(db, { firstName: "Renée", lastName: "Moreau", homeStoreId: store.id });
    const day = 86_400_000;
    const start = Date.UTC(2026, 0, 1);
    // 24 purchases, one a day for days 0–19 but for p-04 (day 3, the same moment as p-03), and four on day 20.
    // Latest first: the four of day 20, days 19–5, then one of the two on day 3: the 20th falls inside a tie.
    const made: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < 24; i++) {
      const at = start + (i === 4 ? 3 : Math.min(i, 20)) * day;
      const id = `p-${String(i).padStart(2, "0")}`;
      made.push({ id, at });
      await db.insert(purchases).values({ id, customerId: herId, channel: "store", storeId: store.id, orderRef: `R${i}`, totalCents: 1000 + i, purchasedAt: new Date(at) });
      await db.insert(purchaseLines).values([
        { id: `${id}-a`, purchaseId: id, description: `${id} first`, quantity: 1, unitPriceCents: 500 },
        { id: `${id}-b`, purchaseId: id, description: `${id} second`, quantity: 2, unitPriceCents: 250 },
      ]);
    }
    // Someone else's purchase, at the latest moment of all: never hers.
    await db.insert(purchases).values({ id: "p-other", customerId: otherId, channel: "store", storeId: store.id, orderRef: "X", totalCents: 1, purchasedAt: new Date(start + 30 * day) });
    await db.insert(purchaseLines).values({ id: "p-other-a", purchaseId: "p-other", description: "not hers", quantity: 1, unitPriceCents: 1 });

    const profile = await getCustomerProfile(db, { customerId: herId, now: new Date(start + 40 * day) });
    const shown = profile!.purchases;
    expect(shown).toHaveLength(20);
    // Latest first; at the same moment, by id (the last one first).
    const expected = [...made].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).slice(0, 20);
    expect(shown.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    for (const purchase of shown) {
      expect(purchase.lines.map((l) => l.description).sort()).toEqual([`${purchase.id} first`, `${purchase.id} second`]);
    }
    expect(profile!.lifetime).toEqual({ spendCents: made.reduce((sum, _p, i) => sum + 1000 + i, 0), purchaseCount: 24 });
  });

  it("has no purchases and no lines for someone who bought nothing", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const herId = await createCustomer(db, { firstName: "Maya", lastName: "Lin", homeStoreId: store.id });
    const profile = await getCustomerProfile(db, { customerId: herId });
    expect(profile!.purchases).toEqual([]);
    expect(profile!.lifetime).toEqual({ spendCents: 0, purchaseCount: 0 });
  });
});
