import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq, isTable } from "drizzle-orm";
import type { Db } from "@/db";
import * as schema from "@/db/schema";
import { customerLinks, customers } from "@/db/schema";
import { placeHold } from "@/lib/holds";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import type { MessageTransport, OutgoingMessage } from "@/lib/transports";

// Sending a private link for real (session, validation, database), with the
// request's headers and the mail transport as stand-ins: what leaves is captured.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
const mail = vi.hoisted(() => ({ sent: [] as OutgoingMessage[] }));
vi.mock("@/lib/transports", async (original) => ({
  ...(await original<typeof import("@/lib/transports")>()),
  transportFor: (channel: string): MessageTransport =>
    channel === "email" ? { name: "smtp", send: async (message) => void mail.sent.push(message) } : { name: "record", send: async () => {} },
}));

const { sendLinkAction } = await import("./link-actions");

let db: Db;
let ids: { maya: string; customerId: string; holdId: string };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const sendByEmail = () => sendLinkAction({}, form({ customerId: ids.customerId, holdIds: ids.holdId, channel: "email", message: "It is waiting for you." }));

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = await createStore(db, { name: "Fifth Avenue" });
  const maya = (await createStaff(db, { storeId: fifth.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: fifth.id, onHand: 1 });
  const hold = await placeHold(db, { customerId, variantId, storeId: fifth.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() });
  if (!hold.ok) throw new Error("setup");
  ids = { maya, customerId, holdId: hold.holdId };
  testSession.current = { user: { id: maya } };
  mail.sent = [];
  // Email is set up on this server (the transport itself is the stand-in above).
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  request.headers = new Headers({ host: "shop.local:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const linkIn = (body: string) => /See what is waiting for you: (\S+)\n/.exec(body)?.[1] ?? "";

describe("sendLinkAction: where the link points (issue 14, finding 6)", () => {
  it("never takes the host from X-Forwarded-Host: without PUBLIC_URL, outside production, it is the request's own Host", async () => {
    vi.stubEnv("PUBLIC_URL", "");
    expect(await sendByEmail()).toMatchObject({ ok: true });
    expect(mail.sent).toHaveLength(1);
    const link = new URL(linkIn(mail.sent[0]!.body));
    expect(link.origin).toBe("http://shop.local:3000");
    expect(mail.sent[0]!.body).not.toContain("evil.example");
  });

  it("uses PUBLIC_URL whatever the request says", async () => {
    vi.stubEnv("PUBLIC_URL", "https://clienteling.example.com/");
    expect(await sendByEmail()).toMatchObject({ ok: true });
    expect(linkIn(mail.sent[0]!.body)).toMatch(/^https:\/\/clienteling\.example\.com\/c\/[A-Za-z0-9_-]{43}$/);
  });

  it("ignores a Host header that is not a host name", async () => {
    vi.stubEnv("PUBLIC_URL", "");
    request.headers = new Headers({ host: "evil.example/phish?x=" });
    expect(await sendByEmail()).toMatchObject({ ok: true });
    expect(new URL(linkIn(mail.sent[0]!.body)).origin).toBe("http://localhost:3000");
  });
});

describe("sendLinkAction: the token is only in what leaves (issue 14, finding 1)", () => {
  it("emails the link and keeps its token in no table", async () => {
    vi.stubEnv("PUBLIC_URL", "https://clienteling.example.com");
    expect(await sendByEmail()).toEqual({ ok: true, message: expect.stringMatching(/^Sent by email/) });
    const token = linkIn(mail.sent[0]!.body).split("/c/")[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const tables = Object.values(schema).filter((value) => isTable(value)) as Array<typeof customerLinks>;
    const stored = (await Promise.all(tables.map(async (table) => JSON.stringify(await db.select().from(table))))).join("\n");
    expect(stored).not.toContain(token);
    expect(stored).toContain("[private link]");
  });

  it("shows a QR code to the associate and keeps no token either", async () => {
    vi.stubEnv("PUBLIC_URL", "https://clienteling.example.com");
    const result = await sendLinkAction({}, form({ customerId: ids.customerId, holdIds: ids.holdId, channel: "in_store", message: "Your list." }));
    expect(result).toMatchObject({ ok: true, qrSvg: expect.stringContaining("<svg") });
    expect(await db.select().from(customerLinks)).toHaveLength(1);
    expect(JSON.stringify(await db.select().from(schema.outbox))).not.toMatch(/\/c\/[A-Za-z0-9_-]{43}/);
  });
});
