import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { customerIdQuery, findCustomerIds, listClientBook, searchCustomers } from "./customer-search";

let db: Db;
let alicia: string;
let aliceSmith: string;
let staffId: string;

beforeEach(() => {
  db = createTestDb();
  const store = createStore(db, { name: "Fifth Avenue" });
  staffId = createStaff(db, { storeId: store.id, name: "Maya Chen" }).id;
  alicia = createCustomer(db, {
    firstName: "Alicia",
    lastName: "Fernández",
    email: "alicia.fernandez@gmail.com",
    phone: "+12125550143",
    handles: [["x", "aliciafdz"]],
    homeStoreId: store.id,
    assignedStaffId: staffId,
  });
  aliceSmith = createCustomer(db, { firstName: "Alice", lastName: "Smith", email: "asmith@outlook.com", phone: "+13125550199" });
  createCustomer(db, { firstName: "Fernando", lastName: "Alvarez", email: "fernando@icloud.com", phone: "+14155550101" });
});

const find = (query: string) => findCustomerIds(db, { query });

describe("searchCustomers", () => {
  it("finds by any part of the name in any order, ignoring case and accents", async () => {
    expect(await find("fernandez")).toEqual([alicia]);
    expect(await find("FERN ali")).toEqual([alicia]);
    expect(await find("alic fernán")).toEqual([alicia]);
    expect(new Set(await find("ali"))).toEqual(new Set([alicia, aliceSmith]));
  });

  it("finds by email, phone in any formatting and handle with or without @", async () => {
    expect(await find("alicia.fernandez@gmail.com")).toEqual([alicia]);
    expect(await find("asmith@")).toEqual([aliceSmith]);
    expect(await find("(212) 555-0143")).toEqual([alicia]);
    expect(await find("212 555 01")).toEqual([alicia]);
    expect(await find("+1 212 555 0143")).toEqual([alicia]);
    expect(await find("0143")).toEqual([alicia]);
    expect(await find("@aliciafdz")).toEqual([alicia]);
    expect(await find("aliciaf")).toEqual([alicia]);
  });

  it("returns nothing for no match or an empty query", async () => {
    expect(await find("zzz")).toEqual([]);
    expect(await find("alicia smith")).toEqual([]);
    expect(await find("   ")).toEqual([]);
  });

  it("returns summaries with store, associate and no duplicates", async () => {
    const [row, ...rest] = await searchCustomers(db, { query: "alicia" });
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ id: alicia, firstName: "Alicia", homeStoreName: "Fifth Avenue", assignedStaffName: "Maya Chen" });
  });

  it("uses the term index, never a scan of customers", () => {
    const query = customerIdQuery(db, ["fer", "ali", "212"], 20).toSQL();
    const plan = db.$client
      .prepare(`explain query plan ${query.sql}`)
      .all(...query.params)
      .map((r) => (r as { detail: string }).detail)
      .join("\n");
    expect(plan).toMatch(/SEARCH t USING (COVERING )?INDEX sqlite_autoindex_customer_search_terms_1 \(term>\? AND term<\?\)/);
    expect(plan).toMatch(/SEARCH o0 (EXISTS )?USING COVERING INDEX customer_search_terms_customer_idx \(customer_id=\? AND term>\? AND term<\?\)/);
    expect(plan).not.toMatch(/SCAN/);
  });
});

describe("listClientBook", () => {
  it("lists only the associate's own customers, with the total", async () => {
    const book = await listClientBook(db, { staffId });
    expect(book.total).toBe(1);
    expect(book.customers.map((c) => c.id)).toEqual([alicia]);
  });
});
