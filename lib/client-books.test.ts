import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { auditLog, changeFeed, contacts, customers, followUps, holds, socialMentions } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { clientListParams, isInStoreBooks, listClients, listStoreBooks, pageCount, reassignBook, reassignCustomers } from "./client-books";
import { completeFollowUp, listDueFollowUps, setFollowUp } from "./follow-ups";

const now = new Date("2026-11-23T17:00:00Z");
const today = "2026-11-23";
const DAY = 86_400_000;
const params = (over: Record<string, string> = {}) => clientListParams.parse(over);

function setup() {
  const db = createTestDb();
  const store = createStore(db);
  const other = createStore(db, { name: "Elsewhere" });
  const maya = createStaff(db, { storeId: store.id, name: "Maya Chen" }).id;
  const priya = createStaff(db, { storeId: store.id, name: "Priya Raman" }).id;
  const sam = createStaff(db, { storeId: store.id, name: "Sam Okafor" }).id;
  const left = createStaff(db, { storeId: store.id, name: "Jordan Ellis", active: false }).id;
  const outsider = createStaff(db, { storeId: other.id, name: "Hannah Lewis" }).id;
  const client = (first: string, last: string, assignedStaffId?: string, homeStoreId = store.id) => createCustomer(db, { firstName: first, lastName: last, assignedStaffId, homeStoreId });
  return { db, store, other, maya, priya, sam, left, outsider, client };
}

describe("listClients", () => {
  it("shows each client's last contact, next follow-up, open holds and new posts, and sorts and filters on them", async () => {
    const { db, store, maya, priya, client } = setup();
    const alicia = client("Alicia", "Fernández", maya);
    const ben = client("Ben", "Ortiz", maya);
    const cara = client("Cara", "Nguyen", maya);
    client("Dana", "Wolfe", priya); // another associate's client

    db.insert(contacts).values({ id: randomUUID(), customerId: alicia, staffId: maya, storeId: store.id, kind: "call", at: new Date(now.getTime() - 2 * DAY) }).run();
    db.insert(contacts).values({ id: randomUUID(), customerId: ben, staffId: maya, storeId: store.id, kind: "call", at: new Date(now.getTime() - 40 * DAY) }).run();
    setFollowUp(db, { customerId: ben, staffId: maya, storeId: store.id, dueOn: "2026-11-20", reason: "Call about the sale" });
    setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-12-01", reason: "New season" });
    const { variantId } = createVariantInStock(db, { storeId: store.id, onHand: 3 });
    const hold = (expiresAt: Date, status: "active" | "picked_up" = "active") =>
      db.insert(holds).values({ id: randomUUID(), customerId: alicia, variantId, storeId: store.id, staffId: maya, status, expiresAt, idempotencyKey: randomUUID() }).run();
    hold(new Date(now.getTime() + DAY));
    hold(new Date(now.getTime() - DAY)); // expired: not open
    hold(new Date(now.getTime() + DAY), "picked_up");
    db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "1", handle: "cara", text: "t", url: "u", postedAt: now, customerId: cara, storeId: store.id }).run();

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
    const { db, maya, client } = setup();
    for (const n of ["A", "B", "C", "D", "E"]) client(n, "Client", maya);
    const { rows, total } = await listClients(db, { owner: { staffId: maya }, now, today, params: params({ page: "2" }), limit: 2 });
    expect([rows.map((r) => r.firstName), total]).toEqual([["C", "D"], 5]);
    expect([pageCount(0), pageCount(50), pageCount(51), pageCount(60)]).toEqual([1, 1, 2, 2]);
  });

  it("lists the store's unassigned customers, not other stores'", async () => {
    const { db, store, other, client } = setup();
    client("Una", "Signed");
    client("Far", "Away", undefined, other.id);
    const { rows } = await listClients(db, { owner: { unassignedAt: store.id }, now, today, params: params() });
    expect(rows.map((r) => r.firstName)).toEqual(["Una"]);
  });
});

