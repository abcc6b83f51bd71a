import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { auditLog, changeFeed, contacts, customers, followUps, holds, socialMentions } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { clientListParams, isInStoreBooks, listClients, listStoreBooks, pageCount, reassignBook, reassignCustomers } from "./client-books";
import { completeFollowUp, listDueFollowUps, setFollowUp } from "./follow-ups";

const now = new Date("2026-11-23T17:00:00Z");
const today = "2026-11-23";
const DAY = 86_400_000;
const params = (over: Record<string, string> = {}) => clientListParams.parse(over);

async function setup() {
  const db = await createTestDb();
  const store = await createStore(db);
  const other = await createStore(db, { name: "Elsewhere" });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const priya = (await createStaff(db, { storeId: store.id, name: "Priya Raman" })).id;
  const sam = (await createStaff(db, { storeId: store.id, name: "Sam Okafor" })).id;
  const left = (await createStaff(db, { storeId: store.id, name: "Jordan Ellis", active: false })).id;
  const outsider = (await createStaff(db, { storeId: other.id, name: "Hannah Lewis" })).id;
  const client = (first: string, last: string, assignedStaffId?: string, homeStoreId = store.id) => createCustomer(db, { firstName: first, lastName: last, assignedStaffId, homeStoreId });
  return { db, store, other, maya, priya, sam, left, outsider, client };
}

describe("listClients", () => {
  it("shows each client's last contact, next follow-up, open holds and new posts, and sorts and filters on them", async () => {
    const { db, store, maya, priya, client } = await setup();
    const alicia = await client("Alicia", "Fernández", maya);
    const ben = await client("Ben", "Ortiz", maya);
    const cara = await client("Cara", "Nguyen", maya);
    await client("Dana", "Wolfe", priya); // another associate's client

    await db.insert(contacts).values({ id: randomUUID(), customerId: alicia, staffId: maya, storeId: store.id, kind: "call", at: new Date(now.getTime() - 2 * DAY) });
    await db.insert(contacts).values({ id: randomUUID(), customerId: ben, staffId: maya, storeId: store.id, kind: "call", at: new Date(now.getTime() - 40 * DAY) });
    await setFollowUp(db, { customerId: ben, staffId: maya, storeId: store.id, dueOn: "2026-11-20", reason: "Call about the sale" });
    await setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-12-01", reason: "New season" });
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 3 });
    const hold = (expiresAt: Date, status: "active" | "picked_up" = "active") =>
      db.insert(holds).values({ id: randomUUID(), customerId: alicia, variantId, storeId: store.id, staffId: maya, status, expiresAt, idempotencyKey: randomUUID() });
    await hold(new Date(now.getTime() + DAY));
    await hold(new Date(now.getTime() - DAY)); // expired: not open
    await hold(new Date(now.getTime() + DAY), "picked_up");
    await db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "1", handle: "cara", text: "t", url: "u", postedAt: now, customerId: cara, storeId: store.id });

    const { rows, total } = await listClients(db, { owner: { staffId: maya }, now, today, params: params() });
    expect(total).toBe(3);
    expect(rows.map((r) => [r.lastName, r.lastContactAt?.toISOString() ?? null, r.nextFollowUp, r.openHolds, r.newMentions])).toEqual([
      ["Fernández", "2026-11-21T17:00:00.000Z", "2026-12-01", 1, 0],
      ["Nguyen", null, null, 0, 1],
      ["Ortiz", "2026-10-14T17:00:00.000Z", "2026-11-20", 0, 0],
    ]);

    const names = async (over: Record<string, string>) => (await listClients(db, { owner: { staffId: maya }, now, today, params: params(over) })).rows.map((r) => r.firstName);
    expect(await names({ sort: "last_contact" })).toEqual(["Cara", "Ben", "Alicia"]);
    expect(await names({ sort: "next_follow_up" })).toEqual(["Ben", "Alicia", "Cara"]);
    expect(await names({ sort: "open_holds" })).toEqual(["Alicia", "Cara", "Ben"]);
    expect(await names({ filter: "attention" })).toEqual(["Cara", "Ben"]);
    expect(await names({ filter: "holds" })).toEqual(["Alicia"]);
    expect(await names({ filter: "quiet" })).toEqual(["Cara", "Ben"]);
    expect(await names({ q: "ali fern" })).toEqual(["Alicia"]);
    expect(await names({ q: "100%" })).toEqual([]);
    expect(await names({ q: "FERNANDEZ" })).toEqual(["Alicia"]); // accents and case folded, as in lookup
    expect(await names({ q: "guy" })).toEqual([]); // a prefix of a name word, not any substring
  });

  it("falls back to defaults on odd query strings", () => {
    expect(clientListParams.parse({ sort: "drop table", filter: 3, page: "-2", q: " x " })).toEqual({ sort: "name", filter: "all", page: 1, q: "x" });
  });

  it("takes a larger page when asked, and counts pages", async () => {
    const { db, maya, client } = await setup();
    for (const n of ["A", "B", "C", "D", "E"]) await client(n, "Client", maya);
    const { rows, total } = await listClients(db, { owner: { staffId: maya }, now, today, params: params({ page: "2" }), limit: 2 });
    expect([rows.map((r) => r.firstName), total]).toEqual([["C", "D"], 5]);
    expect([pageCount(0), pageCount(50), pageCount(51), pageCount(60)]).toEqual([1, 1, 2, 2]);
  });

  it("lists the store's unassigned customers, not other stores'", async () => {
    const { db, store, other, client } = await setup();
    await client("Una", "Signed");
    await client("Far", "Away", undefined, other.id);
    const { rows } = await listClients(db, { owner: { unassignedAt: store.id }, now, today, params: params() });
    expect(rows.map((r) => r.firstName)).toEqual(["Una"]);
  });
});

