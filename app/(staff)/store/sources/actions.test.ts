import { beforeEach, describe, expect, it, vi } from "vitest";
import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, sourceKeys } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createStaff, createStore } from "@/lib/testing/factories";
import { authenticateWriteKey, createSourceKey } from "@/lib/source-keys";
import { basicAuthorization } from "@/lib/ingest/write-key-format";

// The Event sources actions against a real test database; only the session
// and Next's cache are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { createSourceKeyAction, revokeSourceKeyAction } = await import("./actions");

let db: Db;
let ids: { grace: string; maya: string; marcus: string; fifth: string };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const snapshot = async () => JSON.stringify([await db.select().from(sourceKeys).orderBy(asc(sourceKeys.id)), await db.select().from(auditLog).orderBy(asc(auditLog.id))]);

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
  const oak = (await createStore(db, { name: "Oak Street" })).id;
  ids = {
    fifth,
    grace: (await createStaff(db, { storeId: fifth, role: "manager", name: "Grace Whitaker" })).id,
    maya: (await createStaff(db, { storeId: fifth, name: "Maya Chen" })).id,
    marcus: (await createStaff(db, { storeId: oak, role: "manager", name: "Marcus Bell" })).id,
  };
  testSession.current = null;
});

describe("createSourceKeyAction", () => {
  it("refuses an associate and writes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    expect(await createSourceKeyAction({}, form({ name: "Website" }))).toEqual({ message: "Only a store manager can do this." });
    expect(await snapshot()).toBe(before);
  });

  it("asks for a name and keeps what was typed", async () => {
    testSession.current = { user: { id: ids.grace } };
    const result = await createSourceKeyAction({}, form({ name: "   " }));
    expect(result.fieldErrors?.name).toEqual(["Give the key a name, e.g. Website or Segment."]);
    expect(result.values).toEqual({ name: "   " });
    expect(await db.select().from(sourceKeys)).toEqual([]);
  });

  it("makes a working key at the manager's store and shows it once", async () => {
    testSession.current = { user: { id: ids.grace } };
    const result = await createSourceKeyAction({}, form({ name: "Website", storeId: "another-store" }));
    expect(result).toMatchObject({ ok: true, name: "Website", key: expect.stringMatching(/^shk_/) });
    expect(await authenticateWriteKey(db, basicAuthorization(result.key!))).toMatchObject({ storeId: ids.fifth, name: "Website" });
    expect(await db.select({ action: auditLog.action, staffId: auditLog.staffId }).from(auditLog)).toEqual([{ action: "source_key.created", staffId: ids.grace }]);
  });
});

describe("revokeSourceKeyAction", () => {
  it("revokes only keys of the manager's own store", async () => {
    const { id, key } = await createSourceKey(db, { storeId: ids.fifth, staffId: ids.grace, name: "Website" });
    testSession.current = { user: { id: ids.marcus } };
    const before = await snapshot();
    expect(await revokeSourceKeyAction({}, form({ keyId: id }))).toEqual({ message: "That key does not belong to your store." });
    expect(await snapshot()).toBe(before);

    testSession.current = { user: { id: ids.grace } };
    expect(await revokeSourceKeyAction({}, form({ keyId: id }))).toMatchObject({ ok: true });
    expect(await authenticateWriteKey(db, basicAuthorization(key))).toBeNull();
  });

  it("refuses an associate", async () => {
    const { id } = await createSourceKey(db, { storeId: ids.fifth, staffId: ids.grace, name: "Website" });
    testSession.current = { user: { id: ids.maya } };
    expect(await revokeSourceKeyAction({}, form({ keyId: id }))).toEqual({ message: "Only a store manager can do this." });
    expect((await db.select().from(sourceKeys).limit(1))[0]?.revokedAt).toBeNull();
  });
});
