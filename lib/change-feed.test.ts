import { describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { changeFeed } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { markHoldPickedUp, placeHold } from "./holds";
import { completeFollowUp, setFollowUp } from "./follow-ups";

describe("the change feed", () => {
  it("announces holds and follow-ups for open pages, in the transaction that made them", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = (await createStaff(db, { storeId: store.id })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "F" });
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
    const feed = () => db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).orderBy(asc(changeFeed.seq));

    const placed = await placeHold(db, { customerId, variantId, storeId: store.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() });
    if (!placed.ok) throw new Error("setup");
    await markHoldPickedUp(db, { holdId: placed.holdId, storeId: store.id, staffId: maya });
    const set = await setFollowUp(db, { customerId, staffId: maya, storeId: store.id, dueOn: "2026-11-30", reason: "r" });
    if (!set.ok) throw new Error("setup");
    await completeFollowUp(db, { followUpId: set.id, staffId: maya, storeId: store.id, how: "call" });
    const expected = (kind: string) => ({ kind, customerId, storeId: store.id });
    expect(await feed()).toEqual([expected("hold"), expected("hold"), expected("follow_up"), expected("follow_up")]);

    // A refused change announces nothing.
    expect((await placeHold(db, { customerId, variantId, storeId: store.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() })).ok).toBe(false);
    expect(await feed()).toHaveLength(4);
  });
});