describe("listStoreBooks", () => {
  it("counts each person's clients and keeps someone who left while they still have clients", async () => {
    const { db, store, maya, left, client } = await setup();
    const a = await client("A", "One", maya);
    await client("B", "Two", maya);
    await setFollowUp(db, { customerId: a, staffId: maya, storeId: store.id, dueOn: "2026-11-20", reason: "overdue" });
    await setFollowUp(db, { customerId: a, staffId: maya, storeId: store.id, dueOn: today, reason: "due today, not overdue" });
    await db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "1", handle: "a", text: "t", url: "u", postedAt: now, customerId: a, storeId: store.id });
    await client("C", "Three", left);
    await client("D", "Four");
    const books = await listStoreBooks(db, { storeId: store.id, today });
    expect(books.unassigned).toBe(1);
    expect(books.people.map((p) => [p.name, p.clients, p.active, p.overdueFollowUps, p.newMentions])).toEqual([
      ["Jordan Ellis", 1, false, 0, 0],
      ["Maya Chen", 2, true, 1, 1],
      ["Priya Raman", 0, true, 0, 0],
      ["Sam Okafor", 0, true, 0, 0],
    ]);
  });

  it("counts only new posts, only by each person's own clients, wherever the post landed", async () => {
    const { db, store, other, maya, priya, outsider, client } = await setup();
    const mention = (customerId: string | null, status: "new" | "replied" = "new", storeId = store.id) =>
      db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: randomUUID(), handle: "h", text: "t", url: "u", postedAt: now, customerId, storeId, status });
    const mine = await client("Mine", "One", maya);
    const hers = await client("Hers", "Two", priya);
    await mention(mine);
    await mention(mine, "new", other.id); // a client's post in another store's inbox still counts for her associate
    await mention(mine, "replied");
    await mention(hers, "replied");
    await mention(await client("Far", "Away", outsider, other.id)); // another store's associate's client
    await mention(await client("Una", "Signed")); // nobody's client yet
    await mention(null);
    const books = await listStoreBooks(db, { storeId: store.id, today });
    expect(books.people.map((p) => [p.name, p.newMentions])).toEqual([
      ["Maya Chen", 2],
      ["Priya Raman", 0],
      ["Sam Okafor", 0],
    ]);
    expect((await listStoreBooks(db, { storeId: other.id, today })).people.map((p) => [p.name, p.newMentions])).toEqual([["Hannah Lewis", 1]]);
  });
});

