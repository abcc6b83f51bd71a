import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { contacts, customerLinks, followUps, holds, inboundMessages, linkResponses, notes, socialMentions } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { getStoreDashboard, getStoreTrend } from "./dashboard";
import { bucketEdges, resolvePeriod } from "./periods";
import { addDays, startOfLocalDay } from "./dates";

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
const period = { from: ago(30 * 24), to: now };

describe("getStoreDashboard", () => {
  it("matches figures counted by hand on a small store", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const other = await createStore(db, { name: "Elsewhere" });
    const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
    const sam = (await createStaff(db, { storeId: store.id, name: "Sam Okafor" })).id;
    const outsider = (await createStaff(db, { storeId: other.id })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 20 }); // $500
    const { variantId: otherVariant } = await createVariantInStock(db, { storeId: other.id, onHand: 5 });

    const hold = (staffId: string, status: "active" | "picked_up" | "released" | "expired", createdHoursAgo: number, expiresInHours = 24, storeId = store.id, v = variantId) =>
      db.insert(holds).values({ id: randomUUID(), customerId, variantId: v, storeId, staffId, status, createdAt: ago(createdHoursAgo), expiresAt: new Date(ago(createdHoursAgo).getTime() + expiresInHours * HOUR), idempotencyKey: randomUUID() });
    // Maya: 4 placed in the period: 2 picked up, 1 released, 1 active but past expiry (expired).
    await hold(maya, "picked_up", 48);
    await hold(maya, "picked_up", 10);
    await hold(maya, "released", 20);
    await hold(maya, "active", 72, 24);
    // Sam: 2 placed: 1 expired, 1 still active and in time.
    await hold(sam, "expired", 100);
    await hold(sam, "active", 2, 48);
    // Outside the period or the store: not counted.
    await hold(maya, "picked_up", 40 * 24);
    await hold(outsider, "picked_up", 5, 24, other.id, otherVariant);

    const mention = (status: "new" | "replied" | "dismissed", postedHoursAgo: number, answer?: { by: string; afterMinutes: number }) =>
      db.insert(socialMentions).values({
        id: randomUUID(), network: "x", externalId: randomUUID(), handle: "h", text: "t", url: "https://x.com/h/status/1", postedAt: ago(postedHoursAgo), storeId: store.id, status,
        ...(answer ? { repliedByStaffId: answer.by, repliedAt: new Date(ago(postedHoursAgo).getTime() + answer.afterMinutes * 60_000), replyText: "thanks" } : {}),
      });
    // 7 received: 4 answered (Maya 30 and 90 min, Sam 10 and 600 min), 1 dismissed, 2 new (one over 24 h old).
    await mention("replied", 50, { by: maya, afterMinutes: 30 });
    await mention("replied", 60, { by: maya, afterMinutes: 90 });
    await mention("replied", 70, { by: sam, afterMinutes: 10 });
    await mention("replied", 80, { by: sam, afterMinutes: 600 });
    await mention("dismissed", 30);
    await mention("new", 30);
    await mention("new", 3);

    for (const [staffId, hoursAgo] of [[maya, 5], [maya, 6], [sam, 7], [maya, 35 * 24]] as const) {
      await db.insert(notes).values({ id: randomUUID(), customerId, staffId, storeId: store.id, body: "n", createdAt: ago(hoursAgo) });
    }

    // Clients contacted: Maya reached Alicia twice and Ben once, Sam reached Alicia: 2, 1, and 2 overall.
    const ben = await createCustomer(db, { firstName: "Ben", lastName: "Ortiz" });
    const contact = (staffId: string, customer: string, hoursAgo: number, storeId = store.id) =>
      db.insert(contacts).values({ id: randomUUID(), customerId: customer, staffId, storeId, kind: "call", at: ago(hoursAgo) });
    await contact(maya, customerId, 5);
    await contact(maya, customerId, 50);
    await contact(maya, ben, 7);
    await contact(sam, customerId, 9);
    await contact(sam, ben, 31 * 24); // before the period
    await contact(outsider, ben, 3, other.id); // another store

    // Follow-ups: Maya did one in the period and one before it; Sam has two overdue and one due today.
    const followUp = (staffId: string, dueOn: string, status: "open" | "done", doneHoursAgo?: number) =>
      db.insert(followUps).values({ id: randomUUID(), customerId, storeId: store.id, staffId, createdByStaffId: staffId, dueOn, reason: "r", status, ...(doneHoursAgo ? { doneAt: ago(doneHoursAgo), doneByStaffId: staffId } : {}) });
    await followUp(maya, "2026-11-20", "done", 20);
    await followUp(maya, "2026-10-01", "done", 40 * 24);
    await followUp(sam, "2026-11-20", "open");
    await followUp(sam, "2026-11-22", "open");
    await followUp(sam, "2026-11-23", "open");

    const { totals, perAssociate } = await getStoreDashboard(db, { storeId: store.id, period, now, today: "2026-11-23" });
    expect(totals).toEqual({
      holdsPlaced: 6,
      stillOpen: 1,
      pickedUp: 2,
      conversion: 2 / 5, // of the 5 holds that have ended

      released: 1,
      expired: 2,
      pickedUpValueCents: 100000,
      notesWritten: 3,
      clientsContacted: 2,
      followUpsDone: 1,
      followUpsOverdue: 2,
      mentionsReceived: 7,
      mentionsAnswered: 4,
      postsAnswerRate: 4 / 7,
      postsUnansweredOver24h: 1,
      // No texts or emails: every channel is the posts.
      received: 7,
      answered: 4,
      answerRate: 4 / 7,
      medianAnswerMinutes: 60, // 10, 30, 90, 600 → (30 + 90) / 2
      unansweredOver24h: 1,
    });
    const byName = Object.fromEntries(perAssociate.map((a) => [a.name, a]));
    expect(byName["Maya Chen"]).toMatchObject({ holdsPlaced: 4, stillOpen: 0, pickedUp: 2, conversion: 0.5, released: 1, expired: 1, pickedUpValueCents: 100000, mentionsAnswered: 2, medianAnswerMinutes: 60, notesWritten: 2, clientsContacted: 2, followUpsDone: 1, followUpsOverdue: 0 });
    expect(byName["Sam Okafor"]).toMatchObject({ holdsPlaced: 2, stillOpen: 1, pickedUp: 0, conversion: 0, released: 0, expired: 1, mentionsAnswered: 2, medianAnswerMinutes: 305, notesWritten: 1, clientsContacted: 1, followUpsDone: 0, followUpsOverdue: 2 });
  });

  it("counts texts, emails and page questions with posts: per associate, per channel and in the store's answer rate and median", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
    const message = (channel: "sms" | "email", status: "waiting" | "answered" | "dismissed", receivedHoursAgo: number, answer?: { by: string; afterMinutes: number }, storeId = store.id) =>
      db.insert(inboundMessages).values({
        id: randomUUID(), storeId, channel, sender: channel === "sms" ? "+12125550123" : "a@example.com", body: "b", providerId: randomUUID(), status, receivedAt: ago(receivedHoursAgo),
        ...(answer ? { answeredByStaffId: answer.by, answeredAt: new Date(ago(receivedHoursAgo).getTime() + answer.afterMinutes * 60_000) } : {}),
      });
    // One post Maya answered in 20 minutes; texts: 2 answered by Maya (10 and 40 min), 1 waiting 30 h; email: 1 answered (120 min), 1 dismissed.
    await db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "p", handle: "h", text: "t", url: "u", postedAt: ago(10), storeId: store.id, status: "replied", repliedByStaffId: maya, repliedAt: new Date(ago(10).getTime() + 20 * 60_000) });
    await message("sms", "answered", 5, { by: maya, afterMinutes: 10 });
    await message("sms", "answered", 6, { by: maya, afterMinutes: 40 });
    await message("sms", "waiting", 30);
    await message("email", "answered", 7, { by: maya, afterMinutes: 120 });
    await message("email", "dismissed", 8);
    // Page questions: one answered by Maya in 50 minutes, one still waiting (3 h).
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
    const linkId = randomUUID();
    await db.insert(customerLinks).values({ id: linkId, customerId, storeId: store.id, staffId: maya, tokenHash: randomUUID(), channel: "email", message: "", createdAt: ago(20), expiresAt: ago(-100) });
    await db.insert(linkResponses).values({ id: randomUUID(), linkId, customerId, storeId: store.id, kind: "question", detail: "In a 6?", createdAt: ago(9), answeredAt: new Date(ago(9).getTime() + 50 * 60_000), answeredByStaffId: maya });
    await db.insert(linkResponses).values({ id: randomUUID(), linkId, customerId, storeId: store.id, kind: "question", detail: "Friday?", createdAt: ago(3) });
    await db.insert(linkResponses).values({ id: randomUUID(), linkId, customerId, storeId: store.id, kind: "coming", detail: "Friday 6 pm", createdAt: ago(3) });
    // Outside the period or the store: not counted.
    await message("sms", "answered", 40 * 24, { by: maya, afterMinutes: 1 });
    await message("sms", "waiting", 2, undefined, (await createStore(db, { name: "Elsewhere" })).id);

    for (const countRows of [false, true]) {
      const { totals, perAssociate, byChannel } = await getStoreDashboard(db, { storeId: store.id, period, now, today: "2026-11-23", countRows });
      expect(perAssociate).toEqual([expect.objectContaining({ name: "Maya Chen", mentionsAnswered: 1, messagesAnswered: 4, answered: 5, medianAnswerMinutes: 40 })]); // 10, 20, 40, 50, 120
      expect(totals).toMatchObject({ received: 8, answered: 5, answerRate: 5 / 8, medianAnswerMinutes: 40, unansweredOver24h: 1, mentionsReceived: 1, postsAnswerRate: 1 });
      expect(byChannel).toEqual([
        { channel: "posts", received: 1, answered: 1, answerRate: 1, medianAnswerMinutes: 20, unansweredOver24h: 0 },
        { channel: "sms", received: 3, answered: 2, answerRate: 2 / 3, medianAnswerMinutes: 25, unansweredOver24h: 1 },
        { channel: "email", received: 2, answered: 1, answerRate: 0.5, medianAnswerMinutes: 120, unansweredOver24h: 0 },
        { channel: "page", received: 2, answered: 1, answerRate: 0.5, medianAnswerMinutes: 50, unansweredOver24h: 0 },
      ]);
    }
  });

  it("reports nothing, not zero-division, for an empty period", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    await createStaff(db, { storeId: store.id, name: "Maya Chen" });
    const { totals, perAssociate } = await getStoreDashboard(db, { storeId: store.id, period, now, today: "2026-11-23" });
    expect(totals).toMatchObject({ clientsContacted: 0, followUpsOverdue: 0, holdsPlaced: 0, conversion: null, answerRate: null, medianAnswerMinutes: null });
    expect(perAssociate).toEqual([expect.objectContaining({ name: "Maya Chen", conversion: null, medianAnswerMinutes: null })]);
  });
});

