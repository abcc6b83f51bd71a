import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { count } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, contacts, followUps, holds, notes, offlineChanges } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";

// The handler runs for real against a test database; only the session and
// Next's navigation functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { POST } = await import("./route");
const { revokeSessions } = await import("@/lib/auth");

let db: Db;
let ids: { maya: string; former: string; alicia: string; variantId: string };

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue" });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const former = (await createStaff(db, { storeId: store.id, name: "Jordan Ellis", active: false })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: store.id, assignedStaffId: maya });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 2 });
  ids = { maya, former, alicia, variantId };
  testSession.current = { user: { id: maya }, signedInAt: Date.now() - 60_000 };
});

const note = (fields: Record<string, unknown> = {}) => ({
  kind: "note.add",
  key: randomUUID(),
  customerId: ids.alicia,
  madeAt: Date.now() - 60_000,
  basis: { assignedStaffId: ids.maya },
  body: "Prefers fittings on Saturdays",
  pinned: false,
  ...fields,
});

function send(body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request("http://localhost/api/offline/changes", {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", origin: "http://localhost", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function written() {
  const tables = { notes, followUps, contacts, holds, offlineChanges, auditLog };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await db.select({ n: count() }).from(table as typeof notes))[0]!.n;
  return out;
}
const NOTHING = { notes: 0, followUps: 0, contacts: 0, holds: 0, offlineChanges: 0, auditLog: 0 };

describe("POST /api/offline/changes", () => {
  it("answers the change's outcome, and the same outcome as a replay for the same key", async () => {
    const change = note();
    const response = await send(change);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const outcome = await response.json();
    expect(outcome).toMatchObject({ status: "applied", message: "Note saved.", replayed: false, noteId: expect.any(String) });
    const again = await send(change);
    expect(await again.json()).toEqual({ ...outcome, replayed: true });
    expect(await written()).toMatchObject({ notes: 1, offlineChanges: 1, auditLog: 1 });
  });

  it("answers conflicts and refusals with 200 and their outcome, writing nothing", async () => {
    const moved = await send(note({ basis: { assignedStaffId: null } }));
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ status: "conflict", code: "reassigned" });
    const gone = await send({ ...note(), kind: "hold.request", variantId: "no-such-variant", days: 1 });
    expect(await gone.json()).toMatchObject({ status: "refused", code: "not_found" });
    expect(await written()).toEqual(NOTHING);
  });

  it("replays a hundred changes in a row without refusing any", async () => {
    for (let i = 0; i < 100; i++) expect((await send(note({ body: `Note ${i}` }))).status).toBe(200);
    expect(await written()).toMatchObject({ notes: 100, offlineChanges: 100 });
  });

  it("answers 401 in JSON without a session, or for a deactivated or signed-out account", async () => {
    const signedOut = { error: "signed-out", message: "Your session has ended. Sign in again to send what this tablet kept." };
    testSession.current = null;
    const none = await send(note());
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual(signedOut);
    testSession.current = { user: { id: ids.former } };
    expect((await send(note())).status).toBe(401);
    testSession.current = { user: { id: ids.maya }, signedInAt: Date.now() - 60_000 };
    await revokeSessions(ids.maya);
    expect((await send(note())).status).toBe(401);
    expect(await written()).toEqual(NOTHING);
  });

  it("refuses a request sent from another site", async () => {
    const bySite = await send(note(), { "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    expect(bySite.status).toBe(403);
    expect(await bySite.json()).toMatchObject({ error: "cross-site" });
    expect((await send(note(), { "sec-fetch-site": "same-site" })).status).toBe(403);
    // An older browser without Sec-Fetch-Site still sends its Origin.
    const byOrigin = await POST(
      new Request("http://localhost/api/offline/changes", { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: JSON.stringify(note()) }),
    );
    expect(byOrigin.status).toBe(403);
    // A form another page can post without asking first is never JSON.
    const form = await send("kind=note.add", { "content-type": "text/plain" });
    expect(form.status).toBe(415);
    expect(await written()).toEqual(NOTHING);
  });

  it("refuses unreadable, oversized and invalid changes with a message, writing nothing", async () => {
    const unreadable = await send("{not json");
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toMatchObject({ error: "unreadable" });

    const huge = await send(note({ body: "x".repeat(70 * 1024) }));
    expect(huge.status).toBe(413);

    const empty = await send(note({ body: "   " }));
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: "invalid", message: "Not saved: Write something first.", fieldErrors: { body: ["Write something first."] } });

    const budget = await send({ ...note(), kind: "preferences.set", basis: { assignedStaffId: ids.maya, preferencesUpdatedAt: null }, values: { colours: "", brands: "", dislikes: "", styles: [], priceMin: "900", priceMax: "300", freeText: "" } });
    expect(budget.status).toBe(400);
    expect((await budget.json()).fieldErrors).toEqual({ "values.priceMax": ["The top of the budget must be at least the bottom."] });

    const days = await send({ ...note(), kind: "hold.request", variantId: ids.variantId, days: 5 });
    expect(await days.json()).toMatchObject({ error: "invalid", fieldErrors: { days: ["Choose 1 day, 2 days, 3 days, 1 week."] } });

    const unknown = await send({ ...note(), kind: "customer.delete" });
    expect(unknown.status).toBe(400);
    const badKey = await send(note({ key: "not-a-uuid" }));
    expect(await badKey.json()).toMatchObject({ error: "invalid", fieldErrors: { key: [expect.any(String)] } });
    expect(await written()).toEqual(NOTHING);
  });
});
