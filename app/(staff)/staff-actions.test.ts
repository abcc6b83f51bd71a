import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, holds } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import { placeHold } from "@/lib/holds";

// Server actions run for real against a test database; only the session and
// Next's navigation/cache functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

let db: Db;

const { placeHoldAction } = await import("./customers/[id]/hold/actions");
const { changeHoldAction } = await import("./holds/actions");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

let ids: { maya: string; oakAssociate: string; customerId: string; variantId: string; holdId: string; storeId: string };
const count = async (table: typeof holds | typeof auditLog) => (await db.select().from(table)).length;
const holdStatus = async () => (await db.select({ status: holds.status }).from(holds).where(eq(holds.id, ids.holdId)))[0]?.status;

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = await createStore(db, { name: "Fifth Avenue" });
  const oak = await createStore(db, { name: "Oak Street" });
  const maya = (await createStaff(db, { storeId: fifth.id, name: "Maya Chen" })).id;
  const oakAssociate = (await createStaff(db, { storeId: oak.id, name: "Hannah Lewis" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { variantId } = await createVariantInStock(db, { storeId: fifth.id, onHand: 3 });
  const placed = await placeHold(db, { customerId, variantId, storeId: fifth.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() });
  if (!placed.ok) throw new Error("setup");
  ids = { maya, oakAssociate, customerId, variantId, holdId: placed.holdId, storeId: fifth.id };
  testSession.current = null;
});

describe("placeHoldAction", () => {
  const valid = () => ({ customerId: ids.customerId, variantId: ids.variantId, days: "2", note: "", idempotencyKey: randomUUID() });

  it("refuses a caller without a session and writes nothing", async () => {
    const before = [await count(holds), await count(auditLog)];
    expect(await placeHoldAction({}, form(valid()))).toEqual({ message: expect.stringMatching(/session has ended/) });
    expect([await count(holds), await count(auditLog)]).toEqual(before);
  });

  it("returns field errors for invalid input and writes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await count(holds);
    const result = await placeHoldAction({}, form({ ...valid(), days: "9999", idempotencyKey: "not-a-uuid" }));
    expect(result.fieldErrors).toMatchObject({ days: [expect.stringMatching(/at most 14 days/)], idempotencyKey: expect.any(Array) });
    expect(await count(holds)).toBe(before);
  });

  it("places the hold at the caller's own store, whatever the form says", async () => {
    testSession.current = { user: { id: ids.oakAssociate } };
    // Oak Street has none of this variant: the form cannot borrow Fifth Avenue's stock.
    const result = await placeHoldAction({}, form({ ...valid(), storeId: ids.storeId }));
    expect(result.message).toMatch(/None left to hold at Oak Street/);
    expect(await count(holds)).toBe(1);
  });

  it("reveals nothing for a forged customer id", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect(await placeHoldAction({}, form({ ...valid(), customerId: "forged" }))).toEqual({ message: "That customer or item no longer exists." });
    expect(await count(holds)).toBe(1);
  });

  it("places the hold and redirects to the profile for a valid request", async () => {
    testSession.current = { user: { id: ids.maya } };
    await expect(placeHoldAction({}, form(valid()))).rejects.toThrow(`redirect:/customers/${ids.customerId}?notice=hold-placed#holds`);
    expect(await count(holds)).toBe(2);
  });
});

describe("changeHoldAction", () => {
  it("refuses a caller without a session", async () => {
    expect(await changeHoldAction({}, form({ holdId: ids.holdId, change: "release" }))).toMatchObject({ message: expect.stringMatching(/session has ended/) });
    expect(await holdStatus()).toBe("active");
  });

  it("refuses a caller from another store and changes nothing", async () => {
    testSession.current = { user: { id: ids.oakAssociate } };
    for (const change of ["picked_up", "release", "extend"]) {
      expect(await changeHoldAction({}, form({ holdId: ids.holdId, change }))).toEqual({ message: expect.stringMatching(/not at your store/) });
    }
    expect(await holdStatus()).toBe("active");
    expect(await count(auditLog)).toBe(1);
  });

  it("rejects an unknown change and changes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect((await changeHoldAction({}, form({ holdId: ids.holdId, change: "delete" }))).fieldErrors).toHaveProperty("change");
    expect(await holdStatus()).toBe("active");
  });

  it("lets the store's own associate release it", async () => {
    testSession.current = { user: { id: ids.maya } };
    expect(await changeHoldAction({}, form({ holdId: ids.holdId, change: "release" }))).toEqual({ ok: true, message: expect.stringMatching(/Released/), undoId: expect.any(String) });
    expect(await holdStatus()).toBe("released");
  });
});
