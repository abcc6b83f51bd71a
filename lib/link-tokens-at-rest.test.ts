import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { eq, isTable, sql } from "drizzle-orm";
import type { Db } from "@/db";
import * as schema from "@/db/schema";
import { customerLinks, customers, holds, outbox } from "@/db/schema";
import { currentDialect, runStatement } from "@/db/dialect";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { placeHold } from "./holds";
import { deliverOutboxMessage, listStoreOutbox, respondFromLink, sendLinkToCustomer } from "./customer-links";
import { readCustomerMessages } from "./conversations";
import { generateLinkToken } from "./link-tokens";
import type { MessageTransport, OutgoingMessage } from "./transports";

// Issue 14, finding 1: a private link's token is put into a message only when
// the message leaves, and is kept nowhere: not in the outbox, not on any staff
// screen, so staff of another store cannot open it and act as the customer.

const HOUR = 3_600_000;
const now = new Date("2026-11-23T12:00:00Z");
const TOKEN_IN_TEXT = /\/c\/[A-Za-z0-9_-]{43}/;
let db: Db;
let ctx: { fifthId: string; oakId: string; maya: string; hannah: string; customerId: string; holdId: string };

beforeEach(async () => {
  db = await createTestDb();
  const fifth = await createStore(db, { name: "Fifth Avenue" });
  const oak = await createStore(db, { name: "Oak Street" });
  const maya = (await createStaff(db, { storeId: fifth.id, name: "Maya Chen" })).id;
  const hannah = (await createStaff(db, { storeId: oak.id, name: "Hannah Lewis" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", phone: "+12125550143" });
  await db.update(customers).set({ consentEmail: true, consentSms: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: fifth.id, onHand: 1 });
  const hold = await placeHold(db, { customerId, variantId, storeId: fifth.id, staffId: maya, expiresAt: new Date(now.getTime() + 48 * HOUR), idempotencyKey: "k", now });
  if (!hold.ok) throw new Error("setup");
  ctx = { fifthId: fifth.id, oakId: oak.id, maya, hannah, customerId, holdId: hold.holdId };
});

const send = async (overrides: Partial<Parameters<typeof sendLinkToCustomer>[1]> = {}) => {
  const result = await sendLinkToCustomer(db, { customerId: ctx.customerId, holdIds: [ctx.holdId], channel: "email", message: "Hi Alicia, the coat is waiting for you.", staffId: ctx.maya, storeId: ctx.fifthId, baseUrl: "https://shop.example", now, ...overrides });
  if (!result.ok) throw new Error(result.reason);
  return result;
};

/** Every row of every table, as one text. */
async function everythingStored(): Promise<string> {
  const tables = Object.values(schema).filter((value) => isTable(value)) as Array<typeof outbox>;
  expect(tables.length).toBeGreaterThan(20);
  const dumps = await Promise.all(tables.map(async (table) => JSON.stringify(await db.select().from(table))));
  return dumps.join("\n");
}

function capturingTransport(): MessageTransport & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { name: "smtp", sent, send: async (message) => void sent.push(message) };
}

describe("private-link tokens at rest", () => {
  it("puts the link into an email only as it leaves; no table keeps the token", async () => {
    const result = await send({ transport: "smtp" });
    const transport = capturingTransport();
    expect(await deliverOutboxMessage(db, { outboxId: result.outboxId, transport, link: result.url, now })).toEqual({ ok: true, status: "sent" });
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]!.body).toContain(`See what is waiting for you: https://shop.example/c/${result.token}\n\n`);

    const stored = await everythingStored();
    expect(stored).toContain("See what is waiting for you: [private link]");
    expect(stored).not.toContain(result.token);
    expect(stored).not.toMatch(TOKEN_IN_TEXT);
  });

  it("keeps no token for a QR code, an SMS or a message only recorded", async () => {
    const tokens = [(await send({ channel: "in_store" })).token, (await send({ channel: "sms" })).token, (await send({ channel: "email", transport: "record" })).token];
    const stored = await everythingStored();
    for (const token of tokens) expect(stored).not.toContain(token);
    expect(stored).not.toMatch(TOKEN_IN_TEXT);
    expect(await db.select().from(outbox)).toHaveLength(3);
  });

  it("shows staff that a link was sent and until when, without the token", async () => {
    const result = await send();
    // Everything the profile reads of her messages: the thread, the link card's messages and her answers.
    const profile = await readCustomerMessages(db, { customerId: ctx.customerId });
    const outboxPage = await listStoreOutbox(db, { storeId: ctx.fifthId });
    for (const seen of [JSON.stringify(profile), JSON.stringify(outboxPage)]) {
      expect(seen).not.toContain(result.token);
      expect(seen).not.toMatch(TOKEN_IN_TEXT);
    }
    expect(profile.sent[0]).toMatchObject({ linkId: result.linkId, linkExpiresAt: new Date(now.getTime() + 48 * HOUR), linkRevokedAt: null });
    expect(profile.sent[0]!.body).toBe("Hi Alicia, the coat is waiting for you.\n\nSee what is waiting for you: [private link]\n\nMaya, Fifth Avenue");
    expect(outboxPage[0]).toMatchObject({ linkExpiresAt: new Date(now.getTime() + 48 * HOUR), linkRevokedAt: null });
  });

  it("gives an associate at another store no token, so they cannot release the hold as the customer", async () => {
    await send();
    await send({ channel: "in_store" });
    // Everything Hannah (Oak Street) can read about Alicia's messages: her profile, and her own store's outbox.
    const visibleToHannah = JSON.stringify([await readCustomerMessages(db, { customerId: ctx.customerId }), await listStoreOutbox(db, { storeId: ctx.oakId })]);
    const found = [...visibleToHannah.matchAll(/\/c\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);
    expect(found).toEqual([]);
    // The attack from the issue, with whatever she could find (nothing) and a guess: the hold stays.
    for (const token of [...found, generateLinkToken()]) {
      expect(await respondFromLink(db, { token, kind: "released", holdId: ctx.holdId, now })).toEqual({ ok: false, reason: "inactive" });
    }
    expect((await db.select({ status: holds.status }).from(holds))[0]?.status).toBe("active");
  });

  it("makes a new token for every send, and keeps none of them", async () => {
    const first = await send();
    const second = await send();
    expect(second.token).not.toBe(first.token);
    const hashes = (await db.select({ h: customerLinks.tokenHash }).from(customerLinks)).map((r) => r.h);
    expect(new Set(hashes).size).toBe(2);
    const stored = await everythingStored();
    expect(stored).not.toContain(first.token);
    expect(stored).not.toContain(second.token);
  });

  it("cancels the link of an email that could not be sent: its token is gone, so the retry is a new send", async () => {
    const result = await send({ transport: "smtp" });
    const failing: MessageTransport = { name: "smtp", send: async () => Promise.reject(new Error("connection refused")) };
    const outcome = await deliverOutboxMessage(db, { outboxId: result.outboxId, transport: failing, link: result.url, now });
    expect(outcome).toMatchObject({ ok: false, error: "connection refused" });
    expect((await db.select({ s: outbox.status, e: outbox.error }).from(outbox))[0]).toEqual({ s: "failed", e: "connection refused" });
    expect((await db.select({ r: customerLinks.revokedAt }).from(customerLinks))[0]?.r).toEqual(now);
    expect(await everythingStored()).not.toContain(result.token);
  });
});

describe("migration redact_link_tokens", () => {
  const file = currentDialect() === "pg" ? "db/migrations-pg/0003_redact_link_tokens.sql" : "db/migrations/0010_redact_link_tokens.sql";
  const runMigration = async () => {
    const statements = fs.readFileSync(path.resolve(file), "utf8").split("--> statement-breakpoint");
    await db.transaction(async (tx) => {
      for (const statement of statements) if (statement.replace(/--.*$/gm, "").trim()) await runStatement(tx, sql.raw(statement));
    });
  };
  const insertMessage = async (body: string) => {
    const id = randomUUID();
    await db.insert(outbox).values({ id, customerId: ctx.customerId, storeId: ctx.fifthId, staffId: ctx.maya, channel: "email", recipient: "alicia@example.com", subject: null, body, transport: "record", status: "sent", createdAt: now });
    return id;
  };
  const bodyOf = async (id: string) => (await db.select({ body: outbox.body }).from(outbox).where(eq(outbox.id, id)))[0]?.body;

  it("replaces every stored link with the marker and leaves other text alone", async () => {
    const [a, b, c] = [generateLinkToken(), generateLinkToken(), generateLinkToken()];
    const old = await insertMessage(`Hi Alicia, the coat is waiting for you.\n\nSee what is waiting for you: https://shop.example/c/${a}\n\nMaya, Fifth Avenue`);
    const tricky = await insertMessage(`Hi Alicia, the a/c/ unit is fixed; see /c/short and http://x/c/${b}.\n\nSee what is waiting for you: http://localhost:3000/c/${c}\n\nMaya, Fifth Avenue`);
    const plain = await insertMessage("Hi Alicia, no link here: see https://shop.example/c/ later.");
    await runMigration();
    expect(await bodyOf(old)).toBe("Hi Alicia, the coat is waiting for you.\n\nSee what is waiting for you: [private link]\n\nMaya, Fifth Avenue");
    expect(await bodyOf(tricky)).toBe("Hi Alicia, the a/c/ unit is fixed; see /c/short and [private link].\n\nSee what is waiting for you: [private link]\n\nMaya, Fifth Avenue");
    expect(await bodyOf(plain)).toBe("Hi Alicia, no link here: see https://shop.example/c/ later.");
    expect(await everythingStored()).not.toMatch(TOKEN_IN_TEXT);
    // Running it again changes nothing.
    await runMigration();
    expect(await bodyOf(old)).toBe("Hi Alicia, the coat is waiting for you.\n\nSee what is waiting for you: [private link]\n\nMaya, Fifth Avenue");
  });
});
