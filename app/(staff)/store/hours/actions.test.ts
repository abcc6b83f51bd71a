import { beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, storeClosures, stores } from "@/db/schema";
import { describeDetail } from "@/lib/audit-view";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createStaff, createStore } from "@/lib/testing/factories";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { addClosureAction, removeClosureAction, updateHoursAction } = await import("./actions");

const HOURS = { mon: "10:00–20:00", sun: "11:00–18:00" };
let db: Db;
let storeId: string;

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};
const storedHours = async () => (await db.select({ openingHours: stores.openingHours }).from(stores).where(eq(stores.id, storeId)))[0]!.openingHours;

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  storeId = (await createStore(db, { name: "Fifth Avenue", openingHours: HOURS })).id;
  const grace = (await createStaff(db, { storeId, role: "manager", name: "Grace Whitaker" })).id;
  testSession.current = { user: { id: grace } };
});

describe("updateHoursAction", () => {
  it("saves the week in the stored form, leaving unticked days closed, and records it in the audit log", async () => {
    const result = await updateHoursAction({}, form({ mon_open: "on", mon_opens: "09:30", mon_closes: "19:00", tue_opens: "10:00", tue_closes: "18:00", sat_open: "on", sat_opens: "10:00", sat_closes: "17:00" }));
    expect(result).toMatchObject({ ok: true });
    expect(await storedHours()).toEqual({ mon: "09:30–19:00", sat: "10:00–17:00" });
    expect(await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog)).toEqual([{ action: "store.hours_changed", detail: { openingHours: { mon: "09:30–19:00", sat: "10:00–17:00" } } }]);
    const [entry] = await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog);
    expect(describeDetail(entry!, new Map(), "America/New_York")).toBe("Mon 9:30 AM – 7:00 PM, Tue closed, Wed closed, Thu closed, Fri closed, Sat 10:00 AM – 5:00 PM, Sun closed");
  });

  it.each([
    [{ mon_open: "on", mon_opens: "19:00", mon_closes: "10:00" }, /close after it opens/],
    [{ mon_open: "on", mon_opens: "10:00", mon_closes: "" }, /opening and closing times/],
    [{ mon_open: "on", mon_opens: "25:00", mon_closes: "26:00" }, /opening and closing times/],
  ])("refuses %j with a clear message and changes nothing", async (fields, message) => {
    const result = await updateHoursAction({}, form(fields));
    expect(result.fieldErrors?.mon?.join(" ")).toMatch(message);
    expect(await storedHours()).toEqual(HOURS);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});

describe("closures", () => {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it("closes a day ahead, then opens it again, with an audit entry each time", async () => {
    const day = inDays(10);
    expect(await addClosureAction({}, form({ day, reason: "Inventory" }))).toMatchObject({ ok: true });
    expect(await db.select({ day: storeClosures.day, reason: storeClosures.reason }).from(storeClosures)).toEqual([{ day, reason: "Inventory" }]);
    expect(await removeClosureAction({}, form({ day }))).toMatchObject({ ok: true });
    expect(await db.select().from(storeClosures)).toHaveLength(0);
    expect((await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action).sort()).toEqual(["store.closure_added", "store.closure_removed"]);
  });

  it.each([["2020-01-01"], ["2026-02-30"], ["tomorrow"], [inDays(3 * 366)]])("refuses day=%s and saves nothing", async (day) => {
    const result = await addClosureAction({}, form({ day, reason: "" }));
    expect(result.fieldErrors?.day).toEqual([expect.any(String)]);
    expect(await db.select().from(storeClosures)).toHaveLength(0);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});