describe("getStoreTrend", () => {
  it("counts each day's holds and posts in its own bar", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = (await createStaff(db, { storeId: store.id })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 10 });
    const start = new Date("2026-11-20T05:00:00Z");
    const at = (days: number, hours = 0) => new Date(start.getTime() + days * 24 * HOUR + hours * HOUR);
    const hold = (created: Date, status: "active" | "picked_up", resolved?: Date) =>
      db.insert(holds).values({ id: randomUUID(), customerId, variantId, storeId: store.id, staffId: maya, status, createdAt: created, expiresAt: new Date(created.getTime() + 48 * HOUR), resolvedAt: resolved ?? null, idempotencyKey: randomUUID() });
    await hold(at(0, 1), "picked_up", at(1, 3)); // placed day 0, picked up day 1
    await hold(at(0, 23), "active"); // still day 0
    await hold(at(2, 0), "active"); // day 2, first instant
    await hold(at(3, 0), "active"); // after the period
    await db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "1", handle: "h", text: "t", url: "u", postedAt: at(1, 2), storeId: store.id, status: "replied", repliedAt: at(2, 1), repliedByStaffId: maya });

    const trend = await getStoreTrend(db, { storeId: store.id, edges: [start, at(1), at(2), at(3)] });
    expect(trend.map((d) => [d.start.toISOString(), d.holdsPlaced, d.pickedUp, d.mentionsReceived, d.mentionsAnswered])).toEqual([
      ["2026-11-20T05:00:00.000Z", 2, 0, 0, 0],
      ["2026-11-21T05:00:00.000Z", 0, 1, 1, 0],
      ["2026-11-22T05:00:00.000Z", 1, 0, 0, 1],
    ]);
  });
});

