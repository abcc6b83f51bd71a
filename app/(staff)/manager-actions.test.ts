import { beforeEach, describe, expect, it, vi } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, contacts, customers, followUps } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";
import { setFollowUp } from "@/lib/follow-ups";
import { reindexCustomer } from "@/lib/customers";

// Manager actions, follow-up actions and the CSV export, run for real against
// a test database; only the session and Next's request helpers are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { reassignAction } = await import("./store/clients/actions");
const { setFollowUpAction, completeFollowUpAction, cancelFollowUpAction, logContactAction } = await import("./customers/[id]/follow-up-actions");
const { GET: exportCsv } = await import("./store/export/[table]/route");

let db: Db;
let ids: { grace: string; maya: string; priya: string; oakManager: string; oakAssociate: string; book: string[]; oakCustomer: string; storeId: string };

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
};
const owners = () => db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).orderBy(asc(customers.id));
const signIn = (staffId: string | null) => (testSession.current = staffId ? { user: { id: staffId } } : null);

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = await createStore(db, { name: "Fifth Avenue" });
  const oak = await createStore(db, { name: "Oak Street", timezone: "America/Chicago" });
  const grace = (await createStaff(db, { storeId: fifth.id, role: "manager", name: "Grace Whitaker" })).id;
  const maya = (await createStaff(db, { storeId: fifth.id, name: "Maya Chen" })).id;
  const priya = (await createStaff(db, { storeId: fifth.id, name: "Priya Raman" })).id;
  const oakManager = (await createStaff(db, { storeId: oak.id, role: "manager", name: "Marcus Bell" })).id;
  const oakAssociate = (await createStaff(db, { storeId: oak.id, name: "Hannah Lewis" })).id;
  const book: string[] = [];
  for (const n of ["A", "B", "C"]) book.push(await createCustomer(db, { firstName: n, lastName: "Client", assignedStaffId: maya, homeStoreId: fifth.id }));
  const oakCustomer = await createCustomer(db, { firstName: "Oak", lastName: "Client", assignedStaffId: oakAssociate, homeStoreId: oak.id });
  ids = { grace, maya, priya, oakManager, oakAssociate, book, oakCustomer, storeId: fifth.id };
  signIn(null);
});

