import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customerLinks, customers, holds, linkOpens, linkResponses, outbox } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { placeHold } from "./holds";
import { answerQuestion, coarseDevice, listQuestions, openCustomerLink, respondFromLink, revokeLink, sendLinkToCustomer } from "./customer-links";
import { listConversation, readCustomerMessages } from "./conversations";
import { auditLog } from "@/db/schema";
import { getAvailability } from "./holds";

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");
let db: Db;
let ctx: { storeId: string; otherStoreId: string; staffId: string; customerId: string; holdIds: string[] };

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue", phone: "+12125550100" });
  const other = await createStore(db, { name: "Oak Street" });
  const staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", phone: "+12125550143" });
  await db.update(customers).set({ consentEmail: true, consentSms: false }).where(eq(customers.id, customerId));
  const holdIds: string[] = [];
  for (const [i, hours] of [24, 48].entries()) {
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1 });
    const r = await placeHold(db, { customerId, variantId, storeId: store.id, staffId, expiresAt: new Date(now.getTime() + hours * HOUR), idempotencyKey: `k${i}`, now });
    if (!r.ok) throw new Error("setup");
    holdIds.push(r.holdId);
  }
  ctx = { storeId: store.id, otherStoreId: other.id, staffId, customerId, holdIds };
});

const send = (overrides: Partial<Parameters<typeof sendLinkToCustomer>[1]> = {}) =>
  sendLinkToCustomer(db, { customerId: ctx.customerId, holdIds: ctx.holdIds, channel: "email", message: "Hi Alicia, the coat is waiting for you.", staffId: ctx.staffId, storeId: ctx.storeId, baseUrl: "https://shop.example", now, ...overrides });

describe("sendLinkToCustomer", () => {
  it("stores only the token's hash, expires with the last hold and records the message in the outbox without its link", async () => {
    const result = await send();
    if (!result.ok) throw new Error(result.reason);
    const [link] = (await db.select().from(customerLinks)) as [typeof customerLinks.$inferSelect];
    expect(link.tokenHash).not.toContain(result.token);
    expect(JSON.stringify(link)).not.toContain(result.token);
    expect(link.expiresAt).toEqual(new Date(now.getTime() + 48 * HOUR));
    const [message] = (await db.select().from(outbox)) as [typeof outbox.$inferSelect];
    expect(message).toMatchObject({ channel: "email", recipient: "alicia@example.com", status: "sent", transport: "record" });
    expect(result.url).toBe(`https://shop.example/c/${result.token}`);
    expect(message.body).toContain("See what is waiting for you: [private link]");
    expect(message.body).not.toContain(result.token);
    // Her greeting once: the associate's own words, nothing added in front of them.
    expect(message.body).toMatch(/^Hi Alicia, the coat is waiting for you\./);
    expect(message.body.match(/Hi Alicia/g)).toHaveLength(1);
  });

  it("refuses a channel without consent, holds of another store or customer, and writes nothing", async () => {
    expect(await send({ channel: "sms" })).toEqual({ ok: false, reason: "no_consent" });
    expect(await send({ storeId: ctx.otherStoreId })).toEqual({ ok: false, reason: "no_holds" });
    expect(await send({ holdIds: [...ctx.holdIds, "forged"] })).toEqual({ ok: false, reason: "no_holds" });
    expect(await send({ holdIds: [] })).toEqual({ ok: false, reason: "no_holds" });
    expect(await send({ customerId: "forged" })).toEqual({ ok: false, reason: "not_found" });
    expect(await db.select().from(customerLinks)).toHaveLength(0);
    expect(await db.select().from(outbox)).toHaveLength(0);
  });
});

