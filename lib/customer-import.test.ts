import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, OpenDatabase } from "@/db";
import { auditLog, customerSearchTerms, customers } from "@/db/schema";
import { openTestDatabase } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { reindexCustomer } from "./customers";
import { findImportStore, importCustomers, textSource, type ImportProgress, type ImportReport } from "./customer-import";
import { isDatabaseFailure } from "@/db/dialect";

// Column order of a current Shopify customer export.
const SHOPIFY = [
  "Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company", "Default Address Address1",
  "Default Address Address2", "Default Address City", "Default Address Province Code", "Default Address Country Code", "Default Address Zip",
  "Default Address Phone", "Phone", "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags",
] as const;
// An older export, as listed in Shopify's help.
const OLDER = [
  "First Name", "Last Name", "Email", "Accepts Email Marketing", "Company", "Address1", "Address2", "City", "Province", "Province Code",
  "Country", "Country Code", "Zip", "Phone", "Accepts SMS Marketing", "Total Spent", "Total Orders", "Tags", "Note", "Tax Exempt",
] as const;

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A CSV file as Shopify writes it: CRLF line ends, quotes only where needed. */
function csv(header: readonly string[], rows: Array<Record<string, string>>, eol = "\r\n"): string {
  return [header, ...rows.map((r) => header.map((h) => r[h] ?? ""))].map((r) => r.map(cell).join(",")).join(eol) + eol;
}

let db: Db;
let storeId: string;
let otherStoreId: string;
const run = (text: string, options: { chunkSize?: number; staffId?: string; onProgress?: (p: ImportProgress) => void; name?: string } = {}) =>
  importCustomers(db, { source: textSource(options.name ?? "customers_export.csv", text), storeId, ...options });
async function report(text: string, options: Parameters<typeof run>[1] = {}): Promise<ImportReport> {
  const result = await run(text, options);
  if (!result.ok) throw new Error(`unexpected: ${result.message}`);
  return result.report;
}
const counts = (r: ImportReport) => ({ created: r.created, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected.length });
const byEmail = async (email: string) => (await db.select().from(customers).where(eq(customers.email, email)).limit(1))[0];
const termsOf = async (customerId: string) =>
  (await db.select({ term: customerSearchTerms.term }).from(customerSearchTerms).where(eq(customerSearchTerms.customerId, customerId))).map((t) => t.term).sort();
