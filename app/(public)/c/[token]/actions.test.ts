import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customers, linkResponses } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import { localTimeOn } from "@/lib/dates";
import { placeHold } from "@/lib/holds";
import { sendLinkToCustomer } from "@/lib/customer-links";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.example", "x-forwarded-for": "203.0.113.9" }) }));
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { respondAction } = await import("./actions");

// Issue 13: at 7 pm on a Sunday, the store closed at 6, the page offered and ticked "Today after 6pm".
const HOURS = { mon: "10:00–20:00", tue: "10:00–20:00", wed: "10:00–20:00", thu: "10:00–21:00", fri: "10:00–21:00", sat: "10:00–20:00", sun: "11:00–18:00" };
const sundayEvening = localTimeOn("2026-11-22", "19:00", "America/New_York");

let db: Db;
let token: string;

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};

beforeEach(async () => {
  // Only the clock is fixed; the database drivers' timers run as usual.
  vi.useFakeTimers({ toFake: ["Date"], now: sundayEvening });
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { openingHours: HOURS });
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
  const placed = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, days: 2, idempotencyKey: "k", now: sundayEvening });
  if (!placed.ok) throw new Error(placed.reason);
  const sent = await sendLinkToCustomer(db, { customerId, holdIds: [placed.holdId], channel: "email", message: "it is waiting.", staffId, storeId: store.id, baseUrl: "https://shop.example", now: sundayEvening });
  if (!sent.ok) throw new Error(sent.reason);
  token = sent.token;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("respondAction: when the customer will come", () => {
  it.each([["2026-11-22", "today, after closing"], ["2026-11-25", "after the hold ends"], ["2026-11-21", "in the past"], ["Today after 6pm", "the old fixed choice"]])("refuses %s (%s) and records nothing", async (when) => {
    const result = await respondAction({}, form({ token, kind: "coming", when }));
    expect(result.ok).toBeFalsy();
    expect(result.fieldErrors?.when).toEqual([expect.any(String)]);
    expect(await db.select().from(linkResponses)).toHaveLength(0);
  });

  it("records a day the store is open as its window, and answers with it so the page can show it", async () => {
    const result = await respondAction({}, form({ token, kind: "coming", when: "2026-11-23" }));
    expect(result).toEqual({ ok: true, message: "Thank you, we will be ready for you.", chosen: "Mon, Nov 23, 10:00 AM – 8:00 PM" });
    expect(await db.select({ kind: linkResponses.kind, detail: linkResponses.detail }).from(linkResponses)).toEqual([{ kind: "coming", detail: "Mon, Nov 23, 10:00 AM – 8:00 PM" }]);
  });

  it("records another time in the customer's words", async () => {
    expect(await respondAction({}, form({ token, kind: "coming", when: "other", other: "Tuesday lunchtime" }))).toMatchObject({ ok: true, chosen: "Tuesday lunchtime" });
  });
});
