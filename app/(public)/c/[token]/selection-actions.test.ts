import { beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customers, holds, selectionItems, stores } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import { addToSelection, sendSelection } from "@/lib/selections";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.example", "x-forwarded-for": "203.0.113.9" }) }));
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { answerSelectionAction } = await import("./selection-actions");
const HOURS = { mon: "10:00-20:00", tue: "10:00-20:00", wed: "10:00-20:00", thu: "10:00-20:00", fri: "10:00-20:00", sat: "10:00-20:00", sun: "10:00-20:00" };

let db: Db;
let token: string;
let itemId: string;

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { openingHours: HOURS });
  await db.update(stores).set({ openingHours: HOURS }).where(eq(stores.id, store.id));
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "a@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
  const added = await addToSelection(db, { customerId, storeId: store.id, staffId, variantId });
  if (!added.ok) throw new Error(added.reason);
  itemId = added.itemId;
  const sent = await sendSelection(db, { customerId, storeId: store.id, staffId, message: "Hi", lines: { [itemId]: "For you" }, channel: "in_store", baseUrl: "https://shop.example" });
  if (!sent.ok) throw new Error(sent.reason);
  token = sent.token;
});

describe("answerSelectionAction", () => {
  it("holds the item for her", async () => {
    expect(await answerSelectionAction({}, form({ token, itemId, kind: "hold" }))).toMatchObject({ ok: true, response: "held", message: "Held for you." });
    expect(await db.select().from(holds)).toHaveLength(1);
  });

  it("refuses a malformed token, an unknown kind or a question too long, and changes nothing", async () => {
    expect(await answerSelectionAction({}, form({ token: "short", itemId, kind: "hold" }))).toMatchObject({ message: "Please check your answer. Nothing was changed." });
    expect(await answerSelectionAction({}, form({ token, itemId, kind: "buy" }))).toMatchObject({ message: "Please check your answer. Nothing was changed." });
    expect(await answerSelectionAction({}, form({ token, itemId, kind: "ask", text: "x".repeat(501) }))).toMatchObject({ fieldErrors: { text: ["Keep it under 500 characters."] } });
    expect(await answerSelectionAction({}, form({ token: "A".repeat(43), itemId, kind: "hold" }))).toEqual({ message: "This link is no longer active." });
    expect(await answerSelectionAction({}, form({ token, itemId: "not-an-item", kind: "not_for_me" }))).toEqual({ message: "That item is no longer in your selection." });
    expect(await db.select().from(holds)).toHaveLength(0);
    const [item] = await db.select().from(selectionItems);
    expect(item!.response).toBeNull();
  });

  it("keeps 'not for me' with an optional reason", async () => {
    expect(await answerSelectionAction({}, form({ token, itemId, kind: "not_for_me", reason: "Not my colour" }))).toMatchObject({ ok: true, response: "not_for_me" });
    const [item] = await db.select().from(selectionItems);
    expect(item).toMatchObject({ response: "not_for_me", reason: "Not my colour" });
  });
});