describe("trend buckets", () => {
  it("are the store's calendar days, also across a clock change", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = (await createStaff(db, { storeId: store.id })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 10 });
    // New York leaves daylight saving at 2:00 on Sunday, Nov 1, 2026: that day has 25 hours.
    const { period } = resolvePeriod({ days: "7" }, { timeZone: "America/New_York", now: new Date("2026-11-03T15:00:00Z") });
    const edges = bucketEdges(period, "America/New_York");
    expect(edges.map((e) => e.toISOString())).toEqual([
      "2026-10-28T04:00:00.000Z", "2026-10-29T04:00:00.000Z", "2026-10-30T04:00:00.000Z", "2026-10-31T04:00:00.000Z",
      "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", "2026-11-03T05:00:00.000Z", "2026-11-04T05:00:00.000Z",
    ]);
    const hold = (iso: string) =>
      db.insert(holds).values({ id: randomUUID(), customerId, variantId, storeId: store.id, staffId: maya, status: "active", createdAt: new Date(iso), expiresAt: new Date(Date.parse(iso) + 2 * 24 * HOUR), idempotencyKey: randomUUID() });
    await hold("2026-11-02T04:30:00.000Z"); // 23:30 on Sunday Nov 1 (EST): Sunday's bar
    await hold("2026-11-02T05:30:00.000Z"); // 00:30 on Monday Nov 2: Monday's bar
    await hold("2026-11-01T04:30:00.000Z"); // 00:30 on Sunday Nov 1 (EDT): Sunday's bar
    const trend = await getStoreTrend(db, { storeId: store.id, edges });
    expect(trend.map((d) => d.holdsPlaced)).toEqual([0, 0, 0, 0, 2, 1, 0]);
  });
});

