import { afterEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers, outbox } from "@/db/schema";
import { sendLinkToCustomer } from "./customer-links";
import { placeHold } from "./holds";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";

afterEach(() => vi.unstubAllEnvs());

describe("a store's daily sending limit", () => {
  it("refuses the message over the limit with a reason and writes nothing; QR codes, unsent messages and tomorrow are not held back", async () => {
    vi.stubEnv("STORE_DAILY_SEND_LIMIT", "2");
    const db = await createTestDb();
    const store = await createStore(db, { name: "Fifth Avenue", timezone: "America/New_York" });
    const staffId = (await createStaff(db, { storeId: store.id })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "F", email: "a@example.com" });
    await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
    const now = new Date("2026-11-30T15:00:00Z"); // 10 am in New York
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 5 });
    const hold = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, expiresAt: new Date(now.getTime() + 3 * 86_400_000), idempotencyKey: randomUUID(), now });
    if (!hold.ok) throw new Error("setup");
    const send = (channel: "email" | "in_store", transport: "smtp" | "record", at = now) =>
      sendLinkToCustomer(db, { customerId, holdIds: [hold.holdId], channel, message: "Hi", staffId, storeId: store.id, baseUrl: "https://x", transport, now: at });

    expect((await send("email", "smtp")).ok).toBe(true);
    expect((await send("email", "record")).ok).toBe(true); // only kept here: not counted
    expect((await send("email", "smtp")).ok).toBe(true);
    const before = await db.select().from(outbox);
    expect(await send("email", "smtp")).toEqual({ ok: false, reason: "over_daily_limit" });
    expect(await db.select().from(outbox)).toEqual(before);
    expect((await send("in_store", "record")).ok).toBe(true);
    // The store's next day (midnight in New York, not UTC).
    expect((await send("email", "smtp", new Date("2026-12-01T04:30:00Z"))).ok).toBe(false);
    expect((await send("email", "smtp", new Date("2026-12-01T05:30:00Z"))).ok).toBe(true);
  });
});
