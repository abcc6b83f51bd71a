import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { staff } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createStaff, createStore } from "./testing/factories";
import { hashPassword } from "./passwords";
import { checkStaffCredentials, LOCKOUT_MS, MAX_FAILED_SIGN_INS } from "./sign-in";

let passwordHash: string;
let db: Db;
const email = "maya@shop.example";

beforeAll(async () => {
  passwordHash = await hashPassword("correct horse");
});

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db);
  await createStaff(db, { storeId: store.id, email, passwordHash, role: "manager", name: "Maya Chen" });
  await createStaff(db, { storeId: store.id, email: "left@shop.example", passwordHash, active: false });
});

describe("checkStaffCredentials", () => {
  it("accepts the right password, case-insensitive email, and returns role and store", async () => {
    const result = await checkStaffCredentials(db, { email: "  Maya@Shop.Example ", password: "correct horse" });
    expect(result).toMatchObject({ ok: true, user: { email, name: "Maya Chen", role: "manager" } });
  });

  it("gives the same answer for a wrong password, an unknown email and a deactivated account", async () => {
    expect(await checkStaffCredentials(db, { email, password: "wrong" })).toEqual({ ok: false, reason: "invalid" });
    expect(await checkStaffCredentials(db, { email: "nobody@shop.example", password: "correct horse" })).toEqual({ ok: false, reason: "invalid" });
    expect(await checkStaffCredentials(db, { email: "left@shop.example", password: "correct horse" })).toEqual({ ok: false, reason: "invalid" });
    expect(await checkStaffCredentials(db, { email: "not an email", password: "x" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks the account after repeated failures, refusing even the right password until the lock ends", async () => {
    const start = new Date("2026-11-23T10:00:00Z");
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await checkStaffCredentials(db, { email, password: `wrong ${i}` }, start)).toMatchObject({ reason: "invalid" });
    }
    const locked = await checkStaffCredentials(db, { email, password: "wrong again" }, start);
    expect(locked).toEqual({ ok: false, reason: "locked", retryAt: new Date(start.getTime() + LOCKOUT_MS) });

    const during = new Date(start.getTime() + LOCKOUT_MS - 1000);
    expect(await checkStaffCredentials(db, { email, password: "correct horse" }, during)).toMatchObject({ ok: false, reason: "locked" });

    const after = new Date(start.getTime() + LOCKOUT_MS + 1000);
    expect(await checkStaffCredentials(db, { email, password: "correct horse" }, after)).toMatchObject({ ok: true });
  });

  it("counts wrong passwords tried at the same moment together, locking once", async () => {
    const start = new Date("2026-11-23T10:00:00Z");
    const results = await Promise.all(Array.from({ length: MAX_FAILED_SIGN_INS + 2 }, (_, i) => checkStaffCredentials(db, { email, password: `wrong ${i}` }, start)));
    const retryAt = new Date(start.getTime() + LOCKOUT_MS);
    // The attempt that reached the limit locks; those after it hear so, whichever instance served them.
    expect(results.filter((r) => r.ok === false && r.reason === "invalid")).toHaveLength(MAX_FAILED_SIGN_INS - 1);
    expect(results.filter((r) => r.ok === false && r.reason === "locked")).toEqual(Array(3).fill({ ok: false, reason: "locked", retryAt }));
    const [row] = await db.select({ failedSignIns: staff.failedSignIns, lockedUntil: staff.lockedUntil }).from(staff).where(eq(staff.email, email));
    expect(row).toEqual({ failedSignIns: 0, lockedUntil: retryAt });
    expect(await checkStaffCredentials(db, { email, password: "correct horse" }, start)).toEqual({ ok: false, reason: "locked", retryAt });
  });

  it("resets the failure count after a successful sign-in", async () => {
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) await checkStaffCredentials(db, { email, password: "wrong" });
    expect(await checkStaffCredentials(db, { email, password: "correct horse" })).toMatchObject({ ok: true });
    expect(await checkStaffCredentials(db, { email, password: "wrong" })).toMatchObject({ reason: "invalid" });
  });
});