describe("trend bucket edges", () => {
  it("are each day's local midnight, as startOfLocalDay says, through a year with both clock changes", () => {
    for (const timeZone of ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]) {
      const { period } = resolvePeriod({ from: "2025-11-24", to: "2026-11-23" }, { timeZone, now: new Date("2026-11-23T15:00:00Z") });
      const daily = { ...period, bucketDays: 1 };
      expect(bucketEdges(daily, timeZone).slice(0, -1)).toEqual(Array.from({ length: period.days }, (_, i) => startOfLocalDay(addDays(period.firstDay, i), timeZone)));
    }
  });
});

describe("posts by each associate's clients", () => {
  it("count per the customer's associate, answered by anyone", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
    const sam = (await createStaff(db, { storeId: store.id, name: "Sam Okafor" })).id;
    const mine = await createCustomer(db, { firstName: "A", lastName: "One", assignedStaffId: maya });
    const post = (customerId: string | null, status: "new" | "replied", hoursAgo: number) =>
      db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: randomUUID(), handle: "h", text: "t", url: "u", postedAt: ago(hoursAgo), storeId: store.id, customerId, status, ...(status === "replied" ? { repliedAt: ago(hoursAgo - 1), repliedByStaffId: sam } : {}) });
    await post(mine, "replied", 50);
    await post(mine, "new", 30);
    await post(mine, "new", 2);
    await post(null, "new", 40); // nobody's client
    const { perAssociate, totals } = await getStoreDashboard(db, { storeId: store.id, period, now, today: "2026-11-23" });
    const byName = Object.fromEntries(perAssociate.map((a) => [a.name, a]));
    expect(byName["Maya Chen"]).toMatchObject({ clientPostsReceived: 3, clientPostsAnswerRate: 1 / 3, clientPostsUnansweredOver24h: 1, mentionsAnswered: 0 });
    expect(byName["Sam Okafor"]).toMatchObject({ clientPostsReceived: 0, clientPostsAnswerRate: null, mentionsAnswered: 1 });
    expect(totals).toMatchObject({ mentionsReceived: 4, answerRate: 1 / 4, unansweredOver24h: 2 });
  });
});