/** Everything an import could touch, to prove a run changed nothing. */
const snapshot = async () => ({
  customers: await db.select().from(customers).orderBy(asc(customers.id)),
  terms: await db.select().from(customerSearchTerms).orderBy(asc(customerSearchTerms.customerId), asc(customerSearchTerms.term)),
});
const rowCount = async (table: typeof customers | typeof customerSearchTerms | typeof auditLog) => Number((await db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);

/**
 * Makes the database refuse writes to a table: a trigger that raises, on
 * SQLite RAISE(ABORT) (a constraint error), on PostgreSQL a plpgsql function
 * raising `errcode` when `condition` holds. PostgreSQL's database outlives the
 * test (only its rows are emptied), so the trigger is dropped after it.
 */
async function refuse({ table, when, errcode = "integrity_constraint_violation" }: { table: "customers" | "customer_search_terms"; when: { sqlite: string; pg: string }; errcode?: string }) {
  const name = `refuse_${table}`;
  if (database.sqlite) {
    database.sqlite.exec(`create trigger ${name} before insert on ${table} when ${when.sqlite} begin select raise(abort, 'refused'); end`);
    return;
  }
  const pool = database.pool!;
  await pool.query(`create function ${name}() returns trigger language plpgsql as $$ begin if ${when.pg} then raise exception 'refused' using errcode = '${errcode}'; end if; return new; end $$`);
  await pool.query(`create trigger ${name} before insert on ${table} for each row execute function ${name}()`);
  cleanups.push(() => dropRefusal(table));
}

async function dropRefusal(table: string) {
  if (!database.pool) return;
  await database.pool.query(`drop trigger if exists refuse_${table} on ${table}`);
  await database.pool.query(`drop function if exists refuse_${table}()`);
}

/** A refusal of a row's search term "boom": a failure midway through that row. */
const refuseBoom = () => refuse({ table: "customer_search_terms", when: { sqlite: "new.term = 'boom'", pg: "new.term = 'boom'" } });

let database: OpenDatabase;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  database = await openTestDatabase();
  db = database.db;
  storeId = (await createStore(db, { name: "Fifth Avenue", isFlagship: true })).id;
  otherStoreId = (await createStore(db, { name: "Oak Street" })).id;
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("reading a file", () => {
  it("maps a current Shopify export onto the customer", async () => {
    const text = csv(SHOPIFY, [
      {
        "Customer ID": "7066652344548",
        "First Name": "Alicia",
        "Last Name": "Fernández",
        Email: "Alicia.Fernandez@Example.com",
        "Accepts Email Marketing": "yes",
        "Default Address Company": "Fernández & Co",
        "Default Address Address1": "10 W 66th St",
        "Default Address Address2": "Apt 4B",
        "Default Address City": "New York",
        "Default Address Province Code": "NY",
        "Default Address Country Code": "US",
        "Default Address Zip": "'10023",
        "Default Address Phone": "'+12125550199",
        Phone: "'+12125550143",
        "Accepts SMS Marketing": "no",
        "Total Spent": "1200.00",
        "Total Orders": "3",
        Note: "Prefers morning fittings,\nnever Saturdays",
        "Tax Exempt": "no",
        Tags: "VIP, coats,vip , Spring 2025",
      },
    ]);
    expect(counts(await report(text))).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await byEmail("alicia.fernandez@example.com")).toMatchObject({
      externalId: "7066652344548",
      firstName: "Alicia",
      lastName: "Fernández",
      phone: "+12125550143",
      consentEmail: true,
      consentSms: false,
      city: "New York",
      homeStoreId: storeId,
      tags: ["VIP", "coats", "Spring 2025"],
      sourceNote: "Prefers morning fittings,\nnever Saturdays",
      address: { company: "Fernández & Co", address1: "10 W 66th St", address2: "Apt 4B", city: "New York", province: "NY", country: "US", zip: "10023" },
    });
  });

  it("reads an older export, with headers in any case and spacing and unknown columns ignored", async () => {
    const header = OLDER.map((h) => ` ${h.toUpperCase()} `).concat("Favourite Colour");
    const values = { "First Name": "Ben", "Last Name": "Okafor", Email: "ben@example.com", "Accepts Email Marketing": "TRUE", City: "Chicago", Province: "Illinois", "Province Code": "IL", Country: "United States", Zip: "60611", Phone: "312 555 0101", Tags: "", Note: "" };
    const row = Object.fromEntries(OLDER.map((h) => [` ${h.toUpperCase()} `, values[h as keyof typeof values] ?? ""]).concat([["Favourite Colour", "teal"]]));
    expect(counts(await report(`\ufeff${csv(header, [row], "\n")}`))).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await byEmail("ben@example.com")).toMatchObject({
      phone: "+13125550101",
      consentEmail: true,
      consentSms: false,
      tags: [],
      sourceNote: null,
      address: { city: "Chicago", province: "Illinois", country: "United States", zip: "60611" },
    });
  });

  it("falls back to the address phone when Phone is empty", async () => {
    await report(csv(SHOPIFY, [{ "First Name": "Cy", "Default Address Phone": "(415) 555-0107" }]));
    expect((await db.select().from(customers).limit(1))[0]).toMatchObject({ firstName: "Cy", lastName: "", email: null, phone: "+14155550107", tags: [] });
    // No address is SQL NULL, not the JSON text "null".
    expect(await db.select({ none: sql<number>`case when ${customers.address} is null then 1 else 0 end` }).from(customers)).toEqual([{ none: 1 }]);
  });

  it("rejects each kind of bad row with its line and reason, and imports the rest", async () => {
    const good = (i: number) => ({ "First Name": "Good", "Last Name": `Row${i}`, Email: `good${i}@example.com` });
    const text = csv(SHOPIFY, [
      good(1), // line 2
      { "Last Name": "Nameless", Email: "x" + "@example.com", "First Name": "" }, // 3: fine, a last name is enough
      { Email: "noname@example.com" }, // 4
      { "First Name": "Bob", Email: "bob@" }, // 5
      { "First Name": "Cat", Phone: "12345" }, // 6
      { "First Name": "Dee" }, // 7
      { "First Name": "Eve", Email: "eve@example.com", "Accepts Email Marketing": "maybe", "Accepts SMS Marketing": "perhaps" }, // 8
      { Email: "not an email" }, // 9: two problems at once
      { "First Name": "Fay", Email: "fay@example.com", Tags: "x".repeat(101) }, // 10
      { "First Name": "G".repeat(101), Email: "g@example.com" }, // 11
      good(2), // 12
    ]);
    const lines = text.split("\r\n");
    lines[11] += ",extra,values"; // line 12
    const result = await report(`${lines.join("\r\n")},,,,,Acme\r\n`); // line 13: only a company
    expect(counts(result)).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 10 });
    expect(result.rejected).toEqual([
      { line: 4, reason: "needs a first or last name" },
      { line: 5, reason: "email 'bob@' is not an email address" },
      { line: 6, reason: "phone '12345' is not a phone number (10 digits for the US, otherwise + and the country code)" },
      { line: 7, reason: "needs an email or a phone number" },
      { line: 8, reason: "Accepts Email Marketing 'maybe' should be yes or no; Accepts SMS Marketing 'perhaps' should be yes or no" },
      { line: 9, reason: "needs a first or last name; email 'not an email' is not an email address" },
      { line: 10, reason: "tags: at most 250 tags of up to 100 characters each" },
      { line: 11, reason: "first name is longer than 100 characters" },
      { line: 12, reason: "has 22 values but the first line names 20 columns; a value with a comma may be missing its quotes" },
      { line: 13, reason: "needs a first or last name; needs an email or a phone number" },
    ]);
    expect(result.rows).toBe(12);
    expect(await rowCount(customers)).toBe(2);
  });

  it("counts lines as a text editor does: quoted line breaks (CRLF too) and blank lines", async () => {
    const text =
      "First Name,Email,Note\r\n" + // 1
      'Ann,ann@example.com,"first\r\nsecond\r\n\r\nfourth"\r\n' + // 2–5
      "\r\n" + // 6
      ",,\r\n" + // 7: an empty spreadsheet row, skipped
      "Bea,bea@\r\n" + // 8
      'Cal,cal@example.com,"one\nmore"\r\n' + // 9–10
      "Dot,dot@\r\n"; // 11
    const result = await report(text);
    expect(result.rejected).toEqual([
      { line: 8, reason: "email 'bea@' is not an email address" },
      { line: 11, reason: "email 'dot@' is not an email address" },
    ]);
    expect(result.rows).toBe(4);
    expect((await byEmail("ann@example.com"))?.sourceNote).toBe("first\r\nsecond\r\n\r\nfourth");
  });

  it("reads names that straddle the stream's chunks", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ "First Name": "Zoë", "Last Name": `Ångström${i}`, Email: `zoe${i}@example.com` }));
    expect(counts(await report(csv(SHOPIFY, rows)))).toEqual({ created: 3000, updated: 0, unchanged: 0, rejected: 0 });
    expect(Number((await db.select({ n: sql<number>`count(*)` }).from(customers).where(eq(customers.firstName, "Zoë")))[0]!.n)).toBe(3000);
  });
});

