import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
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

beforeEach(() => {
  db = createTestDb();
  fifth = createStore(db, { name: "Fifth Avenue" });
  oak = createStore(db, { name: "Oak Street" });
  grace = createStaff(db, { storeId: fifth.id, role: "manager", name: "Grace Whitaker" }).id;
  marcus = createStaff(db, { storeId: oak.id, role: "manager", name: "Marcus Bell" }).id;
});

describe("createSourceKey", () => {
  it("returns the key once and stores only its hash and a short prefix, audited", () => {
    const created = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(created.key).toMatch(/^shk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(16);
    const [row] = db.select().from(sourceKeys).all();
    expect(row).toMatchObject({ name: "Website", keyHash: hashWriteKey(created.key), keyPrefix: created.prefix, storeId: fifth.id });
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(db.select().from(auditLog).all()).toMatchObject([{ action: "source_key.created", staffId: grace, storeId: fifth.id, targetId: created.id }]);
  });

  it("makes a different key every time", () => {
    const a = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "A" });
    const b = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "B" });
    expect(a.key).not.toBe(b.key);
  });
});

describe("listSourceKeys", () => {
  it("lists only the store's own keys, newest first, with who made them and never the hash", async () => {
    createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Old", now: new Date("2026-01-01T00:00:00Z") });
    createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "New", now: new Date("2026-02-01T00:00:00Z") });
    createSourceKey(db, { storeId: oak.id, staffId: marcus, name: "Oak site" });
    const keys = await listSourceKeys(db, { storeId: fifth.id });
    expect(keys.map((k) => k.name)).toEqual(["New", "Old"]);
    expect(keys[0]).toMatchObject({ createdByName: "Grace Whitaker", lastUsedAt: null, revokedAt: null });
    expect(Object.keys(keys[0]!)).not.toContain("keyHash");
  });
});

describe("authenticateWriteKey", () => {
  it("accepts the key as the Basic username with an empty password, or without the colon", () => {
    const { key, id } = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(authenticateWriteKey(db, basicAuthorization(key))).toEqual({ id, storeId: fifth.id, name: "Website" });
    expect(authenticateWriteKey(db, `Basic ${Buffer.from(key).toString("base64")}`)).toMatchObject({ id });
    expect(authenticateWriteKey(db, `basic ${Buffer.from(`${key}:`).toString("base64")}`)).toMatchObject({ id });
  });

  it("refuses a missing, malformed, unknown or bearer key", () => {
    const { key } = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(authenticateWriteKey(db, null)).toBeNull();
    expect(authenticateWriteKey(db, "")).toBeNull();
    expect(authenticateWriteKey(db, `Bearer ${key}`)).toBeNull();
    expect(authenticateWriteKey(db, "Basic !!!")).toBeNull();
    expect(authenticateWriteKey(db, basicAuthorization(`${key.slice(0, -1)}x`))).toBeNull();
    expect(authenticateWriteKey(db, basicAuthorization("shk_short"))).toBeNull();
    expect(writeKeyFromAuthorization(`Basic ${Buffer.from(`:${key}`).toString("base64")}`)).toBeNull();
  });

  it("refuses a revoked key at once", () => {
    const { key, id } = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(revokeSourceKey(db, { keyId: id, storeId: fifth.id, staffId: grace })).toEqual({ ok: true, name: "Website" });
    expect(authenticateWriteKey(db, basicAuthorization(key))).toBeNull();
  });

  it("notes when a key was last used, at most once a minute", () => {
    const { key, id } = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    const lastUsed = () => db.select({ at: sourceKeys.lastUsedAt }).from(sourceKeys).where(eq(sourceKeys.id, id)).get()?.at?.getTime();
    const t0 = new Date("2026-03-01T12:00:00Z").getTime();
    authenticateWriteKey(db, basicAuthorization(key), new Date(t0));
    expect(lastUsed()).toBe(t0);
    authenticateWriteKey(db, basicAuthorization(key), new Date(t0 + 30_000));
    expect(lastUsed()).toBe(t0);
    authenticateWriteKey(db, basicAuthorization(key), new Date(t0 + 61_000));
    expect(lastUsed()).toBe(t0 + 61_000);
  });
});

describe("revokeSourceKey", () => {
  it("only revokes keys of the caller's store, and audits the first revocation only", () => {
    const { id } = createSourceKey(db, { storeId: fifth.id, staffId: grace, name: "Website" });
    expect(revokeSourceKey(db, { keyId: id, storeId: oak.id, staffId: marcus })).toEqual({ ok: false, reason: "not_found" });
    expect(db.select().from(sourceKeys).get()?.revokedAt).toBeNull();
    revokeSourceKey(db, { keyId: id, storeId: fifth.id, staffId: grace });
    revokeSourceKey(db, { keyId: id, storeId: fifth.id, staffId: grace });
    expect(db.select().from(sourceKeys).get()).toMatchObject({ revokedByStaffId: grace, revokedAt: expect.any(Date) });
    expect(db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action)).toEqual(["source_key.created", "source_key.revoked"]);
  });
});
