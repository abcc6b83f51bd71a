import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { currentDialect, inList, selectTuples } from "@/db/dialect";
import { customerPreferences, customers, notes } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { lookupCustomers } from "@/lib/customer-search";
import { withoutNul } from "./nul";

describe("withoutNul", () => {
  it("drops U+0000 from strings, in arrays and plain objects (keys too), and hands back what has none unchanged", () => {
    expect(withoutNul("a\u0000b\u0000")).toBe("ab");
    const clean = { a: ["x", { b: "y" }], n: 1, d: new Date(0) };
    expect(withoutNul(clean)).toBe(clean);
    expect(withoutNul({ "k\u0000": ["x\u0000", { b: "\u0000y" }], n: 1, keep: "z" })).toEqual({ k: ["x", { b: "y" }], n: 1, keep: "z" });
    const list = ["a", "b\u0000"];
    expect(withoutNul(list)).toEqual(["a", "b"]);
    expect(list).toEqual(["a", "b\u0000"]);
  });
});

describe("a NUL in what is sent to the database", () => {
  it("never fails a statement: text, jsonb, lists and named statements; PostgreSQL keeps the text without it", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const staffId = (await createStaff(db, { storeId: store.id })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: store.id });
    const pg = currentDialect() === "pg";
    const stored = (text: string) => (pg ? text.replaceAll("\u0000", "") : text);

    await db.insert(notes).values({ id: "n1", customerId, staffId, storeId: store.id, body: "Navy\u0000 coat" });
    expect((await db.select({ body: notes.body }).from(notes))[0]?.body).toBe(stored("Navy\u0000 coat"));

    await db.insert(customerPreferences).values({ customerId, colours: ["navy\u0000"], sizes: { "coats\u0000": "M" }, updatedAt: new Date() });
    const [prefs] = await db.select().from(customerPreferences).where(eq(customerPreferences.customerId, customerId));
    expect(prefs?.colours).toEqual([stored("navy\u0000")]);
    expect(Object.keys(prefs?.sizes ?? {})).toEqual([stored("coats\u0000")]);

    await db.update(customers).set({ tags: ["vip\u0000"], lastName: "Fern\u0000ández" }).where(eq(customers.id, customerId));
    const [row] = await db.select({ tags: customers.tags, lastName: customers.lastName }).from(customers).where(eq(customers.id, customerId));
    expect(row).toEqual({ tags: [stored("vip\u0000")], lastName: stored("Fern\u0000ández") });

    // A list sent as one value, through a named statement (PostgreSQL's config form of a query).
    const found = await selectTuples<[string]>(db, sql`select id from customers where ${inList(sql`first_name`, ["Alicia\u0000", "Alicia"])}`, "nul_probe");
    expect(found).toEqual([[customerId]]);
    // And the lookup, as typed in the address bar.
    expect((await lookupCustomers(db, { query: "\u0000alicia fern\u0000" })).customers.map((c) => c.id)).toEqual([customerId]);
    expect((await lookupCustomers(db, { query: "fernadez\u0000555@" })).customers).toEqual([]);
  });
});