describe("a file that cannot be used", () => {
  beforeEach(async () => {
    await createCustomer(db, { firstName: "Existing", lastName: "Person", email: "existing@example.com" });
  });

  async function expectRefused(text: string | Uint8Array, message: RegExp) {
    const before = await snapshot();
    const audit = await rowCount(auditLog);
    const staffId = (await createStaff(db, { storeId, role: "manager" })).id;
    const result = await importCustomers(db, { source: textSource("bad.csv", text), storeId, staffId });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(message) });
    expect(await snapshot()).toEqual(before);
    expect(await rowCount(auditLog)).toBe(audit);
  }

  it("is refused whole when a name column is missing", async () => {
    await expectRefused("Email,Phone\r\nnew@example.com,2125550100\r\n", /no First Name or Last Name column, so nothing was imported.*it reads "Email, Phone"/);
  });

  it("is refused whole when both contact columns are missing", async () => {
    await expectRefused("First Name,Last Name,Company\r\nNew,Person,Acme\r\n", /no Email or Phone column/);
    await expectRefused("Name;E-mail\r\nNew Person;new@example.com\r\n", /no First Name or Last Name and no Email or Phone column/);
  });

  it("is refused whole when a quote is never closed, even after thousands of good rows", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ "First Name": "Good", Email: `good${i}@example.com` }));
    const text = csv(SHOPIFY, rows) + csv(SHOPIFY, [{ "First Name": "Broken", Email: "broken@example.com", Note: "PLACEHOLDER" }]).split("\r\n")[1]!.replace("PLACEHOLDER", '"never closed') + "\r\nMore,rows\r\n";
    await expectRefused(text, /quoted value that starts on line 2002 is never closed/);
  });

  it("is refused when empty or not UTF-8", async () => {
    await expectRefused("", /file is empty/);
    await expectRefused(Buffer.from("First Name,Email\r\nJos\xe9,jose@example.com\r\n", "latin1"), /Line 2 has characters that are not UTF-8 text/);
  });
});

