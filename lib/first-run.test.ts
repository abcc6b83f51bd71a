import { afterEach, describe, expect, it } from "vitest";
import { createTestDb } from "./testing/db";
import { createStaff, createStore } from "./testing/factories";
import { DEMO_DATA_COMMAND, forgetStaffSeen, hasStaffAccounts, NO_STAFF_MESSAGE, warnIfNoStaff } from "./first-run";

afterEach(() => forgetStaffSeen());

describe("a database with no staff accounts", () => {
  it("is reported in the server log with the command that adds the demo data, and not once someone exists", async () => {
    const db = await createTestDb();
    const logged: string[] = [];
    expect(await hasStaffAccounts(db)).toBe(false);
    expect(await warnIfNoStaff(db, (m) => logged.push(m))).toBe(true);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(DEMO_DATA_COMMAND);
    expect(NO_STAFF_MESSAGE).toMatch(/no staff accounts/);

    const store = await createStore(db);
    await createStaff(db, { storeId: store.id });
    expect(await hasStaffAccounts(db)).toBe(true);
    expect(await warnIfNoStaff(db, (m) => logged.push(m))).toBe(false);
    expect(logged).toHaveLength(1);
  });

  it("names a command that exists in package.json", async () => {
    const { default: pkg } = await import("../package.json", { with: { type: "json" } });
    const script = DEMO_DATA_COMMAND.replace(/^npm run /, "");
    expect(Object.keys(pkg.scripts)).toContain(script);
  });
});