describe("reassignAction", () => {
  it("lets a manager move customers in bulk within the store", async () => {
    signIn(ids.grace);
    expect(await reassignAction({}, form({ customerId: ids.book, toStaffId: ids.priya }))).toEqual({ ok: true, message: "Moved 3 customers.", undoId: expect.any(String) });
    expect((await owners()).filter((o) => ids.book.includes(o.id)).map((o) => o.to)).toEqual([ids.priya, ids.priya, ids.priya]);
  });

  it.each([
    ["no session", null, () => ({ customerId: ids.book, toStaffId: ids.priya }), /session has ended/],
    ["an associate", "maya", () => ({ customerId: ids.book, toStaffId: ids.priya }), /Only a store manager/],
    ["another store's manager", "oakManager", () => ({ customerId: ids.book, toStaffId: ids.oakAssociate }), /not in your store's books/],
    ["a manager moving another store's customer", "grace", () => ({ customerId: [ids.book[0]!, ids.oakCustomer], toStaffId: ids.priya }), /not in your store's books/],
    ["a manager moving to another store's associate", "grace", () => ({ customerId: ids.book, toStaffId: ids.oakAssociate }), /work at your store/],
    ["nothing ticked", "grace", () => ({ toStaffId: ids.priya }), /need a second look/],
    ["nobody chosen", "grace", () => ({ customerId: ids.book }), /need a second look/],
  ] as const)("refuses %s and moves nothing", async (_case, who, fields, message) => {
    signIn(who ? ids[who] : null);
    const before = await owners();
    const result = await reassignAction({}, form(fields()));
    expect(result.ok).toBeUndefined();
    expect(result.message).toMatch(message);
    expect(await owners()).toEqual(before);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned"))).toEqual([]);
  });

  it("counts only real moves and says so when nothing changed hands", async () => {
    signIn(ids.grace);
    expect(await reassignAction({}, form({ customerId: ids.book, toStaffId: ids.maya }))).toEqual({ ok: true, message: "All 3 were already with Maya Chen; nothing moved." });
    expect(await reassignAction({}, form({ customerId: ids.book[0]!, toStaffId: ids.maya }))).toEqual({ ok: true, message: "They were already with Maya Chen; nothing moved." });
    expect(await reassignAction({}, form({ customerId: ids.book[0]!, toStaffId: ids.priya }))).toEqual({ ok: true, message: "Moved 1 customer.", undoId: expect.any(String) });
    expect(await reassignAction({}, form({ customerId: ids.book, toStaffId: ids.priya }))).toEqual({ ok: true, message: "Moved 2 customers; 1 was already with Priya Raman.", undoId: expect.any(String) });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned"))).toHaveLength(3);
  });

  it("moves a whole book, read on the server in name order and spread round-robin, whatever was ticked", async () => {
    signIn(ids.grace);
    const extra: string[] = [];
    for (const n of ["Zed", "Abe"]) extra.push(await createCustomer(db, { firstName: n, lastName: "Client", assignedStaffId: ids.maya, homeStoreId: ids.storeId }));
    // The whole book is five clients, by name A, Abe, B, C, Zed; only one is ticked.
    expect(await reassignAction({}, form({ book: ids.maya, customerId: ids.book[0]!, toStaffId: [ids.priya, ids.grace] }))).toEqual({
      ok: true,
      message: "Moved 5 customers, spread over 2 people.",
      undoId: expect.any(String),
    });
    const current = await owners();
    const owner = (id: string) => current.find((o) => o.id === id)!.to;
    expect([ids.book[0]!, extra[1]!, ids.book[1]!, ids.book[2]!, extra[0]!].map(owner)).toEqual([ids.priya, ids.grace, ids.priya, ids.grace, ids.priya]);
    expect(current.filter((o) => o.to === ids.maya)).toEqual([]);
    expect(await reassignAction({}, form({ book: ids.maya, toStaffId: ids.priya }))).toEqual({ ok: true, message: "This book is empty; nothing moved." });
  });

  it("moves the store's unassigned pile as a book, and only its own", async () => {
    signIn(ids.grace);
    const pile: string[] = [];
    for (const n of ["U1", "U2"]) pile.push(await createCustomer(db, { firstName: n, lastName: "Nobody", homeStoreId: ids.storeId }));
    const [oak] = await db.select({ s: customers.homeStoreId }).from(customers).where(eq(customers.id, ids.oakCustomer)).limit(1);
    const oakPile = await createCustomer(db, { firstName: "Oak", lastName: "Nobody", homeStoreId: oak!.s! });
    expect(await reassignAction({}, form({ book: "unassigned", toStaffId: ids.priya }))).toEqual({ ok: true, message: "Moved 2 customers.", undoId: expect.any(String) });
    const current = await owners();
    const owner = (id: string) => current.find((o) => o.id === id)!.to;
    expect([owner(pile[0]!), owner(pile[1]!), owner(oakPile)]).toEqual([ids.priya, ids.priya, null]);
  });

  it("refuses to move another store's book, and keeps who was chosen", async () => {
    signIn(ids.grace);
    const before = await owners();
    const result = await reassignAction({}, form({ book: ids.oakAssociate, toStaffId: ids.priya }));
    expect(result).toEqual({ message: "That book is not one of your store's. Nothing was moved.", values: { toStaffId: [ids.priya], book: ids.oakAssociate } });
    signIn(ids.oakManager);
    expect((await reassignAction({}, form({ book: ids.maya, toStaffId: ids.oakAssociate }))).message).toMatch(/not one of your store's/);
    expect(await owners()).toEqual(before);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned"))).toEqual([]);
  });
});

describe("client list pages", () => {
  it("send a page past the end to the last page, keeping the rest of the query", async () => {
    const { default: ClientBooksPage } = await import("./store/clients/page");
    const { default: MyClientsPage } = await import("./clients/page");
    signIn(ids.grace);
    await expect(ClientBooksPage({ searchParams: Promise.resolve({ book: ids.maya, page: "3", sort: "open_holds" }) })).rejects.toThrow(`redirect:/store/clients?book=${ids.maya}&sort=open_holds`);
    signIn(ids.maya);
    await expect(MyClientsPage({ searchParams: Promise.resolve({ page: "2", q: "client" }) })).rejects.toThrow("redirect:/clients?q=client");
    // An empty book has no last page to go to: page 2 of nothing just shows the empty book.
    signIn(ids.priya);
    await expect(MyClientsPage({ searchParams: Promise.resolve({ page: "2" }) })).resolves.toBeTruthy();
  });
});

describe("follow-up actions", () => {
  const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "America/New_York" });

  it("sets, completes and cancels follow-ups for a signed-in associate", async () => {
    signIn(ids.maya);
    expect(await setFollowUpAction({}, form({ customerId: ids.book[0]!, dueOn: today(), reason: "Call back" }))).toMatchObject({ ok: true });
    const [followUp] = await db.select().from(followUps);
    expect(followUp).toMatchObject({ staffId: ids.maya, storeId: ids.storeId, reason: "Call back", status: "open" });
    expect(await completeFollowUpAction({}, form({ customerId: ids.book[0]!, followUpId: followUp!.id, how: "visit", outcome: "Bought the scarf" }))).toMatchObject({ ok: true });
    expect(await db.select().from(contacts)).toEqual([expect.objectContaining({ kind: "visit", summary: "Bought the scarf", staffId: ids.maya })]);
    expect(await logContactAction({}, form({ customerId: ids.book[1]!, kind: "call" }))).toMatchObject({ ok: true, message: "Contact logged." });
  });

  it("refuses bad input, no session and other stores without writing anything", async () => {
    const count = async () => [(await db.select().from(followUps)).length, (await db.select().from(contacts)).length];
    const before = await count();
    expect(await setFollowUpAction({}, form({ customerId: ids.book[0]!, dueOn: today(), reason: "x" }))).toMatchObject({ message: expect.stringMatching(/session has ended/) });
    signIn(ids.maya);
    expect((await setFollowUpAction({}, form({ customerId: ids.book[0]!, dueOn: "2020-01-01", reason: "Too late" }))).fieldErrors?.dueOn).toEqual(["Choose today or a later date."]);
    expect((await setFollowUpAction({}, form({ customerId: ids.book[0]!, dueOn: "31/12/2026", reason: "" }))).fieldErrors).toMatchObject({ dueOn: ["Choose a date."], reason: ["Say what to follow up on."] });
    expect((await logContactAction({}, form({ customerId: ids.book[0]!, kind: "telepathy" }))).fieldErrors?.kind).toEqual(["Choose how you reached them."]);
    expect(await count()).toEqual(before);

    const set = await setFollowUp(db, { customerId: ids.book[0]!, staffId: ids.maya, storeId: ids.storeId, dueOn: today(), reason: "r" });
    if (!set.ok) throw new Error("setup");
    signIn(ids.oakAssociate);
    expect(await completeFollowUpAction({}, form({ customerId: ids.book[0]!, followUpId: set.id, how: "call" }))).toEqual({ message: "That follow-up or customer no longer exists." });
    expect(await cancelFollowUpAction({}, form({ customerId: ids.book[0]!, followUpId: set.id }))).toEqual({ message: "That follow-up or customer no longer exists." });
    expect((await db.select().from(followUps))[0]?.status).toBe("open");
  });
});

describe("CSV export", () => {
  const get = (table: string, query = "") => exportCsv(new Request(`http://shop.test/store/export/${table}${query}`), { params: Promise.resolve({ table }) });

  it("gives a manager their store's tables as CSV", async () => {
    signIn(ids.grace);
    const response = await get("clients", `?book=${ids.maya}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^Customer id,First name,Last name/);
    expect(lines).toHaveLength(4);
    expect(response.headers.get("content-disposition")).not.toMatch(/first/);
    const holdsResponse = await get("holds", "?days=7");
    // A byte-order mark first, so Excel reads accents right (text() drops it, as browsers do).
    expect([...new Uint8Array(await holdsResponse.clone().arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const holdsCsv = await holdsResponse.text();
    expect(holdsCsv.startsWith("Associate,Holds placed,Picked up,Released,Expired,Still open,Conversion of ended holds (%),Picked-up value (USD)\r\n")).toBe(true);
    expect(holdsCsv).toContain("Whole store,0,0,0,0,0,,0.00");
    const service = await (await get("service", "?days=7")).text();
    expect(service.split("\r\n")[0]).toBe('Associate,"Answered, every channel","Median time to answer, every channel (minutes)",Posts by their clients,Posts by their clients answered (%),Unanswered after 24 h,Clients contacted,Follow-ups done,Follow-ups overdue,Notes written');
    expect((await get("trend", "?days=7")).status).toBe(200);
    expect((await get("audit")).status).toBe(200);
  });

  it("exports a book in one go up to 10,000 rows, and says in the file name when it was cut off", async () => {
    signIn(ids.grace);
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ id: `bulk-${i}`, firstName: "Bulk", lastName: `Client ${String(i).padStart(5, "0")}`, homeStoreId: ids.storeId, assignedStaffId: ids.priya }));
    await db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insert(customers).values(rows.slice(i, i + 500));
      // Only the one the filter looks for needs lookup terms.
      await reindexCustomer(tx, "bulk-10000");
    });
    const response = await get("clients", `?book=${ids.priya}`);
    expect(response.headers.get("content-disposition")).toMatch(/-first-10000-of-10001\.csv"$/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines).toHaveLength(10_001);
    expect(lines[1]).toMatch(/^bulk-0,Bulk,Client 00000,/);
    expect(lines.at(-1)).toMatch(/^bulk-9999,/);
    // Filtered down below the limit, the file is whole and named as such.
    const found = await get("clients", `?book=${ids.priya}&q=${encodeURIComponent("client 10000")}`);
    expect(found.headers.get("content-disposition")).not.toMatch(/first/);
    expect((await found.text()).trim().split("\r\n")).toHaveLength(2);
  });

  it("gives associates, strangers, other stores' books and unknown tables nothing", async () => {
    expect((await get("holds")).status).toBe(401);
    signIn(ids.maya);
    for (const table of ["holds", "service", "trend", "clients", "audit"]) expect((await get(table, `?book=${ids.maya}`)).status).toBe(404);
    signIn(ids.oakManager);
    expect((await get("clients", `?book=${ids.maya}`)).status).toBe(404);
    expect((await get("payroll")).status).toBe(404);
  });
});