describe("matching and updating", () => {
  it("updates only what differs, keeps what the file leaves empty, and leaves a customer with no home store without one", async () => {
    const id = await createCustomer(db, { firstName: "Alicia", lastName: "Fernandez", email: "alicia@example.com", phone: "+12125550143" });
    await db.update(customers).set({ occupation: "Lawyer", consentEmail: true, consentSms: true, city: "New York" }).where(eq(customers.id, id));
    const file = csv(SHOPIFY, [{ "First Name": "Alicia", "Last Name": "Fernández", Email: "ALICIA@example.com", Phone: "", "Accepts Email Marketing": "yes", Tags: "VIP" }]);
    const termsBefore = await termsOf(id);
    expect(counts(await report(file))).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await db.select().from(customers).where(eq(customers.id, id)).limit(1))[0]).toMatchObject({
      lastName: "Fernández",
      phone: "+12125550143",
      consentEmail: true,
      consentSms: true,
      occupation: "Lawyer",
      city: "New York",
      tags: ["VIP"],
      homeStoreId: null,
    });
    // Search terms follow the new spelling ("fernandez" folds the same, so only the set is compared).
    expect(await termsOf(id)).toEqual(termsBefore);
    expect(counts(await report(file))).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it("writes new customers' search terms exactly as reindexCustomer does", async () => {
    const names = [["Zoë", "Ångström"], ["Seán", "O'Brien"], ["Mary-Kate", "van der Berg"], ["", "Łukasz"], ["Jürgen", "Straße"]];
    await report(csv(SHOPIFY, names.map(([first, last], i) => ({ "First Name": first!, "Last Name": last!, Email: `Person.${i}@Example.com`, Phone: `(212) 555-010${i}` }))));
    const before = (await snapshot()).terms;
    expect(before.length).toBeGreaterThan(names.length * 5);
    await db.transaction(async (tx) => {
      for (const { id } of await tx.select({ id: customers.id }).from(customers)) await reindexCustomer(tx, id);
    });
    expect((await snapshot()).terms).toEqual(before);
  });

  it("re-indexes a changed name so the customer is found by it", async () => {
    const id = await createCustomer(db, { firstName: "Sam", lastName: "Lee", email: "s.lee@example.com" });
    await report(csv(SHOPIFY, [{ "First Name": "Samantha", "Last Name": "Lee-Wong", Email: "s.lee@example.com" }]));
    expect(await termsOf(id)).toEqual(expect.arrayContaining(["samantha", "wong", "leewong"]));
    expect(await termsOf(id)).not.toContain("sam");
  });

  it("matches by phone when the email is new or missing, but not a different person's number", async () => {
    const phoneOnly = await createCustomer(db, { firstName: "Pat", lastName: "Kim", phone: "+13125550123" });
    const withEmail = await createCustomer(db, { firstName: "Lou", lastName: "Reyes", email: "lou@example.com", phone: "+14155550188" });
    const result = await report(
      csv(SHOPIFY, [
        { "First Name": "Pat", "Last Name": "Kim", Email: "pat@example.com", Phone: "(312) 555-0123" }, // adds the email
        { "First Name": "Lou", "Last Name": "Reyes", Phone: "415-555-0188", Tags: "regular" }, // no email: same person
        { "First Name": "Max", "Last Name": "Reyes", Email: "max@example.com", Phone: "4155550188" }, // shares Lou's number
      ]),
    );
    expect(counts(result)).toEqual({ created: 1, updated: 2, unchanged: 0, rejected: 0 });
    expect((await byEmail("pat@example.com"))?.id).toBe(phoneOnly);
    expect((await db.select().from(customers).where(eq(customers.id, withEmail)).limit(1))[0]).toMatchObject({ email: "lou@example.com", tags: ["regular"] });
    expect(await byEmail("max@example.com")).toMatchObject({ phone: "+14155550188", homeStoreId: storeId });
  });

  it("matches by email before phone", async () => {
    const byMail = await createCustomer(db, { firstName: "Ann", lastName: "One", email: "ann@example.com" });
    const byPhone = await createCustomer(db, { firstName: "Ann", lastName: "Two", phone: "+12125550111" });
    await report(csv(SHOPIFY, [{ "First Name": "Ann", Email: "ann@example.com", Phone: "2125550111" }]));
    expect((await db.select().from(customers).where(eq(customers.id, byMail)).limit(1))[0]?.phone).toBe("+12125550111");
    expect((await db.select().from(customers).where(eq(customers.id, byPhone)).limit(1))[0]?.email).toBeNull();
  });

  it("follows a Customer ID to a changed email, and refuses rows whose keys point at two customers", async () => {
    const first = await report(csv(SHOPIFY, [
      { "Customer ID": "101", "First Name": "Kay", Email: "kay@old.example" },
      { "Customer ID": "102", "First Name": "Jo", Email: "jo@example.com" },
    ]));
    expect(counts(first)).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    const second = await report(csv(SHOPIFY, [
      { "Customer ID": "101", "First Name": "Kay", Email: "kay@new.example" }, // 2
      { "Customer ID": "101", "First Name": "Kay", Email: "jo@example.com" }, // 3
      { "Customer ID": "999", "First Name": "Jo", Email: "jo@example.com" }, // 4
    ]));
    expect(counts(second)).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 2 });
    expect(second.rejected).toEqual([
      { line: 3, reason: "Customer ID '101' and email 'jo@example.com' belong to two different customers" },
      { line: 4, reason: "email 'jo@example.com' already belongs to the customer with Customer ID '102'" },
    ]);
    expect((await byEmail("kay@new.example"))?.externalId).toBe("101");
    expect(await rowCount(customers)).toBe(2);
  });

  for (const chunkSize of [500, 2]) {
    it(`treats a repeated row as the same customer (chunks of ${chunkSize})`, async () => {
      const result = await report(
        csv(SHOPIFY, [
          { "First Name": "Rae", Email: "rae@example.com", Tags: "new" },
          { "First Name": "Other", Email: "other@example.com" },
          { "First Name": "Other", Email: "other@example.com" },
          { "First Name": "Rae", Email: "RAE@example.com", Tags: "new, vip" },
          { "First Name": "Ty", Phone: "2125550177" },
          { "First Name": "Ty", Phone: "+1 212 555 0177", Email: "ty@example.com" },
        ]),
        { chunkSize },
      );
      expect(counts(result)).toEqual({ created: 3, updated: 2, unchanged: 1, rejected: 0 });
      expect(await rowCount(customers)).toBe(3);
      expect((await byEmail("rae@example.com"))?.tags).toEqual(["new", "vip"]);
      expect((await byEmail("ty@example.com"))?.phone).toBe("+12125550177");
    });
  }

  it("leaves nothing of a row the database refuses and saves the rest of its chunk", async () => {
    // A stand-in for any failure midway through a row: its search terms cannot be written.
    await refuseBoom();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await report(
      csv(SHOPIFY, [
        { "First Name": "Ada", Email: "ada@example.com" },
        { "First Name": "Boom", Email: "boom@example.com" },
        { "First Name": "Cleo", Email: "cleo@example.com" },
      ]),
    );
    errors.mockRestore();
    expect(counts(result)).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(result.rejected).toEqual([{ line: 3, reason: "could not be saved because of a database error; nothing from this row was written" }]);
    expect(await byEmail("boom@example.com")).toBeUndefined();
    expect((await db.select().from(customers)).map((c) => c.firstName).sort()).toEqual(["Ada", "Cleo"]);
    expect(await rowCount(customerSearchTerms)).toBe((await termsOf((await byEmail("ada@example.com"))!.id)).length + (await termsOf((await byEmail("cleo@example.com"))!.id)).length);
  });
});

