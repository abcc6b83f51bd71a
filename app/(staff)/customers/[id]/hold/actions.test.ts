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

const EVERY_DAY_TEN_TO_EIGHT = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => [day, "10:00–20:00"]));

let db: Db;
let fields: { customerId: string; variantId: string };

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};
const place = (days: string) => placeHoldAction({}, form({ ...fields, days, note: "", idempotencyKey: randomUUID() })).catch((e: Error) => ({ ok: e.message.startsWith("redirect:"), message: e.message }));

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue", openingHours: EVERY_DAY_TEN_TO_EIGHT });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 20 });
  fields = { customerId, variantId };
  testSession.current = { user: { id: maya } };
});

// Issue 14, finding 8: `hours=0x10` was read as 16 (Number() reads hex, binary, exponents); days are read as strictly.
describe("placeHoldAction: how long", () => {
  it.each(["0x2", "0b10", "2e0", "2.0", "+2", "02", " 2", "4", "0", "-1", "48", "15", ""])("refuses days=%j and places nothing", async (days) => {
    const result = await place(days);
    expect(result).toMatchObject({ fieldErrors: { days: [expect.any(String)] } });
    expect(await db.select().from(holds)).toHaveLength(0);
  });

  // Issue 13: holds end at the store's closing time, not 24 h after they were placed.
  it.each(["1", "2", "3", "7"])("places a hold for days=%s ending at closing time, in the store's time zone", async (days) => {
    const before = Date.now();
    expect(await place(days)).toMatchObject({ ok: true });
    const [hold] = await db.select({ expiresAt: holds.expiresAt, createdAt: holds.createdAt }).from(holds);
    const clock = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone: "America/New_York" }).format(hold!.expiresAt);
    expect(clock).toBe("8:00 PM");
    const whole = (hold!.expiresAt.getTime() - hold!.createdAt.getTime()) / 86_400_000;
    expect(whole).toBeGreaterThan(Number(days) - 1);
    expect(whole).toBeLessThanOrEqual(Number(days) + 1);
    expect(hold!.createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });
});
