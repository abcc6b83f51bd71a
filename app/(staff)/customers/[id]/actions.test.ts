import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { notes } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { addNoteAction, editNoteAction, deleteNoteAction } = await import("./actions");

let db: Db;
let ids: { customerId: string; noteId: string };

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};
const MEGABYTE = "x".repeat(1_000_000);

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue" });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const noteId = randomUUID();
  await db.insert(notes).values({ id: noteId, customerId, staffId: maya, storeId: store.id, body: "Prefers texts.", createdAt: new Date() });
  ids = { customerId, noteId };
  testSession.current = { user: { id: maya } };
});

// Issue 14, finding 8: a 1 MB note was refused, and the whole 1 MB came back in the answer.
describe("note actions refuse an oversized note without sending it back", () => {
  it.each([
    ["addNote", () => addNoteAction({}, form({ customerId: ids.customerId, body: MEGABYTE }))],
    ["editNote", () => editNoteAction({}, form({ customerId: ids.customerId, noteId: ids.noteId, body: MEGABYTE }))],
    ["deleteNote", () => deleteNoteAction({}, form({ customerId: ids.customerId, noteId: MEGABYTE }))],
  ] as const)("%s", async (_name, act) => {
    const result = await act();
    expect(result.fieldErrors).toBeDefined();
    expect(JSON.stringify(result).length).toBeLessThan(5_000);
    expect((await db.select().from(notes)).map((n) => n.body)).toEqual(["Prefers texts."]);
  });

  it("still sends back a refused value that is within the limit, so the form can show it again", async () => {
    const result = await addNoteAction({}, form({ customerId: ids.customerId, body: "   " }));
    expect(result).toMatchObject({ fieldErrors: { body: [expect.any(String)] }, values: { customerId: ids.customerId, body: "   " } });
  });
});