describe("reassignCustomers", () => {
  it("spreads a departed associate's book evenly, moves open follow-ups along and audits each move", async () => {
    const { db, store, priya, sam, left, maya, client } = await setup();
    const book: string[] = [];
    for (const n of ["A", "B", "C", "D", "E"]) book.push(await client(n, "Client", left));
    await setFollowUp(db, { customerId: book[0]!, staffId: left, storeId: store.id, dueOn: "2026-11-25", reason: "Alterations ready" });

    const result = await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: book, toStaffIds: [priya, sam], now });
    expect(result).toEqual({ ok: true, moved: 5, unchanged: 0, perStaff: { [priya]: 3, [sam]: 2 }, targets: [{ id: priya, name: "Priya Raman" }, { id: sam, name: "Sam Okafor" }], auditId: expect.any(String) });
    const owners = await Promise.all(book.map(async (id) => (await db.select({ to: customers.assignedStaffId }).from(customers).where(eq(customers.id, id)))[0]!.to));
    expect(owners).toEqual([priya, sam, priya, sam, priya]);
    // Open Today pages at the store hear about it (the follow-up set above was the first change).
    expect((await db.select({ kind: changeFeed.kind, storeId: changeFeed.storeId }).from(changeFeed).orderBy(asc(changeFeed.seq))).at(-1)).toEqual({ kind: "client", storeId: store.id });
    expect((await db.select().from(followUps))[0]!.staffId).toBe(priya);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned"));
    expect(audits).toHaveLength(5);
    expect(audits.find((a) => a.customerId === book[0])).toMatchObject({ staffId: maya, storeId: store.id, detail: { from: left, to: priya } });
    // The new associate sees them at once.
    expect((await listClients(db, { owner: { staffId: priya }, now, today, params: params() })).total).toBe(3);
  });

  it("moves nothing when any customer is outside the store's books or the target cannot take clients", async () => {
    const { db, store, other, maya, priya, left, outsider, client } = await setup();
    const mine = await client("Mine", "Client", maya);
    const foreign = await client("Their", "Client", outsider, other.id);
    const before = await db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).orderBy(asc(customers.id));
    expect(await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [mine, foreign], toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_customers" });
    expect(await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [mine], toStaffIds: [outsider] })).toEqual({ ok: false, reason: "bad_target" });
    expect(await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [mine], toStaffIds: [left] })).toEqual({ ok: false, reason: "bad_target" });
    expect(await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [randomUUID()], toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_customers" });
    expect(await db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).orderBy(asc(customers.id))).toEqual(before);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});

describe("reassignCustomers counting", () => {
  it("counts only real moves: customers already with their new associate are neither moved nor audited", async () => {
    const { db, store, maya, priya, sam, client } = await setup();
    const a = await client("A", "Client", priya);
    const b = await client("B", "Client", maya);
    const c = await client("C", "Client", sam);
    expect(await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [a, b, c], toStaffIds: [priya], now })).toMatchObject({
      ok: true,
      moved: 2,
      unchanged: 1,
      perStaff: { [priya]: 2 },
    });
    expect(await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [a, b, c], toStaffIds: [priya], now })).toMatchObject({ ok: true, moved: 0, unchanged: 3, perStaff: {} });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned"))).toHaveLength(2);
  });
});

