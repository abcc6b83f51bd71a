import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contacts, customerLinks, inboundMessages, linkResponses, outbox, socialMentions } from "@/db/schema";
import { listConversation, readCustomerMessages } from "./conversations";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 15, minutes));

describe("listConversation", () => {
  it("puts every channel, both ways, in one thread in time order, each with who and what became of it", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = await createStaff(db, { storeId: store.id, name: "Maya Chen" });
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F", phone: "+12125550143" });
    const other = await createCustomer(db, { firstName: "Ben", lastName: "O" });

    await db.insert(socialMentions).values({ id: "post", network: "x", externalId: "1", handle: "aliciafdz", text: "Too bold for court?", url: "u", postedAt: at(0), customerId: alicia, storeId: store.id, status: "replied", replyText: "Exactly right.", repliedByStaffId: maya.id, repliedAt: at(5) });
    await db.insert(socialMentions).values({ id: "not-hers", network: "x", externalId: "2", handle: "ben", text: "Hello", url: "u", postedAt: at(1), customerId: other, storeId: store.id });
    await db.insert(inboundMessages).values({ id: "sms-in", customerId: alicia, storeId: store.id, channel: "sms", sender: "+12125550143", body: "Can you hold it until Friday?", providerId: "SM1", status: "waiting", receivedAt: at(10) });
    await db.insert(outbox).values({ id: "sms-out", customerId: alicia, storeId: store.id, staffId: maya.id, channel: "sms", recipient: "+12125550143", body: "Of course, until Friday 8 pm.", transport: "twilio", status: "failed", error: "Twilio error 30003: unreachable", createdAt: at(12) });
    await db.insert(outbox).values({ id: "email-out", customerId: alicia, storeId: store.id, staffId: maya.id, channel: "email", recipient: "a@example.com", body: "Your link", transport: "smtp", status: "delivered", createdAt: at(3) });
    await db.insert(customerLinks).values({ id: "link", customerId: alicia, storeId: store.id, staffId: maya.id, tokenHash: randomUUID(), channel: "email", message: "m", createdAt: at(3), expiresAt: at(600) });
    await db.insert(linkResponses).values({ id: "asked", linkId: "link", customerId: alicia, storeId: store.id, kind: "question", detail: "Is there a navy one?", createdAt: at(7) });
    await db.insert(contacts).values({ id: "call", customerId: alicia, staffId: maya.id, storeId: store.id, kind: "call", summary: "Confirmed Friday", at: at(15) });
    await db.insert(contacts).values({ id: "auto", customerId: alicia, staffId: maya.id, storeId: store.id, kind: "link_sent", summary: "1 item", at: at(3) });

    const thread = await listConversation(db, { customerId: alicia });
    expect(thread.map((t) => [t.direction, t.channel, t.body])).toEqual([
      ["in", "x", "Too bold for court?"],
      ["out", "email", "Your link"],
      ["out", "x", "Exactly right."],
      ["in", "page", "Asked: Is there a navy one?"],
      ["in", "sms", "Can you hold it until Friday?"],
      ["out", "sms", "Of course, until Friday 8 pm."],
      ["logged", "call", "Confirmed Friday"],
    ]);
    const byKey = new Map(thread.map((t) => [t.key, t]));
    expect(byKey.get("outbox:sms-out")).toMatchObject({ staffName: "Maya Chen", state: { label: "Not delivered: Twilio error 30003: unreachable", tone: "bad" } });
    expect(byKey.get("outbox:email-out")?.state).toEqual({ label: "Delivered", tone: "good" });
    expect(byKey.get("inbound:sms-in")).toMatchObject({ waiting: true, source: { kind: "inbound", id: "sms-in" } });
    expect(byKey.get("response:asked")?.waiting).toBe(true);
    expect(byKey.get("mention:post")?.waiting).toBe(false);
  });

  it("shows the latest messages when there are more than the limit", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F" });
    for (let i = 0; i < 5; i++) {
      await db.insert(inboundMessages).values({ id: `m${i}`, customerId: alicia, storeId: store.id, channel: "sms", sender: "+1", body: `message ${i}`, providerId: `SM${i}`, status: "waiting", receivedAt: at(i) });
    }
    expect((await listConversation(db, { customerId: alicia, limit: 3 })).map((t) => t.body)).toEqual(["message 2", "message 3", "message 4"]);
  });
});

describe("readCustomerMessages", () => {
  it("gives the profile the thread, the latest ten messages sent with their link's state, and the latest twenty answers from her page", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = await createStaff(db, { storeId: store.id, name: "Maya Chen" });
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F" });
    const other = await createCustomer(db, { firstName: "Ben", lastName: "O" });
    await db.insert(customerLinks).values({ id: "link", customerId: alicia, storeId: store.id, staffId: maya.id, tokenHash: randomUUID(), channel: "email", message: "m", createdAt: at(0), expiresAt: at(600), revokedAt: at(50) });
    for (let i = 0; i < 12; i++) {
      await db.insert(outbox).values({ id: `out${i}`, customerId: alicia, storeId: store.id, staffId: maya.id, linkId: i === 11 ? "link" : null, channel: "email", recipient: "a@example.com", body: `note ${i}`, transport: "smtp", status: "sent", createdAt: at(i) });
    }
    for (let i = 0; i < 22; i++) {
      await db.insert(linkResponses).values({ id: `r${i}`, linkId: "link", customerId: alicia, storeId: store.id, kind: "coming", detail: `reply ${i}`, createdAt: at(20 + i), seenAt: i < 2 ? at(59) : null });
    }
    await db.insert(outbox).values({ id: "to-ben", customerId: other, storeId: store.id, staffId: maya.id, channel: "email", recipient: "b@example.com", body: "not hers", transport: "smtp", status: "sent", createdAt: at(30) });

    const { thread, sent, responses } = await readCustomerMessages(db, { customerId: alicia });
    expect(thread).toEqual(await listConversation(db, { customerId: alicia }));
    // Newest first, hers only, ten of twelve.
    expect(sent.map((m) => m.body)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((i) => `note ${i}`));
    expect(sent[0]).toMatchObject({ recipient: "a@example.com", staffName: "Maya Chen", linkId: "link", linkRevokedAt: at(50), linkExpiresAt: at(600) });
    expect(sent[1]).toMatchObject({ linkId: null, linkRevokedAt: null, linkExpiresAt: null });
    // Twenty of twenty-two: the two oldest, the ones already seen, are left out.
    expect(responses.map((r) => r.detail)).toEqual(Array.from({ length: 20 }, (_, k) => `reply ${21 - k}`));
    expect(responses.every((r) => r.seenAt === null)).toBe(true);
  });
});