describe("listStoreBooks", () => {
  it("counts each person's clients and keeps someone who left while they still have clients", async () => {
    const { db, store, maya, left, client } = setup();
    const a = client("A", "One", maya);
    client("B", "Two", maya);
    setFollowUp(db, { customerId: a, staffId: maya, storeId: store.id, dueOn: "2026-11-20", reason: "overdue" });
    setFollowUp(db, { customerId: a, staffId: maya, storeId: store.id, dueOn: today, reason: "due today, not overdue" });
    db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "1", handle: "a", text: "t", url: "u", postedAt: now, customerId: a, storeId: store.id }).run();
    client("C", "Three", left);
    client("D", "Four");
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
    const { db, store, other, maya, priya, outsider, client } = setup();
    const mention = (customerId: string | null, status: "new" | "replied" = "new", storeId = store.id) =>
      db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: randomUUID(), handle: "h", text: "t", url: "u", postedAt: now, customerId, storeId, status }).run();
    const mine = client("Mine", "One", maya);
    const hers = client("Hers", "Two", priya);
    mention(mine);
    mention(mine, "new", other.id); // a client's post in another store's inbox still counts for her associate
    mention(mine, "replied");
    mention(hers, "replied");
    mention(client("Far", "Away", outsider, other.id)); // another store's associate's client
    mention(client("Una", "Signed")); // nobody's client yet
    mention(null);
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
    const { db, store, priya, sam, left, maya, client } = setup();
    const book = ["A", "B", "C", "D", "E"].map((n) => client(n, "Client", left));
    setFollowUp(db, { customerId: book[0]!, staffId: left, storeId: store.id, dueOn: "2026-11-25", reason: "Alterations ready" });

    const result = reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: book, toStaffIds: [priya, sam], now });
    expect(result).toEqual({ ok: true, moved: 5, unchanged: 0, perStaff: { [priya]: 3, [sam]: 2 }, targets: [{ id: priya, name: "Priya Raman" }, { id: sam, name: "Sam Okafor" }] });
    const owners = book.map((id) => db.select({ to: customers.assignedStaffId }).from(customers).where(eq(customers.id, id)).get()!.to);
    expect(owners).toEqual([priya, sam, priya, sam, priya]);
    // Open Today pages at the store hear about it (the follow-up set above was the first change).
    expect(db.select({ kind: changeFeed.kind, storeId: changeFeed.storeId }).from(changeFeed).all().at(-1)).toEqual({ kind: "client", storeId: store.id });
    expect(db.select().from(followUps).get()!.staffId).toBe(priya);
    const audits = db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned")).all();
    expect(audits).toHaveLength(5);
    expect(audits[0]).toMatchObject({ staffId: maya, storeId: store.id, detail: { from: left, to: priya } });
    // The new associate sees them at once.
    expect((await listClients(db, { owner: { staffId: priya }, now, today, params: params() })).total).toBe(3);
  });

  it("moves nothing when any customer is outside the store's books or the target cannot take clients", () => {
    const { db, store, other, maya, priya, left, outsider, client } = setup();
    const mine = client("Mine", "Client", maya);
    const foreign = client("Their", "Client", outsider, other.id);
    const before = db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).all();
    expect(reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [mine, foreign], toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_customers" });
    expect(reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [mine], toStaffIds: [outsider] })).toEqual({ ok: false, reason: "bad_target" });
    expect(reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [mine], toStaffIds: [left] })).toEqual({ ok: false, reason: "bad_target" });
    expect(reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [randomUUID()], toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_customers" });
    expect(db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).all()).toEqual(before);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });
});

describe("reassignCustomers counting", () => {
  it("counts only real moves: customers already with their new associate are neither moved nor audited", () => {
    const { db, store, maya, priya, sam, client } = setup();
    const a = client("A", "Client", priya);
    const b = client("B", "Client", maya);
    const c = client("C", "Client", sam);
    expect(reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [a, b, c], toStaffIds: [priya], now })).toMatchObject({
      ok: true,
      moved: 2,
      unchanged: 1,
      perStaff: { [priya]: 2 },
    });
    expect(reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [a, b, c], toStaffIds: [priya], now })).toMatchObject({ ok: true, moved: 0, unchanged: 3, perStaff: {} });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned")).all()).toHaveLength(2);
  });
});

