import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { holds } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { placeHoldAction } = await import("./actions");

let db: Db;
let fields: { customerId: string; variantId: string };

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};
const place = (hours: string) => placeHoldAction({}, form({ ...fields, hours, note: "", idempotencyKey: randomUUID() })).catch((e: Error) => ({ ok: e.message.startsWith("redirect:"), message: e.message }));

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue" });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 20 });
  fields = { customerId, variantId };
  testSession.current = { user: { id: maya } };
});

// Issue 14, finding 8: `hours=0x10` was read as 16 (Number() reads hex, binary, exponents).
describe("placeHoldAction: how long", () => {
  it.each(["0x10", "0x30", "0b110000", "4.8e1", "48.0", "+48", "048", " 48", "16", "0", "-24", ""])("refuses hours=%j and places nothing", async (hours) => {
    const result = await place(hours);
    expect(result).toMatchObject({ fieldErrors: { hours: [expect.any(String)] } });
    expect(await db.select().from(holds)).toHaveLength(0);
  });

  it.each(["24", "48", "72", "168"])("places a hold for hours=%s, one of the lengths offered", async (hours) => {
    const before = Date.now();
    expect(await place(hours)).toMatchObject({ ok: true });
    const [hold] = await db.select({ expiresAt: holds.expiresAt, createdAt: holds.createdAt }).from(holds);
    expect(hold!.expiresAt.getTime() - hold!.createdAt.getTime()).toBe(Number(hours) * 3_600_000);
    expect(hold!.createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });
});
