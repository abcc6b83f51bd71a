import { beforeEach, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect } from "@/db/dialect";
import { auditLog, customerSearchTerms, customers } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createStaff, createStore } from "@/lib/testing/factories";
import { MAX_UPLOAD_BYTES } from "@/lib/customer-import";

// The action runs for real against a test database; only the session and
// Next's navigation/cache functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { importCustomersAction } = await import("./actions");

let db: Db;
let ids: { manager: string; associate: string; storeId: string };

const GOOD = "First Name,Last Name,Email,Phone\r\nAda,Lovelace,ada@example.com,(212) 555-0101\r\nBob,,bob@,\r\nCy,Young,,415-555-0102\r\n";
const upload = (content: BlobPart, name = "customers_export.csv", type = "text/csv") => {
  const data = new FormData();
  data.set("file", new File([content], name, { type }));
  return data;
};
const count = async (table: typeof customers | typeof customerSearchTerms | typeof auditLog) => Number((await db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);
const written = async () => ({ customers: await count(customers), terms: await count(customerSearchTerms), audit: await count(auditLog) });

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  await createStore(db, { name: "Fifth Avenue", isFlagship: true });
  const oak = await createStore(db, { name: "Oak Street" });
  ids = {
    manager: (await createStaff(db, { storeId: oak.id, role: "manager", name: "Marcus Bell" })).id,
    associate: (await createStaff(db, { storeId: oak.id, name: "Hannah Lewis" })).id,
    storeId: oak.id,
  };
  testSession.current = null;
});

describe("importCustomersAction", () => {
  it("refuses a caller without a session and writes nothing", async () => {
    expect(await importCustomersAction({}, upload(GOOD))).toEqual({ message: expect.stringMatching(/session has ended/) });
    expect(await written()).toEqual({ customers: 0, terms: 0, audit: 0 });
  });

  it("refuses an associate and writes nothing", async () => {
    testSession.current = { user: { id: ids.associate } };
    expect(await importCustomersAction({}, upload(GOOD))).toEqual({ message: "Only a store manager can do this." });
    expect(await written()).toEqual({ customers: 0, terms: 0, audit: 0 });
  });

  it("explains an invalid upload, never echoes the file back, and writes nothing", async () => {
    testSession.current = { user: { id: ids.manager } };
    const cases: Array<[FormData, RegExp]> = [
      [new FormData(), /Choose a CSV file/],
      [upload("", "", "application/octet-stream"), /Choose a CSV file/],
      [upload("", "empty.csv"), /empty\.csv is empty/],
      [upload("%PDF-1.7", "catalogue.pdf", "application/pdf"), /catalogue\.pdf is not a CSV file/],
      [upload(new Uint8Array(MAX_UPLOAD_BYTES + 1), "huge.csv"), /huge\.csv is 8\.0 MB; files up to 8\.0 MB can be uploaded/],
      [upload("Name,E-mail\r\nAda Lovelace,ada@example.com\r\n"), /no First Name or Last Name and no Email or Phone column, so nothing was imported/],
    ];
    for (const [form, message] of cases) {
      const result = await importCustomersAction({}, form);
      expect(result).toEqual({ message: expect.stringMatching(message), fieldErrors: { file: [result.message] } });
    }
    expect(await written()).toEqual({ customers: 0, terms: 0, audit: 0 });
  });

  it("imports into the manager's own store, reports each rejected row and records who did it", async () => {
    testSession.current = { user: { id: ids.manager } };
    const form = upload(GOOD);
    form.set("storeId", "some-other-store");
    const result = await importCustomersAction({}, form);
    expect(result).toEqual({
      ok: true,
      report: { fileName: "customers_export.csv", rows: 3, created: 2, updated: 0, unchanged: 0, rejectedCount: 1, rejected: [{ line: 3, reason: "email 'bob@' is not an email address" }] },
    });
    expect(await db.select({ name: customers.firstName, storeId: customers.homeStoreId, phone: customers.phone }).from(customers).orderBy(customers.firstName)).toEqual([
      { name: "Ada", storeId: ids.storeId, phone: "+12125550101" },
      { name: "Cy", storeId: ids.storeId, phone: "+14155550102" },
    ]);
    expect(await db.select().from(auditLog)).toEqual([
      expect.objectContaining({
        staffId: ids.manager,
        storeId: ids.storeId,
        action: "customers.imported",
        detail: { fileName: "customers_export.csv", rows: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 },
      }),
    ]);

    const again = await importCustomersAction({}, upload(GOOD));
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejectedCount: 1 });
    expect(await written()).toMatchObject({ customers: 2, audit: 2 });
  });

  it("keeps the report when the database fails partway, with what was saved and how to finish", async () => {
    testSession.current = { user: { id: ids.manager } };
    const rows = Array.from({ length: 600 }, (_, i) => `Person,Number${i},person${i}@example.com,`);
    const file = upload(`First Name,Last Name,Email,Phone\r\nBob,,bob@,\r\n${rows.join("\r\n")}\r\n`);
    // The first chunk (lines 2–502) is written; then the disk is full.
    const transaction = db.transaction.bind(db);
    let chunks = 0;
    // The database's own code for it: SQLite's SQLITE_FULL, PostgreSQL's disk_full.
    const diskFull = Object.assign(new Error("database or disk is full"), { code: currentDialect() === "pg" ? "53100" : "SQLITE_FULL" });
    const full = vi.spyOn(db, "transaction").mockImplementation(((...args: Parameters<typeof transaction>) => {
      if (++chunks > 1) return Promise.reject(diskFull);
      return transaction(...args);
    }) as typeof transaction);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await importCustomersAction({}, file);
    full.mockRestore();
    errors.mockRestore();

    expect(result).toEqual({
      message:
        "Stopped at line 503 because the database refused a write; rows before it are saved (500 new, 0 updated, 0 unchanged, 1 rejected). Import the same file again to finish — rows already imported will count as unchanged.",
      report: { fileName: "customers_export.csv", rows: 501, created: 500, updated: 0, unchanged: 0, rejectedCount: 1, rejected: [{ line: 2, reason: "email 'bob@' is not an email address" }] },
    });
    expect((await written()).customers).toBe(500);
    expect((await db.select().from(customers).where(eq(customers.email, "person499@example.com")).limit(1))[0]).toBeDefined();
    expect((await db.select().from(customers).where(eq(customers.email, "person500@example.com")).limit(1))[0]).toBeUndefined();
    expect((await db.select().from(auditLog).limit(1))[0]).toMatchObject({ action: "customers.imported", detail: { rows: 501, created: 500, rejected: 1, stoppedAtLine: 503 } });

    const again = await importCustomersAction({}, file);
    expect(again).toMatchObject({ ok: true, report: { created: 100, unchanged: 500, rejectedCount: 1 } });
    expect((await written()).customers).toBe(600);
  });
});
