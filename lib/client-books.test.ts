import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { auditLog, contacts, customers, followUps, holds, socialMentions } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { clientListParams, listClients, listStoreBooks, reassignCustomers } from "./client-books";
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
  });

  it("falls back to defaults on odd query strings", () => {
    expect(clientListParams.parse({ sort: "drop table", filter: 3, page: "-2", q: " x " })).toEqual({ sort: "name", filter: "all", page: 1, q: "x" });
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
});

describe("reassignCustomers", () => {
  it("spreads a departed associate's book evenly, moves open follow-ups along and audits each move", async () => {
    const { db, store, priya, sam, left, maya, client } = setup();
    const book = ["A", "B", "C", "D", "E"].map((n) => client(n, "Client", left));
    setFollowUp(db, { customerId: book[0]!, staffId: left, storeId: store.id, dueOn: "2026-11-25", reason: "Alterations ready" });

    const result = reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: book, toStaffIds: [priya, sam], now });
    expect(result).toEqual({ ok: true, moved: 5, perStaff: { [priya]: 3, [sam]: 2 } });
    const owners = book.map((id) => db.select({ to: customers.assignedStaffId }).from(customers).where(eq(customers.id, id)).get()!.to);
    expect(owners).toEqual([priya, sam, priya, sam, priya]);
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
