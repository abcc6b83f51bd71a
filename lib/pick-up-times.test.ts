import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customers, storeClosures } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { localTimeOn } from "./dates";
import { placeHold } from "./holds";
import { respondFromLink, sendLinkToCustomer } from "./customer-links";
import { lastPickUpAnswer, linkPickUpChoices } from "./pick-up-times";

// Issue 13: at 7 pm on a Sunday, with the store closed at 6, the page offered "Today after 6pm".
const HOURS = { mon: "10:00–20:00", tue: "10:00–20:00", wed: "10:00–20:00", thu: "10:00–21:00", fri: "10:00–21:00", sat: "10:00–20:00", sun: "11:00–18:00" };
const ny = (day: string, time: string) => localTimeOn(day, time, "America/New_York");
const sundayEvening = ny("2026-11-22", "19:00");

let db: Db;
let link: { id: string; storeId: string; token: string };

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { openingHours: HOURS, timezone: "America/New_York" });
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  await db.insert(storeClosures).values({ storeId: store.id, day: "2026-11-24", reason: "Inventory" });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
  // Placed at 7 pm on Sunday for 2 days: until closing on Wednesday (Tuesday is closed).
  const placed = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, days: 2, idempotencyKey: "k", now: sundayEvening });
  if (!placed.ok) throw new Error(placed.reason);
  const sent = await sendLinkToCustomer(db, { customerId, holdIds: [placed.holdId], channel: "email", message: "it is waiting.", staffId, storeId: store.id, baseUrl: "https://shop.example", now: sundayEvening });
  if (!sent.ok) throw new Error(sent.reason);
  link = { id: sent.linkId, storeId: store.id, token: sent.token };
});

describe("linkPickUpChoices", () => {
  it("offers no time today after closing, skips the closure and stops when the hold ends", async () => {
    const choices = await linkPickUpChoices(db, { linkId: link.id, storeId: link.storeId, now: sundayEvening });
    expect(choices.map((c) => c.label)).toEqual(["Tomorrow, 10:00 AM – 8:00 PM", "Wednesday, Nov 25, 10:00 AM – 8:00 PM"]);
  });

  it("offers nothing once the holds have ended", async () => {
    expect(await linkPickUpChoices(db, { linkId: link.id, storeId: link.storeId, now: ny("2026-11-25", "20:30") })).toEqual([]);
  });
});

describe("lastPickUpAnswer", () => {
  it("is the latest recorded answer, so the page shows it again on reload", async () => {
    expect(await lastPickUpAnswer(db, { linkId: link.id })).toBeNull();
    await respondFromLink(db, { token: link.token, kind: "coming", detail: "Mon, Nov 23, 10:00 AM – 8:00 PM", now: sundayEvening });
    await respondFromLink(db, { token: link.token, kind: "question", detail: "Is it lined?", now: new Date(sundayEvening.getTime() + 60_000) });
    await respondFromLink(db, { token: link.token, kind: "coming", detail: "Wed, Nov 25, 10:00 AM – 8:00 PM", now: new Date(sundayEvening.getTime() + 120_000) });
    expect(await lastPickUpAnswer(db, { linkId: link.id })).toBe("Wed, Nov 25, 10:00 AM – 8:00 PM");
  });
});
