import { beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, sourceKeys } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createStaff, createStore } from "@/lib/testing/factories";
import { basicAuthorization, hashWriteKey, writeKeyFromAuthorization } from "@/lib/ingest/write-key-format";
import { authenticateWriteKey, createSourceKey, listSourceKeys, revokeSourceKey } from "./source-keys";

let db: Db;
let fifth: { id: string };
let oak: { id: string };
let grace: string;
let marcus: string;

beforeEach(async () => {
  db = await createTestDb();
  fifth = await createStore(db, { name: "Fifth Avenue" });
  oak = await createStore(db, { name: "Oak Street" });
  grace = (await createStaff(db, { storeId: fifth.id, role: "manager", name: "Grace Whitaker" })).id;
  marcus = (await createStaff(db, { storeId: oak.id, role: "manager", name: "Marcus Bell" })).id;
});

describe("createSourceKey", () => {
  it("returns the key once and stores only its hash and a short prefix, audited", async () => {
    const created = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(created.key).toMatch(/^shk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(16);
    const [row] = await db.select().from(sourceKeys);
    expect(row).toMatchObject({ name: "Website", keyHash: hashWriteKey(created.key), keyPrefix: created.prefix, storeId: fifth.id });
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(await db.select().from(auditLog)).toMatchObject([{ action: "source_key.created", staffId: grace, storeId: fifth.id, targetId: created.id }]);
  });

  it("makes a different key every time", async () => {
    const a = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "A" });
    const b = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "B" });
    expect(a.key).not.toBe(b.key);
  });
});

describe("listSourceKeys", () => {
  it("lists only the store's own keys, newest first, with who made them and never the hash", async () => {
    await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Old", now: new Date("2026-01-01T00:00:00Z") });
    await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "New", now: new Date("2026-02-01T00:00:00Z") });
    await createSourceKey(db, { storeId: oak.id, staffId: marcus, name: "Oak site" });
    const keys = await listSourceKeys(db, { storeId: fifth.id });
    expect(keys.map((k) => k.name)).toEqual(["New", "Old"]);
    expect(keys[0]).toMatchObject({ createdByName: "Grace Whitaker", lastUsedAt: null, revokedAt: null });
    expect(Object.keys(keys[0]!)).not.toContain("keyHash");
  });
});

describe("authenticateWriteKey", () => {
  it("accepts the key as the Basic username with an empty password, or without the colon", async () => {
    const { key, id } = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(await authenticateWriteKey(db, basicAuthorization(key))).toEqual({ id, storeId: fifth.id, name: "Website" });
    expect(await authenticateWriteKey(db, `Basic ${Buffer.from(key).toString("base64")}`)).toMatchObject({ id });
    expect(await authenticateWriteKey(db, `basic ${Buffer.from(`${key}:`).toString("base64")}`)).toMatchObject({ id });
  });

  it("refuses a missing, malformed, unknown or bearer key", async () => {
    const { key } = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(await authenticateWriteKey(db, null)).toBeNull();
    expect(await authenticateWriteKey(db, "")).toBeNull();
    expect(await authenticateWriteKey(db, `Bearer ${key}`)).toBeNull();
    expect(await authenticateWriteKey(db, "Basic !!!")).toBeNull();
    expect(await authenticateWriteKey(db, basicAuthorization(`${key.slice(0, -1)}x`))).toBeNull();
    expect(await authenticateWriteKey(db, basicAuthorization("shk_short"))).toBeNull();
    expect(writeKeyFromAuthorization(`Basic ${Buffer.from(`:${key}`).toString("base64")}`)).toBeNull();
  });

  it("refuses a revoked key at once", async () => {
    const { key, id } = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(await revokeSourceKey(db, { keyId: id, storeId: fifth.id, staffId: grace })).toEqual({ ok: true, name: "Website" });
    expect(await authenticateWriteKey(db, basicAuthorization(key))).toBeNull();
  });

  it("notes when a key was last used, at most once a minute", async () => {
    const { key, id } = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    const lastUsed = async () => (await db.select({ at: sourceKeys.lastUsedAt }).from(sourceKeys).where(eq(sourceKeys.id, id)).limit(1))[0]?.at?.getTime();
    const t0 = new Date("2026-03-01T12:00:00Z").getTime();
    await authenticateWriteKey(db, basicAuthorization(key), new Date(t0));
    expect(await lastUsed()).toBe(t0);
    await authenticateWriteKey(db, basicAuthorization(key), new Date(t0 + 30_000));
    expect(await lastUsed()).toBe(t0);
    await authenticateWriteKey(db, basicAuthorization(key), new Date(t0 + 61_000));
    expect(await lastUsed()).toBe(t0 + 61_000);
  });
});

describe("revokeSourceKey", () => {
  it("only revokes keys of the caller's store, and audits the first revocation only", async () => {
    const { id } = await createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(await revokeSourceKey(db, { keyId: id, storeId: oak.id, staffId: marcus })).toEqual({ ok: false, reason: "not_found" });
    expect((await db.select().from(sourceKeys).limit(1))[0]?.revokedAt).toBeNull();
    await revokeSourceKey(db, { keyId: id, storeId: fifth.id, staffId: grace });
    await revokeSourceKey(db, { keyId: id, storeId: fifth.id, staffId: grace });
    expect((await db.select().from(sourceKeys).limit(1))[0]).toMatchObject({ revokedByStaffId: grace, revokedAt: expect.any(Date) });
    expect((await db.select({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.at), asc(auditLog.action))).map((a) => a.action)).toEqual(["source_key.created", "source_key.revoked"]);
  });
});