describe("reassignBook", () => {
  const ownerOf = async (db: Awaited<ReturnType<typeof setup>>["db"], id: string) => (await db.select({ to: customers.assignedStaffId }).from(customers).where(eq(customers.id, id)))[0]!.to;

  it("moves every client of a person's book in name order, round-robin, follow-ups and audit included", async () => {
    const { db, store, maya, priya, sam, left, client } = await setup();
    // Created out of name order: the book is dealt out by last name, then first name.
    const zoe = await client("Zoe", "Adams", left);
    const bea = await client("Bea", "Young", left);
    const ann = await client("Ann", "Adams", left);
    const cal = await client("Cal", "Moss", left);
    const kept = await client("Kept", "Elsewhere", maya);
    await setFollowUp(db, { customerId: cal, staffId: left, storeId: store.id, dueOn: "2026-11-25", reason: "Alterations" });

    const result = await reassignBook(db, { storeId: store.id, managerId: maya, book: left, toStaffIds: [priya, sam], now });
    expect(result).toMatchObject({ ok: true, moved: 4, unchanged: 0, perStaff: { [priya]: 2, [sam]: 2 } });
    // Ann Adams, Zoe Adams, Cal Moss, Bea Young, dealt out in turn.
    expect(await Promise.all([ann, zoe, cal, bea].map((id) => ownerOf(db, id)))).toEqual([priya, sam, priya, sam]);
    expect(await ownerOf(db, kept)).toBe(maya);
    expect((await db.select().from(followUps))[0]!.staffId).toBe(priya);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned"))).toHaveLength(4);
  });

  it("moves the store's unassigned pile, not another store's", async () => {
    const { db, store, other, maya, priya, client } = await setup();
    const una = await client("Una", "Signed");
    const far = await client("Far", "Away", undefined, other.id);
    expect(await reassignBook(db, { storeId: store.id, managerId: maya, book: "unassigned", toStaffIds: [priya], now })).toMatchObject({ ok: true, moved: 1 });
    expect([await ownerOf(db, una), await ownerOf(db, far)]).toEqual([priya, null]);
  });

  it("refuses another store's person's book or a target who cannot take clients, and moves nothing", async () => {
    const { db, store, other, maya, priya, left, outsider, client } = await setup();
    await client("Their", "Client", outsider, other.id);
    await client("Mine", "Client", maya);
    const before = await db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).orderBy(asc(customers.id));
    expect(await reassignBook(db, { storeId: store.id, managerId: maya, book: outsider, toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_book" });
    expect(await reassignBook(db, { storeId: store.id, managerId: maya, book: "nobody", toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_book" });
    expect(await reassignBook(db, { storeId: store.id, managerId: maya, book: maya, toStaffIds: [left] })).toEqual({ ok: false, reason: "bad_target" });
    expect(await reassignBook(db, { storeId: store.id, managerId: maya, book: maya, toStaffIds: [outsider] })).toEqual({ ok: false, reason: "bad_target" });
    expect(await db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).orderBy(asc(customers.id))).toEqual(before);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});

describe("isInStoreBooks", () => {
  it("is true for this store's staff's clients and its own unassigned customers only", () => {
    const here = { id: "here" };
    expect(isInStoreBooks({ assigned: { storeId: "here" }, homeStore: { id: "there" } }, "here")).toBe(true);
    expect(isInStoreBooks({ assigned: { storeId: "there" }, homeStore: here }, "here")).toBe(false);
    expect(isInStoreBooks({ assigned: null, homeStore: here }, "here")).toBe(true);
    expect(isInStoreBooks({ assigned: null, homeStore: { id: "there" } }, "here")).toBe(false);
    expect(isInStoreBooks({ assigned: null, homeStore: null }, "here")).toBe(false);
  });
});

describe("follow-ups", () => {
  it("lists due and overdue ones; done counts as a contact and leaves the list", async () => {
    const { db, store, maya, priya, client } = await setup();
    const alicia = await client("Alicia", "Fernández", maya);
    const overdue = await setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-11-20", reason: "Coat alterations" });
    await setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: today, reason: "Ask about the event" });
    await setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-11-24", reason: "Tomorrow" });
    await setFollowUp(db, { customerId: alicia, staffId: priya, storeId: store.id, dueOn: today, reason: "Priya's" });

    expect((await listDueFollowUps(db, { staffId: maya, today })).map((f) => f.reason)).toEqual(["Coat alterations", "Ask about the event"]);
    if (!overdue.ok) throw new Error("setup");
    expect(await completeFollowUp(db, { followUpId: overdue.id, staffId: maya, storeId: store.id, how: "call", outcome: "Coming Friday", now })).toEqual({ ok: true, id: overdue.id });
    expect((await listDueFollowUps(db, { staffId: maya, today })).map((f) => f.reason)).toEqual(["Ask about the event"]);
    expect(await db.select().from(contacts)).toEqual([expect.objectContaining({ customerId: alicia, staffId: maya, kind: "call", summary: "Coming Friday" })]);
    // Closing it twice, or from another store, does nothing.
    expect(await completeFollowUp(db, { followUpId: overdue.id, staffId: maya, storeId: store.id, how: "call" })).toEqual({ ok: false, reason: "closed" });
    expect(await db.select().from(contacts)).toHaveLength(1);
  });

  it("cannot be closed from another store", async () => {
    const { db, store, other, maya, outsider, client } = await setup();
    const set = await setFollowUp(db, { customerId: await client("A", "B", maya), staffId: maya, storeId: store.id, dueOn: today, reason: "r" });
    if (!set.ok) throw new Error("setup");
    expect(await completeFollowUp(db, { followUpId: set.id, staffId: outsider, storeId: other.id, how: "call" })).toEqual({ ok: false, reason: "not_found" });
    expect((await db.select().from(followUps))[0]!.status).toBe("open");
  });
});