describe("other stores' customers", () => {
  for (const fallback of [false, true]) {
    it(`are never changed: their rows are refused, while customers of this store or of none are updated${fallback ? " (row by row)" : ""}`, async () => {
      const theirs = await createCustomer(db, { firstName: "Olga", lastName: "Oak", email: "olga@example.com", homeStoreId: otherStoreId });
      const theirPhoneOnly = await createCustomer(db, { firstName: "Pia", lastName: "Oak", phone: "+13125550150", homeStoreId: otherStoreId });
      await db.update(customers).set({ externalId: "501" }).where(eq(customers.id, theirs));
      const ours = await createCustomer(db, { firstName: "Fern", lastName: "Fifth", email: "fern@example.com", homeStoreId: storeId });
      const nobodys = await createCustomer(db, { firstName: "Nell", lastName: "None", email: "nell@example.com" });
      // Another store's and this store's customer share a number: the row is this store's customer.
      const sharedTheirs = await createCustomer(db, { firstName: "Sam", lastName: "Oak", phone: "+14155550160", homeStoreId: otherStoreId });
      const sharedOurs = await createCustomer(db, { firstName: "Sam", lastName: "Fifth", phone: "+14155550160", homeStoreId: storeId });
      if (fallback) await refuseBoom();
      const before = await db.select().from(customers).where(inArray(customers.id, [theirs, theirPhoneOnly, sharedTheirs])).orderBy(asc(customers.id));
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      const result = await report(
        csv(SHOPIFY, [
          { "First Name": "Olga", "Last Name": "Changed", Email: "OLGA@example.com" }, // 2: by email
          { "Customer ID": "501", "First Name": "Olga", Email: "olga.new@example.com" }, // 3: by Customer ID
          { "First Name": "Pia", "Last Name": "Changed", Phone: "(312) 555-0150" }, // 4: by phone
          { "First Name": "Fern", "Last Name": "Changed", Email: "fern@example.com" }, // 5: this store's
          { "First Name": "Nell", "Last Name": "Changed", Email: "nell@example.com" }, // 6: no home store
          { "First Name": "Sam", "Last Name": "Changed", Phone: "415-555-0160" }, // 7
          ...(fallback ? [{ "First Name": "Boom", Email: "boom@example.com" }] : []), // 8
        ]),
      );
      errors.mockRestore();
      expect(counts(result)).toEqual({ created: 0, updated: 3, unchanged: 0, rejected: fallback ? 4 : 3 });
      expect(result.rejected.slice(0, 3)).toEqual([
        { line: 2, reason: "belongs to another store (Oak Street)" },
        { line: 3, reason: "belongs to another store (Oak Street)" },
        { line: 4, reason: "belongs to another store (Oak Street)" },
      ]);
      expect(await db.select().from(customers).where(inArray(customers.id, [theirs, theirPhoneOnly, sharedTheirs])).orderBy(asc(customers.id))).toEqual(before);
      const lastNames = Object.fromEntries((await db.select({ id: customers.id, lastName: customers.lastName, homeStoreId: customers.homeStoreId }).from(customers)).map((c) => [c.id, c]));
      expect(lastNames[ours]).toEqual({ id: ours, lastName: "Changed", homeStoreId: storeId });
      expect(lastNames[nobodys]).toEqual({ id: nobodys, lastName: "Changed", homeStoreId: null });
      expect(lastNames[sharedOurs]).toEqual({ id: sharedOurs, lastName: "Changed", homeStoreId: storeId });
    });
  }
});

