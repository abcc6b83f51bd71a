import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, holds, purchases, storeStock } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { extendHold, getAvailability, listStoreHolds, markHoldPickedUp, placeHold, releaseHold } from "./holds";

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");
let db: Db;
let ctx: { storeId: string; otherStoreId: string; staffId: string; otherStaffId: string; customerId: string; variantId: string; holdId: string };

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue" });
  const other = await createStore(db, { name: "Oak Street" });
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const otherStaffId = (await createStaff(db, { storeId: other.id })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
  const placed = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, expiresAt: new Date(now.getTime() + 48 * HOUR), idempotencyKey: "k", now });
  if (!placed.ok) throw new Error("setup failed");
  ctx = { storeId: store.id, otherStoreId: other.id, staffId, otherStaffId, customerId, variantId, holdId: placed.holdId };
});

const status = async () => (await db.select({ status: holds.status }).from(holds).where(eq(holds.id, ctx.holdId)).limit(1))[0]?.status;

describe("hold changes", () => {
  it("picking up records a store sale for the associate, moves the last visit and takes the unit off the shelf", async () => {
    expect(await markHoldPickedUp(db, { holdId: ctx.holdId, storeId: ctx.storeId, staffId: ctx.staffId, now })).toEqual({ ok: true, auditId: expect.any(String) });
    expect(await status()).toBe("picked_up");
    expect(await db.select().from(purchases).where(eq(purchases.customerId, ctx.customerId))).toMatchObject([{ channel: "store", staffId: ctx.staffId, totalCents: 50000 }]);
    expect((await db.select({ at: customers.lastVisitAt }).from(customers).where(eq(customers.id, ctx.customerId)))[0]?.at).toEqual(now);
    expect((await db.select({ onHand: storeStock.onHand }).from(storeStock).where(eq(storeStock.variantId, ctx.variantId)))[0]?.onHand).toBe(0);
    expect((await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action).sort()).toEqual(["hold.picked_up", "hold.placed"]);
    // Picked up already: another tablet's tap sells nothing more.
    expect(await markHoldPickedUp(db, { holdId: ctx.holdId, storeId: ctx.storeId, staffId: ctx.staffId, now })).toEqual({ ok: false, reason: "not_found" });
    expect(await db.select().from(purchases)).toHaveLength(1);
  });

  it("two pick-ups of one hold at the same moment make one sale", async () => {
    const args = { holdId: ctx.holdId, storeId: ctx.storeId, staffId: ctx.staffId, now };
    const results = await Promise.all([markHoldPickedUp(db, args), markHoldPickedUp(db, args), releaseHold(db, args)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await db.select().from(purchases)).length).toBeLessThanOrEqual(1);
    expect((await db.select({ action: auditLog.action }).from(auditLog)).filter((a) => a.action !== "hold.placed")).toHaveLength(1);
  });

  it("releasing frees the unit at once", async () => {
    expect(await getAvailability(db, { storeId: ctx.storeId, variantId: ctx.variantId, now })).toBe(0);
    expect(await releaseHold(db, { holdId: ctx.holdId, storeId: ctx.storeId, staffId: ctx.staffId, now })).toEqual({ ok: true, auditId: expect.any(String) });
    expect(await status()).toBe("released");
    expect(await getAvailability(db, { storeId: ctx.storeId, variantId: ctx.variantId, now })).toBe(1);
  });

  it("another store cannot see or change the hold, and nothing changes", async () => {
    const args = { holdId: ctx.holdId, storeId: ctx.otherStoreId, staffId: ctx.otherStaffId, now };
    expect(await markHoldPickedUp(db, args)).toEqual({ ok: false, reason: "not_found" });
    expect(await releaseHold(db, args)).toEqual({ ok: false, reason: "not_found" });
    expect(await extendHold(db, args)).toEqual({ ok: false, reason: "not_found" });
    expect(await status()).toBe("active");
    expect(await db.select().from(auditLog)).toHaveLength(1);
  });

  it("extends from the current expiry, and renews an expired hold only while a unit is free", async () => {
    expect(await extendHold(db, { holdId: ctx.holdId, storeId: ctx.storeId, staffId: ctx.staffId, now })).toMatchObject({ ok: true });
    expect((await db.select({ e: holds.expiresAt }).from(holds).where(eq(holds.id, ctx.holdId)))[0]?.e).toEqual(new Date(now.getTime() + 72 * HOUR));

    const later = new Date(now.getTime() + 80 * HOUR); // expired; the unit is free again
    const other = await createCustomer(db, { firstName: "Zoë", lastName: "Kim" });
    expect(await placeHold(db, { customerId: other, variantId: ctx.variantId, storeId: ctx.storeId, staffId: ctx.staffId, expiresAt: new Date(later.getTime() + HOUR), idempotencyKey: "k2", now: later })).toMatchObject({ ok: true });
    expect(await extendHold(db, { holdId: ctx.holdId, storeId: ctx.storeId, staffId: ctx.staffId, now: later })).toEqual({ ok: false, reason: "unavailable", available: 0 });
  });

  it("lists the store's open holds soonest first, including expired ones still on the shelf", async () => {
    const list = await listStoreHolds(db, { storeId: ctx.storeId });
    expect(list.map((h) => h.id)).toEqual([ctx.holdId]);
    expect(await listStoreHolds(db, { storeId: ctx.otherStoreId })).toEqual([]);
  });
});
