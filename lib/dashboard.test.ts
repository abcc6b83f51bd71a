import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { holds, notes, socialMentions } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { getStoreDashboard } from "./dashboard";

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
const period = { from: ago(30 * 24), to: now };

describe("getStoreDashboard", () => {
  it("matches figures counted by hand on a small store", async () => {
    const db = createTestDb();
    const store = createStore(db);
    const other = createStore(db, { name: "Elsewhere" });
    const maya = createStaff(db, { storeId: store.id, name: "Maya Chen" }).id;
    const sam = createStaff(db, { storeId: store.id, name: "Sam Okafor" }).id;
    const outsider = createStaff(db, { storeId: other.id }).id;
    const customerId = createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
    const { variantId } = createVariantInStock(db, { storeId: store.id, onHand: 20 }); // $500
    const { variantId: otherVariant } = createVariantInStock(db, { storeId: other.id, onHand: 5 });

    const hold = (staffId: string, status: "active" | "picked_up" | "released" | "expired", createdHoursAgo: number, expiresInHours = 24, storeId = store.id, v = variantId) =>
      db.insert(holds).values({ id: randomUUID(), customerId, variantId: v, storeId, staffId, status, createdAt: ago(createdHoursAgo), expiresAt: new Date(ago(createdHoursAgo).getTime() + expiresInHours * HOUR), idempotencyKey: randomUUID() }).run();
    // Maya: 4 placed in the period: 2 picked up, 1 released, 1 active but past expiry (expired).
    hold(maya, "picked_up", 48);
    hold(maya, "picked_up", 10);
    hold(maya, "released", 20);
    hold(maya, "active", 72, 24);
    // Sam: 2 placed: 1 expired, 1 still active and in time.
    hold(sam, "expired", 100);
    hold(sam, "active", 2, 48);
    // Outside the period or the store: not counted.
    hold(maya, "picked_up", 40 * 24);
    hold(outsider, "picked_up", 5, 24, other.id, otherVariant);

    const mention = (status: "new" | "replied" | "dismissed", postedHoursAgo: number, answer?: { by: string; afterMinutes: number }) =>
      db.insert(socialMentions).values({
        id: randomUUID(), network: "x", externalId: randomUUID(), handle: "h", text: "t", url: "https://x.com/h/status/1", postedAt: ago(postedHoursAgo), storeId: store.id, status,
        ...(answer ? { repliedByStaffId: answer.by, repliedAt: new Date(ago(postedHoursAgo).getTime() + answer.afterMinutes * 60_000), replyText: "thanks" } : {}),
      }).run();
    // 7 received: 4 answered (Maya 30 and 90 min, Sam 10 and 600 min), 1 dismissed, 2 new (one over 24 h old).
    mention("replied", 50, { by: maya, afterMinutes: 30 });
    mention("replied", 60, { by: maya, afterMinutes: 90 });
    mention("replied", 70, { by: sam, afterMinutes: 10 });
    mention("replied", 80, { by: sam, afterMinutes: 600 });
    mention("dismissed", 30);
    mention("new", 30);
    mention("new", 3);

    for (const [staffId, hoursAgo] of [[maya, 5], [maya, 6], [sam, 7], [maya, 35 * 24]] as const) {
      db.insert(notes).values({ id: randomUUID(), customerId, staffId, storeId: store.id, body: "n", createdAt: ago(hoursAgo) }).run();
    }

    const { totals, perAssociate } = await getStoreDashboard(db, { storeId: store.id, period, now });
    expect(totals).toEqual({
      holdsPlaced: 6,
      pickedUp: 2,
      conversion: 2 / 6,
      released: 1,
      expired: 2,
      pickedUpValueCents: 100000,
      notesWritten: 3,
      mentionsReceived: 7,
      mentionsAnswered: 4,
      answerRate: 4 / 7,
      medianAnswerMinutes: 60, // 10, 30, 90, 600 → (30 + 90) / 2
      unansweredOver24h: 1,
    });
    const byName = Object.fromEntries(perAssociate.map((a) => [a.name, a]));
    expect(byName["Maya Chen"]).toMatchObject({ holdsPlaced: 4, pickedUp: 2, conversion: 0.5, released: 1, expired: 1, pickedUpValueCents: 100000, mentionsAnswered: 2, medianAnswerMinutes: 60, notesWritten: 2 });
    expect(byName["Sam Okafor"]).toMatchObject({ holdsPlaced: 2, pickedUp: 0, conversion: 0, released: 0, expired: 1, mentionsAnswered: 2, medianAnswerMinutes: 305, notesWritten: 1 });
  });

  it("reports nothing, not zero-division, for an empty period", async () => {
    const db = createTestDb();
    const store = createStore(db);
    createStaff(db, { storeId: store.id, name: "Maya Chen" });
    const { totals, perAssociate } = await getStoreDashboard(db, { storeId: store.id, period, now });
    expect(totals).toMatchObject({ holdsPlaced: 0, conversion: null, answerRate: null, medianAnswerMinutes: null });
    expect(perAssociate).toEqual([expect.objectContaining({ name: "Maya Chen", conversion: null, medianAnswerMinutes: null })]);
  });
});