describe("consent", () => {
  const CONSENTS = { email: customers.consentEmail, sms: customers.consentSms };
  const consentOf = async (id: string) => (await db.select(CONSENTS).from(customers).where(eq(customers.id, id)).limit(1))[0];
  const given = async (id: string, email: boolean, sms: boolean) => {
    await db.update(customers).set({ consentEmail: email, consentSms: sms }).where(eq(customers.id, id));
  };
  const row = (email: string, emailConsent: string, smsConsent: string) => ({ "First Name": "Cara", Email: email, "Accepts Email Marketing": emailConsent, "Accepts SMS Marketing": smsConsent });

  it("is withdrawn when the file says no, but never given by the file to a customer who has not given it", async () => {
    const gaveBoth = await createCustomer(db, { firstName: "Cara", lastName: "A", email: "a@example.com" });
    const gaveNone = await createCustomer(db, { firstName: "Cara", lastName: "B", email: "b@example.com" });
    const gaveEmail = await createCustomer(db, { firstName: "Cara", lastName: "C", email: "c@example.com" });
    await given(gaveBoth, true, true);
    await given(gaveEmail, true, false);
    const file = csv(SHOPIFY, [row("a@example.com", "no", "no"), row("b@example.com", "yes", "yes"), row("c@example.com", "yes", "yes"), row("new@example.com", "yes", "yes")]);
    expect(counts(await report(file))).toEqual({ created: 1, updated: 1, unchanged: 2, rejected: 0 });
    expect(await consentOf(gaveBoth)).toEqual({ email: false, sms: false });
    expect(await consentOf(gaveNone)).toEqual({ email: false, sms: false });
    expect(await consentOf(gaveEmail)).toEqual({ email: true, sms: false });
    // A new customer takes the file's word.
    expect(await consentOf((await byEmail("new@example.com"))!.id)).toEqual({ email: true, sms: true });
    expect(counts(await report(file))).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 0 });
  });

  it("given and then withdrawn on the privacy page stays withdrawn when the same export is imported again", async () => {
    const file = csv(SHOPIFY, [row("cara@example.com", "yes", "yes")]);
    await report(file);
    const id = (await byEmail("cara@example.com"))!.id;
    await given(id, false, false);
    expect(counts(await report(file))).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(await consentOf(id)).toEqual({ email: false, sms: false });
  });
});

