import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { changeFeed } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { markHoldPickedUp, placeHold } from "./holds";
import { completeFollowUp, setFollowUp } from "./follow-ups";

describe("the change feed", () => {
  it("announces holds and follow-ups for open pages, in the transaction that made them", () => {
    const db = createTestDb();
    const store = createStore(db);
    const maya = createStaff(db, { storeId: store.id }).id;
    const customerId = createCustomer(db, { firstName: "Alicia", lastName: "F" });
    const { variantId } = createVariantInStock(db, { storeId: store.id, onHand: 1 });
    const feed = () => db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId }).from(changeFeed).all();

    const placed = placeHold(db, { customerId, variantId, storeId: store.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() });
    if (!placed.ok) throw new Error("setup");
    markHoldPickedUp(db, { holdId: placed.holdId, storeId: store.id, staffId: maya });
    const set = setFollowUp(db, { customerId, staffId: maya, storeId: store.id, dueOn: "2026-11-30", reason: "r" });
    if (!set.ok) throw new Error("setup");
    completeFollowUp(db, { followUpId: set.id, staffId: maya, storeId: store.id, how: "call" });
    const expected = (kind: string) => ({ kind, customerId, storeId: store.id });
    expect(feed()).toEqual([expected("hold"), expected("hold"), expected("follow_up"), expected("follow_up")]);

    // A refused change announces nothing.
    expect(placeHold(db, { customerId, variantId, storeId: store.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() }).ok).toBe(false);
    expect(feed()).toHaveLength(4);
  });
});
