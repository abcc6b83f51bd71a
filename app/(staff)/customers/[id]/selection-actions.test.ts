import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customers, outbox, selectionItems, selections } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import type { MessageTransport, OutgoingMessage } from "@/lib/transports";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.local:3000" }) }));
const mail = vi.hoisted(() => ({ sent: [] as OutgoingMessage[] }));
vi.mock("@/lib/transports", async (original) => ({
  ...(await original<typeof import("@/lib/transports")>()),
  transportFor: (channel: string): MessageTransport =>
    channel === "email" ? { name: "smtp", send: async (message) => void mail.sent.push(message) } : { name: "record", send: async () => {} },
}));

const { addToSelectionAction, findForSelectionAction, removeFromSelectionAction, sendSelectionAction } = await import("./selection-actions");

let db: Db;
let ids: { maya: string; daniel: string; customerId: string; variantId: string };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = await createStore(db, { name: "Fifth Avenue" });
  const maya = (await createStaff(db, { storeId: fifth.id, name: "Maya Chen" })).id;
  const daniel = (await createStaff(db, { storeId: fifth.id, name: "Daniel Park" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
  await db.update(customers).set({ consentEmail: true }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: fifth.id, onHand: 1 });
  ids = { maya, daniel, customerId, variantId };
  testSession.current = { user: { id: maya } };
  mail.sent = [];
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("selection actions", () => {
  it("change nothing without a session", async () => {
    testSession.current = null;
    expect(await addToSelectionAction({}, form({ customerId: ids.customerId, variantId: ids.variantId }))).toEqual({ message: "Your session has ended. Sign in again to continue." });
    expect(await sendSelectionAction({}, form({ customerId: ids.customerId, channel: "email", message: "Hi" }))).toMatchObject({ message: expect.stringContaining("session") });
    expect(await findForSelectionAction({}, form({ customerId: ids.customerId, query: "coat" }))).toMatchObject({ message: expect.stringContaining("session") });
    expect(await db.select().from(selections)).toHaveLength(0);
  });

  it("refuse bad input with a message and change nothing", async () => {
    expect(await addToSelectionAction({}, form({ customerId: ids.customerId }))).toMatchObject({ message: "Some details need a second look.", fieldErrors: { variantId: expect.any(Array) } });
    expect(await addToSelectionAction({}, form({ customerId: ids.customerId, variantId: "nope" }))).toEqual({ message: "That item no longer exists." });
    expect(await addToSelectionAction({}, form({ customerId: "no-such-customer", variantId: ids.variantId }))).toEqual({ message: "That customer no longer exists." });
    expect(await findForSelectionAction({}, form({ customerId: ids.customerId, query: "c" }))).toMatchObject({ fieldErrors: { query: expect.any(Array) } });
    expect(await db.select().from(selections)).toHaveLength(0);
  });

  it("build, find and send a selection, each item with its line, and say which line is missing", async () => {
    expect(await addToSelectionAction({}, form({ customerId: ids.customerId, variantId: ids.variantId }))).toEqual({ ok: true, message: "Added to the selection." });
    const found = await findForSelectionAction({}, form({ customerId: ids.customerId, query: "test coat" }));
    expect(found.results?.map((r) => r.variantId)).toContain(ids.variantId);
    const [item] = await db.select().from(selectionItems);
    const noLine = await sendSelectionAction({}, form({ customerId: ids.customerId, channel: "email", message: "Hi Alicia, for the weekend.", [`line_${item!.id}`]: " " }));
    expect(noLine.fieldErrors?.lines?.[0]).toContain("Write a line for each item");
    expect(await db.select().from(outbox)).toHaveLength(0);
    const sent = await sendSelectionAction({}, form({ customerId: ids.customerId, channel: "email", message: "Hi Alicia, for the weekend.", [`line_${item!.id}`]: "The blue you wanted" }));
    expect(sent).toMatchObject({ ok: true, message: expect.stringContaining("Selection sent by email") });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.body).toMatch(/See what I picked for you: http:\/\/shop\.local:3000\/c\/[A-Za-z0-9_-]{43}/);
    const [after] = await db.select().from(selectionItems);
    expect(after!.line).toBe("The blue you wanted");
  });

  it("only touch the caller's own selection", async () => {
    await addToSelectionAction({}, form({ customerId: ids.customerId, variantId: ids.variantId }));
    const [item] = await db.select().from(selectionItems);
    testSession.current = { user: { id: ids.daniel } };
    expect(await removeFromSelectionAction({}, form({ customerId: ids.customerId, itemId: item!.id }))).toEqual({ message: "That item is not in your selection any more." });
    expect(await sendSelectionAction({}, form({ customerId: ids.customerId, channel: "email", message: "Hi", [`line_${item!.id}`]: "x" }))).toEqual({ message: "Add at least one item to the selection first." });
    expect(await db.select().from(selectionItems)).toHaveLength(1);
    expect(await db.select().from(outbox)).toHaveLength(0);
  });
});