describe("a database failure partway", () => {
  it("stops with the counts so far, keeps the rows before it, and the same file finishes the import", async () => {
    const staffId = (await createStaff(db, { storeId, role: "manager" })).id;
    const file = csv(SHOPIFY, [
      { "First Name": "Ada", Email: "ada@example.com" }, // 2
      { "First Name": "Bob", Email: "bob@" }, // 3
      { "First Name": "Cy", Email: "cy@example.com" }, // 4: the first chunk ends here
      { "First Name": "Di", Email: "di@example.com" }, // 5
      { "First Name": "Ed", Email: "ed@example.com" }, // 6
      { "First Name": "Flo", Email: "flo@" }, // 7
    ]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // After the first chunk is saved, the database stops taking writes, as it does when the disk is full:
    // SQLite turns read-only; PostgreSQL reports its disk full once Cy, the first chunk's last customer, is in.
    if (database.pool) await refuse({ table: "customers", when: { sqlite: "0", pg: "exists (select 1 from customers where email = 'cy@example.com')" }, errcode: "disk_full" });
    const result = await run(file, {
      staffId,
      chunkSize: 2,
      onProgress: (p) => {
        if (p.phase === "importing") database.sqlite?.pragma("query_only = 1");
      },
    });
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
    database.sqlite?.pragma("query_only = 0");
    await dropRefusal("customers");
    expect(result).toEqual({
      ok: false,
      message:
        "Stopped at line 5 because the database refused a write; rows before it are saved (2 new, 0 updated, 0 unchanged, 1 rejected). Import the same file again to finish — rows already imported will count as unchanged.",
      partial: { fileName: "customers_export.csv", rows: 3, created: 2, updated: 0, unchanged: 0, rejected: [{ line: 3, reason: "email 'bob@' is not an email address" }] },
    });
    expect(await db.select({ name: customers.firstName }).from(customers).orderBy(asc(customers.firstName))).toEqual([{ name: "Ada" }, { name: "Cy" }]);
    expect(await termsOf((await byEmail("cy@example.com"))!.id)).toContain("cy@example.com");

    const again = await report(file, { staffId, chunkSize: 2 });
    expect(counts(again)).toEqual({ created: 2, updated: 0, unchanged: 2, rejected: 2 });
    expect(await rowCount(customers)).toBe(4);
  });
});

describe("isDatabaseFailure", () => {
  const errorOf = async (write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      return error;
    }
    throw new Error("expected the write to fail");
  };
  const insert = async (email: string) => {
    await db.insert(customers).values({ id: email, firstName: "X", lastName: "Y", email });
  };

  it("tells the database failing from the database refusing a row, through drizzle's wrapper", async () => {
    await insert("taken@example.com");
    expect(isDatabaseFailure(await errorOf(() => insert("taken@example.com")))).toBe(false);
    // SQLite read-only; PostgreSQL reporting its disk full.
    database.sqlite?.pragma("query_only = 1");
    if (database.pool) await refuse({ table: "customers", when: { sqlite: "0", pg: "true" }, errcode: "disk_full" });
    const failed = await errorOf(() => insert("new@example.com"));
    database.sqlite?.pragma("query_only = 0");
    await dropRefusal("customers");
    expect(isDatabaseFailure(failed)).toBe(true);
    expect(isDatabaseFailure(new Error("SQLITE_FULL"))).toBe(false);
    expect(isDatabaseFailure(new Error("wrapped", { cause: Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }) }))).toBe(true);
    expect(isDatabaseFailure(Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" }))).toBe(true);
  });
});

