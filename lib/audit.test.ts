import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { recordProfileView } from "./audit";

describe("recordProfileView", () => {
  it("records each visit once, but not the refreshes of a page left open", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const maya = (await createStaff(db, { storeId: store.id })).id;
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F" });
    const ben = await createCustomer(db, { firstName: "Ben", lastName: "O" });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 12, minutes));
    const view = (customerId: string, minutes: number) => recordProfileView(db, { staffId: maya, storeId: store.id, customerId, at: at(minutes) });

    expect(await view(alicia, 0)).toBe(true);
    expect(await view(alicia, 1)).toBe(false); // live refresh of the open page
    expect(await view(ben, 2)).toBe(true);
    expect(await view(alicia, 3)).toBe(true); // came back to her: a new visit
    expect(await view(alicia, 20)).toBe(true); // long after
    const views = await db.select({ customerId: auditLog.customerId }).from(auditLog).where(eq(auditLog.action, "customer.viewed")).orderBy(asc(auditLog.at));
    expect(views.map((v) => v.customerId)).toEqual([alicia, ben, alicia, alicia]);
  });
});