describe("openCustomerLink", () => {
  it("shows the items and records the open with a coarse device name", async () => {
    const result = await send();
    if (!result.ok) throw new Error(result.reason);
    const view = await openCustomerLink(db, { token: result.token, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1", now });
    expect(view.state).toBe("active");
    expect(view.items?.map((i) => i.waiting)).toEqual([true, true]);
    expect(view.link?.associateFirstName).toBe("Maya");
    expect(await db.select().from(linkOpens)).toMatchObject([{ device: "iPhone Safari" }]);
  });

  it("answers a changed token, a revoked link and an expired link alike, revealing only the store phone", async () => {
    const result = await send();
    if (!result.ok) throw new Error(result.reason);
    const changed = `${result.token.slice(0, -1)}${result.token.endsWith("A") ? "B" : "A"}`;
    expect(await openCustomerLink(db, { token: changed, userAgent: null, now })).toEqual({ state: "unknown", storePhone: null });
    expect(await openCustomerLink(db, { token: "nonsense", userAgent: null, now })).toEqual({ state: "unknown", storePhone: null });
    expect(await openCustomerLink(db, { token: result.token, userAgent: null, now: new Date(now.getTime() + 49 * HOUR) })).toEqual({ state: "expired", storePhone: "+12125550100" });
    expect(await revokeLink(db, { linkId: result.linkId, staffId: ctx.staffId, storeId: ctx.otherStoreId, now })).toEqual({ ok: false, reason: "not_found" });
    expect(await revokeLink(db, { linkId: result.linkId, staffId: ctx.staffId, storeId: ctx.storeId, now })).toEqual({ ok: true });
    expect(await openCustomerLink(db, { token: result.token, userAgent: null, now: new Date(now.getTime() + 1) })).toEqual({ state: "revoked", storePhone: "+12125550100" });
    expect(await db.select().from(linkOpens)).toHaveLength(0);
  });
});

describe("coarseDevice", () => {
  it("keeps device and browser family only", () => {
    expect(coarseDevice("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36")).toBe("Android Chrome");
    expect(coarseDevice(null)).toBe("Other device browser");
  });
});

describe("respondFromLink", () => {
  it("records when they will come and their question, and frees a released item's unit at once", async () => {
    const result = await send({ holdIds: [ctx.holdIds[0]!] });
    if (!result.ok) throw new Error(result.reason);
    expect(await respondFromLink(db, { token: result.token, kind: "coming", detail: "Today after 6pm", now })).toEqual({ ok: true });
    expect(await respondFromLink(db, { token: result.token, kind: "question", detail: "Is there a belt?", now })).toEqual({ ok: true });
    // A hold the link does not show cannot be released through it.
    expect(await respondFromLink(db, { token: result.token, kind: "released", holdId: ctx.holdIds[1]!, now })).toEqual({ ok: false, reason: "not_found" });
    const [{ v: variantId }] = (await db.select({ v: holds.variantId }).from(holds).where(eq(holds.id, ctx.holdIds[0]!))) as [{ v: string }];
    expect(await getAvailability(db, { storeId: ctx.storeId, variantId, now })).toBe(0);
    expect(await respondFromLink(db, { token: result.token, kind: "released", holdId: ctx.holdIds[0]!, now })).toEqual({ ok: true });
    // Released already: a second tap changes nothing.
    expect(await respondFromLink(db, { token: result.token, kind: "released", holdId: ctx.holdIds[0]!, now })).toEqual({ ok: false, reason: "not_found" });
    expect(await getAvailability(db, { storeId: ctx.storeId, variantId, now })).toBe(1);
    const { responses } = await readCustomerMessages(db, { customerId: ctx.customerId });
    expect(responses.map((r) => [r.kind, r.seenAt])).toEqual(expect.arrayContaining([["coming", null], ["question", null], ["released", null]]));
  });

  it("changes nothing through an expired, revoked or unknown link", async () => {
    const result = await send();
    if (!result.ok) throw new Error(result.reason);
    expect(await respondFromLink(db, { token: result.token, kind: "coming", detail: "Soon", now: new Date(now.getTime() + 49 * HOUR) })).toEqual({ ok: false, reason: "inactive" });
    expect(await respondFromLink(db, { token: "nonsense", kind: "question", detail: "?", now })).toEqual({ ok: false, reason: "inactive" });
    await revokeLink(db, { linkId: result.linkId, staffId: ctx.staffId, storeId: ctx.storeId, now });
    expect(await respondFromLink(db, { token: result.token, kind: "released", holdId: ctx.holdIds[0]!, now: new Date(now.getTime() + 1) })).toEqual({ ok: false, reason: "inactive" });
    expect(await db.select().from(linkResponses)).toHaveLength(0);
    expect((await db.select().from(holds)).every((h) => h.status === "active")).toBe(true);
  });
});

describe("answerQuestion", () => {
  async function asked(text: string, at: Date) {
    const sent = await sendLinkToCustomer(db, { customerId: ctx.customerId, holdIds: ctx.holdIds, channel: "in_store", message: "", staffId: ctx.staffId, storeId: ctx.storeId, baseUrl: "https://shop.example", now });
    if (!sent.ok) throw new Error("setup");
    expect(await respondFromLink(db, { token: sent.token, kind: "question", detail: text, now: at })).toEqual({ ok: true });
    const [question] = await db.select({ id: linkResponses.id }).from(linkResponses).where(eq(linkResponses.detail, text));
    return { linkId: sent.linkId, token: sent.token, responseId: question!.id };
  }

  it("puts the associate's answer on her page under her question, clears its waiting mark, and keeps it on record", async () => {
    const q = await asked("Do you have it in navy?", new Date(now.getTime() + HOUR));
    let thread = await listConversation(db, { customerId: ctx.customerId });
    expect(thread.find((t) => t.key === `response:${q.responseId}`)?.waiting).toBe(true);

    const answered = await answerQuestion(db, { responseId: q.responseId, storeId: ctx.storeId, staffId: ctx.staffId, text: "Yes, in a 6. I will add it.", now: new Date(now.getTime() + 2 * HOUR) });
    expect(answered).toEqual({ ok: true, outboxId: expect.any(String) });
    const questions = await listQuestions(db, { linkId: q.linkId });
    expect(questions).toEqual([expect.objectContaining({ text: "Do you have it in navy?", answers: [expect.objectContaining({ text: "Yes, in a 6. I will add it.", staffFirstName: "Maya" })] })]);
    thread = await listConversation(db, { customerId: ctx.customerId });
    expect(thread.find((t) => t.key === `response:${q.responseId}`)?.waiting).toBe(false);
    expect(thread.find((t) => t.body === "Yes, in a 6. I will add it.")).toMatchObject({ direction: "out", channel: "page", state: { label: "On her page" } });
    expect(await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.action, "question.answered"))).toHaveLength(1);
    const [response] = await db.select({ seenAt: linkResponses.seenAt, answeredAt: linkResponses.answeredAt, answeredBy: linkResponses.answeredByStaffId }).from(linkResponses).where(eq(linkResponses.id, q.responseId));
    expect(response!.seenAt).not.toBeNull();
    // Answered: out of the inbox's waiting list, with who answered.
    expect(response).toMatchObject({ answeredAt: new Date(now.getTime() + 2 * HOUR), answeredBy: ctx.staffId });
  });

  it("refuses another store, a reply that is not a question, and an ended link, and writes nothing", async () => {
    const q = await asked("Is it lined?", new Date(now.getTime() + HOUR));
    const before = await db.select().from(outbox);
    expect(await answerQuestion(db, { responseId: q.responseId, storeId: ctx.otherStoreId, staffId: ctx.staffId, text: "x", now })).toEqual({ ok: false, reason: "not_found" });
    expect(await answerQuestion(db, { responseId: "forged", storeId: ctx.storeId, staffId: ctx.staffId, text: "x", now })).toEqual({ ok: false, reason: "not_found" });
    await revokeLink(db, { linkId: q.linkId, staffId: ctx.staffId, storeId: ctx.storeId, now });
    expect(await answerQuestion(db, { responseId: q.responseId, storeId: ctx.storeId, staffId: ctx.staffId, text: "x", now: new Date(now.getTime() + 2 * HOUR) })).toEqual({ ok: false, reason: "inactive" });
    expect(await db.select().from(outbox)).toEqual(before);
  });
});