describe("importing at scale", () => {
  /** 10,000 data rows in Shopify's format: mixed phone styles, some multi-line notes, five bad rows and two repeats. */
  function bigFile() {
    const rows: Array<Record<string, string>> = [];
    const phones = ["'+1212555%", "(212) 555-%", "212.555.%", "1 212 555 %"];
    for (let i = 0; rows.length < 10_000; i++) {
      const n = String(i).padStart(4, "0");
      const row: Record<string, string> = {
        "Customer ID": String(7_000_000_000 + i),
        "First Name": ["Ava", "Noah", "Zoë", "Liam", "Mia"][i % 5]!,
        "Last Name": `Testperson${i}`,
        Email: `customer${i}@example.com`,
        "Accepts Email Marketing": i % 3 ? "yes" : "no",
        "Accepts SMS Marketing": i % 4 ? "no" : "yes",
        "Default Address Address1": `${i} Madison Ave`,
        "Default Address City": "New York",
        "Default Address Province Code": "NY",
        "Default Address Country Code": "US",
        "Default Address Zip": "'10022",
        Phone: phones[i % 4]!.replace("%", n),
        "Total Spent": "0.00",
        "Total Orders": "0",
        Note: i % 100 === 0 ? "Likes navy,\r\nsize 8" : "",
        "Tax Exempt": "no",
        Tags: i % 7 ? "newsletter" : "newsletter, vip",
      };
      rows.push(row);
    }
    const bad: Array<[number, Record<string, string>, string]> = [
      [150, { Email: "bob@" }, "email 'bob@' is not an email address"],
      [2_500, { "First Name": "", "Last Name": "" }, "needs a first or last name"],
      [4_999, { Phone: "555-01" }, "phone '555-01' is not a phone number (10 digits for the US, otherwise + and the country code)"],
      [7_777, { Email: "", Phone: "" }, "needs an email or a phone number"],
      [9_998, { "Accepts Email Marketing": "sometimes" }, "Accepts Email Marketing 'sometimes' should be yes or no"],
    ];
    for (const [i, change] of bad) Object.assign(rows[i]!, change);
    // Repeats of earlier customers, one with the email in capitals: the same customers, unchanged.
    rows[6_000] = { ...rows[10]! };
    rows[9_000] = { ...rows[20]!, Email: rows[20]!.Email!.toUpperCase() };
    const lines: number[] = [];
    let line = 2;
    for (const row of rows) {
      lines.push(line);
      line += 1 + (row.Note?.match(/\r\n/g)?.length ?? 0);
    }
    return { text: csv(SHOPIFY, rows), rejected: bad.map(([i, , reason]) => ({ line: lines[i]!, reason })) };
  }

  it("imports 10,000 rows with exact counts, and a second run changes nothing", async () => {
    const { text, rejected } = bigFile();
    expect(text.length).toBeGreaterThan(1_400_000);
    const staffId = (await createStaff(db, { storeId, role: "manager" })).id;
    const seen: ImportProgress[] = [];
    const first = await report(text, { staffId, onProgress: (p) => seen.push(p) });
    expect(counts(first)).toEqual({ created: 9_993, updated: 0, unchanged: 2, rejected: 5 });
    expect(first.rejected).toEqual(rejected);
    expect(first.rows).toBe(10_000);
    expect(await rowCount(customers)).toBe(9_993);
    expect(await byEmail("customer100@example.com")).toMatchObject({ phone: "+12125550100", sourceNote: "Likes navy,\r\nsize 8", tags: ["newsletter"], consentEmail: true, consentSms: true });

    // Progress: checking first, then importing, bytes never going back within a phase and ending at the file's size.
    const importing = seen.filter((p) => p.phase === "importing");
    expect(seen[0]?.phase).toBe("checking");
    expect(importing.length).toBeGreaterThanOrEqual(20);
    expect(importing.map((p) => p.bytes)).toEqual([...importing.map((p) => p.bytes)].sort((a, b) => a - b));
    expect(importing.at(-1)).toEqual({ phase: "importing", rows: 10_000, bytes: Buffer.byteLength(text), totalBytes: Buffer.byteLength(text) });

    const before = await snapshot();
    const again = await report(text, { staffId });
    expect(counts(again)).toEqual({ created: 0, updated: 0, unchanged: 9_995, rejected: 5 });
    expect(await snapshot()).toEqual(before);

    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "customers.imported")).orderBy(asc(auditLog.at));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ staffId, storeId, targetType: "customer_import", detail: { fileName: "customers_export.csv", rows: 10_000, created: 9_993, updated: 0, unchanged: 2, rejected: 5 } });
  }, 180_000); // Two imports of 10,000 rows and two snapshots: far past the default 30 s on a busy CI machine, and not a test of speed.

  it("writes no audit entry when run from the command line", async () => {
    await report(csv(SHOPIFY, [{ "First Name": "Al", Email: "al@example.com" }]));
    expect(await rowCount(auditLog)).toBe(0);
  });
});

describe("findImportStore", () => {
  it("finds a store by id or name in any case, else the flagship", async () => {
    await expect(findImportStore(db)).resolves.toEqual({ id: storeId, name: "Fifth Avenue" });
    await expect(findImportStore(db, "oak street")).resolves.toEqual({ id: otherStoreId, name: "Oak Street" });
    await expect(findImportStore(db, otherStoreId)).resolves.toEqual({ id: otherStoreId, name: "Oak Street" });
    await expect(findImportStore(db, "Mars")).resolves.toEqual({ error: 'No store "Mars". Stores: Fifth Avenue, Oak Street.' });
  });
});
