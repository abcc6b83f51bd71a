import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect, selectRows } from "@/db/dialect";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { customerIdQuery, findCustomerIds, listClientBook, searchCustomers } from "./customer-search";

let db: Db;
let alicia: string;
let aliceSmith: string;
let fernando: string;
let staffId: string;

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue" });
  staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  alicia = await createCustomer(db, {
    firstName: "Alicia",
    lastName: "Fernández",
    email: "alicia.fernandez@gmail.com",
    phone: "+12125550143",
    handles: [["x", "aliciafdz"]],
    homeStoreId: store.id,
    assignedStaffId: staffId,
  });
  aliceSmith = await createCustomer(db, { firstName: "Alice", lastName: "Smith", email: "asmith@outlook.com", phone: "+13125550199" });
  fernando = await createCustomer(db, { firstName: "Fernando", lastName: "Alvarez", email: "fernando@icloud.com", phone: "+14155550101" });
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

  it("returns each customer once, and as many as asked for, however many of their terms match", async () => {
    // Twelve terms starting with "a", more than a page of the lookup holds for two customers.
    const many = await createCustomer(db, { firstName: "Aa Ab Ac Ad Ae", lastName: "Af Ag Ah Ai Aj", email: "ak@example.com" });
    expect(await findCustomerIds(db, { query: "a", limit: 2 })).toEqual([many, aliceSmith]);
    expect(await findCustomerIds(db, { query: "a", limit: 1 })).toEqual([many]);
    const all = await find("a");
    expect(all).toHaveLength(4);
    expect(new Set(all)).toEqual(new Set([many, alicia, aliceSmith, fernando]));
  });

  it("returns summaries with store, associate and no duplicates", async () => {
    const [row, ...rest] = await searchCustomers(db, { query: "alicia" });
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ id: alicia, firstName: "Alicia", homeStoreName: "Fifth Avenue", assignedStaffName: "Maya Chen" });
  });

  it("uses the term index, never a scan of customers", async () => {
    const query = customerIdQuery(db, ["fer", "ali", "212"], 20).getSQL();
    if (currentDialect() === "sqlite") {
      const plan = (await selectRows<{ detail: string }>(db, sql`explain query plan ${query}`)).map((r) => r.detail).join("\n");
      expect(plan).toMatch(/SEARCH t USING (COVERING )?INDEX sqlite_autoindex_customer_search_terms_1 \(term>\? AND term<\?\)/);
      expect(plan).toMatch(/SEARCH o0 (EXISTS )?USING COVERING INDEX customer_search_terms_customer_idx \(customer_id=\? AND term>\? AND term<\?\)/);
      expect(plan).not.toMatch(/SCAN/);
      return;
    }
    // A table of a few rows is cheapest to read whole and sort; with that
    // priced out, the plan has the shape PostgreSQL also picks for a large book
    // (checked on 100,000 customers): the term range read in index order until
    // the limit, each other token a probe of that customer's own terms.
    const plan = await db.transaction(async (tx) => {
      for (const setting of ["enable_seqscan", "enable_bitmapscan", "enable_sort"]) await tx.execute(sql.raw(`set local ${setting} = off`));
      return (await selectRows<{ "QUERY PLAN": string }>(tx, sql`explain ${query}`)).map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/^Limit\b.*\n\s+->  Index Only Scan using customer_search_terms_term_customer_id_pk on customer_search_terms t\b.*\n\s+Index Cond: \(\(term >= 'fer'::text\) AND \(term < 'fer\uffff'::text\)\)\n\s+Filter: \(\(SubPlan 1\) AND \(SubPlan 2\)\)/);
    for (const [alias, token] of [["o0", "ali"], ["o1", "212"]]) {
      expect(plan).toMatch(
        new RegExp(`Index Only Scan using customer_search_terms_customer_idx on customer_search_terms ${alias}\\b.*\\n\\s+Index Cond: \\(customer_id = t\\.customer_id\\)\\n\\s+Filter: \\("left"\\(term, 3\\) = '${token}'::text\\)`),
      );
    }
    expect(plan).not.toMatch(/Sort|Unique|Aggregate|Join/);
    expect(plan).not.toMatch(/Seq Scan|customers/);
  });
});

describe("listClientBook", () => {
  it("lists only the associate's own customers, with the total", async () => {
    const book = await listClientBook(db, { staffId });
    expect(book.total).toBe(1);
    expect(book.customers.map((c) => c.id)).toEqual([alicia]);
  });
});