describe("reassignBook", () => {
  const ownerOf = (db: ReturnType<typeof setup>["db"], id: string) => db.select({ to: customers.assignedStaffId }).from(customers).where(eq(customers.id, id)).get()!.to;

  it("moves every client of a person's book in name order, round-robin, follow-ups and audit included", () => {
    const { db, store, maya, priya, sam, left, client } = setup();
    // Created out of name order: the book is dealt out by last name, then first name.
    const zoe = client("Zoe", "Adams", left);
    const bea = client("Bea", "Young", left);
    const ann = client("Ann", "Adams", left);
    const cal = client("Cal", "Moss", left);
    const kept = client("Kept", "Elsewhere", maya);
    setFollowUp(db, { customerId: cal, staffId: left, storeId: store.id, dueOn: "2026-11-25", reason: "Alterations" });

    const result = reassignBook(db, { storeId: store.id, managerId: maya, book: left, toStaffIds: [priya, sam], now });
    expect(result).toMatchObject({ ok: true, moved: 4, unchanged: 0, perStaff: { [priya]: 2, [sam]: 2 } });
    // Ann Adams, Zoe Adams, Cal Moss, Bea Young, dealt out in turn.
    expect([ann, zoe, cal, bea].map((id) => ownerOf(db, id))).toEqual([priya, sam, priya, sam]);
    expect(ownerOf(db, kept)).toBe(maya);
    expect(db.select().from(followUps).get()!.staffId).toBe(priya);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "customer.reassigned")).all()).toHaveLength(4);
  });

  it("moves the store's unassigned pile, not another store's", () => {
    const { db, store, other, maya, priya, client } = setup();
    const una = client("Una", "Signed");
    const far = client("Far", "Away", undefined, other.id);
    expect(reassignBook(db, { storeId: store.id, managerId: maya, book: "unassigned", toStaffIds: [priya], now })).toMatchObject({ ok: true, moved: 1 });
    expect([ownerOf(db, una), ownerOf(db, far)]).toEqual([priya, null]);
  });

  it("refuses another store's person's book or a target who cannot take clients, and moves nothing", () => {
    const { db, store, other, maya, priya, left, outsider, client } = setup();
    client("Their", "Client", outsider, other.id);
    client("Mine", "Client", maya);
    const before = db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).all();
    expect(reassignBook(db, { storeId: store.id, managerId: maya, book: outsider, toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_book" });
    expect(reassignBook(db, { storeId: store.id, managerId: maya, book: "nobody", toStaffIds: [priya] })).toEqual({ ok: false, reason: "foreign_book" });
    expect(reassignBook(db, { storeId: store.id, managerId: maya, book: maya, toStaffIds: [left] })).toEqual({ ok: false, reason: "bad_target" });
    expect(reassignBook(db, { storeId: store.id, managerId: maya, book: maya, toStaffIds: [outsider] })).toEqual({ ok: false, reason: "bad_target" });
    expect(db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers).all()).toEqual(before);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
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
    const { db, store, maya, priya, client } = setup();
    const alicia = client("Alicia", "Fernández", maya);
    const overdue = setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-11-20", reason: "Coat alterations" });
    setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: today, reason: "Ask about the event" });
    setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-11-24", reason: "Tomorrow" });
    setFollowUp(db, { customerId: alicia, staffId: priya, storeId: store.id, dueOn: today, reason: "Priya's" });

    expect((await listDueFollowUps(db, { staffId: maya, today })).map((f) => f.reason)).toEqual(["Coat alterations", "Ask about the event"]);
    if (!overdue.ok) throw new Error("setup");
    expect(completeFollowUp(db, { followUpId: overdue.id, staffId: maya, storeId: store.id, how: "call", outcome: "Coming Friday", now })).toEqual({ ok: true, id: overdue.id });
    expect((await listDueFollowUps(db, { staffId: maya, today })).map((f) => f.reason)).toEqual(["Ask about the event"]);
    expect(db.select().from(contacts).all()).toEqual([expect.objectContaining({ customerId: alicia, staffId: maya, kind: "call", summary: "Coming Friday" })]);
    // Closing it twice, or from another store, does nothing.
    expect(completeFollowUp(db, { followUpId: overdue.id, staffId: maya, storeId: store.id, how: "call" })).toEqual({ ok: false, reason: "closed" });
    expect(db.select().from(contacts).all()).toHaveLength(1);
  });

  it("cannot be closed from another store", () => {
    const { db, store, other, maya, outsider, client } = setup();
    const set = setFollowUp(db, { customerId: client("A", "B", maya), staffId: maya, storeId: store.id, dueOn: today, reason: "r" });
    if (!set.ok) throw new Error("setup");
    expect(completeFollowUp(db, { followUpId: set.id, staffId: outsider, storeId: other.id, how: "call" })).toEqual({ ok: false, reason: "not_found" });
    expect(db.select().from(followUps).get()!.status).toBe("open");
  });
});
