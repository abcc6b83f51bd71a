import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { selectRows } from "@/db/dialect";
import { auditLog, changeFeed, contacts, customers, followUps, holds, notes, purchases, socialMentions, storeStock } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { reassignBook, reassignCustomers } from "./client-books";
import { rebuildReportRollups } from "./daily-figures-rebuild";
import { getAvailability, markHoldPickedUp, placeHold, releaseHold } from "./holds";
import { dismissMention } from "./mentions";
import { addNote, deleteNote } from "./notes";
import { setFollowUp } from "./follow-ups";
import { UNDO_WINDOW_MS, undoChange } from "./undo";
import type { AuditAction } from "./audit-actions";

const now = new Date("2026-11-23T15:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

/** The report roll-ups as comparable text, rows of zeros left out. */
async function rollups(db: Db) {
  const out: Record<string, string[]> = {};
  for (const table of ["report_days", "report_hours", "report_contact_pairs"]) {
    const rows = await selectRows<Record<string, unknown>>(db, sql.raw(`select * from ${table}`));
    out[table] = rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" || (typeof v === "string" && /^-?\d+$/.test(v) && !k.endsWith("_id")) ? Number(v) : v])))
      .filter((row) => Object.entries(row).some(([k, v]) => !["store_id", "staff_id", "customer_id", "day", "hour"].includes(k) && v !== 0 && v !== "[]"))
      .map((row) => JSON.stringify(row))
      .sort();
  }
  return out;
}

let db: Db;
let ids: { store: string; other: string; maya: string; daniel: string; manager: string; outsider: string; otherManager: string; ava: string; ben: string; variantId: string };

beforeEach(async () => {
  db = await createTestDb();
  const store = (await createStore(db, { name: "Fifth Avenue" })).id;
  const other = (await createStore(db, { name: "Oak Street" })).id;
  const maya = (await createStaff(db, { storeId: store, name: "Maya Chen" })).id;
  const daniel = (await createStaff(db, { storeId: store, name: "Daniel Brooks" })).id;
  const manager = (await createStaff(db, { storeId: store, name: "Grace Whitaker", role: "manager" })).id;
  const outsider = (await createStaff(db, { storeId: other, name: "Hannah Lewis" })).id;
  const otherManager = (await createStaff(db, { storeId: other, name: "Marcus Reed", role: "manager" })).id;
  const ava = await createCustomer(db, { firstName: "Ava", lastName: "Cox", homeStoreId: store, assignedStaffId: daniel });
  const ben = await createCustomer(db, { firstName: "Ben", lastName: "Okafor", homeStoreId: store, assignedStaffId: daniel });
  const { variantId } = await createVariantInStock(db, { storeId: store, onHand: 1 });
  ids = { store, other, maya, daniel, manager, outsider, otherManager, ava, ben, variantId };
});

const hold = async (staffId = ids.daniel) => {
  const placed = await placeHold(db, { customerId: ids.ava, variantId: ids.variantId, storeId: ids.store, staffId, expiresAt: later(48 * 3_600_000), idempotencyKey: randomUUID(), now: later(-60_000) });
  if (!placed.ok) throw new Error("setup");
  return placed.holdId;
};
const holdRow = async (holdId: string) => (await db.select().from(holds).where(eq(holds.id, holdId)))[0]!;
const audits = async (action: AuditAction) => db.select().from(auditLog).where(eq(auditLog.action, action));
const undo = (auditId: string, staffId: string, at = later(5_000), { isManager = false, storeId = ids.store } = {}) => undoChange(db, { auditId, staffId, storeId, isManager, now: at });

describe("undoing a release", () => {
  it("brings the hold back as it was, on record and announced, with the roll-ups as before", async () => {
    const holdId = await hold();
    const before = await rollups(db);
    const released = await releaseHold(db, { holdId, storeId: ids.store, staffId: ids.maya, now });
    expect(released).toMatchObject({ ok: true, auditId: expect.any(String) });
    const feed = (await db.select().from(changeFeed)).length;

    expect(await undo(released.ok ? released.auditId! : "", ids.maya)).toEqual({ ok: true, action: "hold.released" });
    expect(await holdRow(holdId)).toMatchObject({ status: "active", resolvedAt: null, resolvedByStaffId: null });
    expect(await getAvailability(db, { storeId: ids.store, variantId: ids.variantId, now: later(5_000) })).toBe(0);
    const [entry] = await audits("hold.release_undone");
    expect(entry).toMatchObject({ staffId: ids.maya, storeId: ids.store, targetId: holdId, customerId: ids.ava, detail: { undoes: released.ok ? released.auditId : "" } });
    expect((await db.select().from(changeFeed)).length).toBe(feed + 1);
    expect(await rollups(db)).toEqual(before);
  });

  it("is refused after the window, to someone else, and at another store, changing nothing", async () => {
    const holdId = await hold();
    const released = await releaseHold(db, { holdId, storeId: ids.store, staffId: ids.maya, now });
    const auditId = released.ok ? released.auditId! : "";
    expect(await undo(auditId, ids.maya, later(UNDO_WINDOW_MS + 1))).toEqual({ ok: false, reason: "too_late" });
    expect(await undo(auditId, ids.daniel)).toEqual({ ok: false, reason: "not_found" });
    expect(await undo(auditId, ids.outsider, later(5_000), { storeId: ids.other })).toEqual({ ok: false, reason: "not_found" });
    expect(await undo(auditId, ids.otherManager, later(5_000), { storeId: ids.other, isManager: true })).toEqual({ ok: false, reason: "not_found" });
    expect((await holdRow(holdId)).status).toBe("released");
    expect(await audits("hold.release_undone")).toHaveLength(0);
  });

  it("may be done by the store's manager, and only once", async () => {
    const holdId = await hold();
    const released = await releaseHold(db, { holdId, storeId: ids.store, staffId: ids.maya, now });
    const auditId = released.ok ? released.auditId! : "";
    expect(await undo(auditId, ids.manager, later(5_000), { isManager: true })).toMatchObject({ ok: true });
    expect(await undo(auditId, ids.maya, later(6_000))).toEqual({ ok: false, reason: "changed" });
    expect((await holdRow(holdId)).status).toBe("active");
  });

  it("is refused when the unit has been held for someone else since", async () => {
    const holdId = await hold();
    const released = await releaseHold(db, { holdId, storeId: ids.store, staffId: ids.maya, now });
    const taken = await placeHold(db, { customerId: ids.ben, variantId: ids.variantId, storeId: ids.store, staffId: ids.daniel, expiresAt: later(86_400_000), idempotencyKey: "x", now: later(1_000) });
    expect(taken.ok).toBe(true);
    expect(await undo(released.ok ? released.auditId! : "", ids.maya)).toEqual({ ok: false, reason: "unavailable", available: 0 });
    expect((await holdRow(holdId)).status).toBe("released");
    expect(await audits("hold.release_undone")).toHaveLength(0);
  });
});

describe("undoing a pick-up", () => {
  it("removes the sale and its contact, puts the unit back and restores the visit and the roll-ups", async () => {
    const holdId = await hold();
    const visit = new Date("2026-10-01T12:00:00Z");
    await db.update(customers).set({ lastVisitAt: visit }).where(eq(customers.id, ids.ava));
    const before = await rollups(db);
    const picked = await markHoldPickedUp(db, { holdId, storeId: ids.store, staffId: ids.maya, now });
    expect(await db.select().from(purchases)).toHaveLength(1);
    expect(await db.select().from(contacts)).toHaveLength(1);
    expect(await rollups(db)).not.toEqual(before);

    expect(await undo(picked.ok ? picked.auditId! : "", ids.maya)).toEqual({ ok: true, action: "hold.picked_up" });
    expect(await holdRow(holdId)).toMatchObject({ status: "active", resolvedAt: null });
    expect(await db.select().from(purchases)).toHaveLength(0);
    expect(await db.select().from(contacts)).toHaveLength(0);
    expect((await db.select({ onHand: storeStock.onHand }).from(storeStock))[0]!.onHand).toBe(1);
    expect((await db.select({ at: customers.lastVisitAt }).from(customers).where(eq(customers.id, ids.ava)))[0]!.at).toEqual(visit);
    expect(await audits("hold.pick_up_undone")).toHaveLength(1);
    expect(await rollups(db)).toEqual(before);
    // What the triggers kept equals a recomputation from the rows.
    await rebuildReportRollups(db);
    expect(await rollups(db)).toEqual(before);
  });

  it("is refused once the window has passed or by a colleague", async () => {
    const holdId = await hold();
    const picked = await markHoldPickedUp(db, { holdId, storeId: ids.store, staffId: ids.maya, now });
    const auditId = picked.ok ? picked.auditId! : "";
    expect(await undo(auditId, ids.daniel)).toEqual({ ok: false, reason: "not_found" });
    expect(await undo(auditId, ids.maya, later(UNDO_WINDOW_MS + 1))).toEqual({ ok: false, reason: "too_late" });
    expect((await holdRow(holdId)).status).toBe("picked_up");
    expect(await db.select().from(purchases)).toHaveLength(1);
  });
});

describe("undoing a dismissal", () => {
  it("puts the post back in the inbox once", async () => {
    const mentionId = randomUUID();
    await db.insert(socialMentions).values({ id: mentionId, storeId: ids.store, customerId: ids.ava, network: "instagram", externalId: "p1", handle: "ava", text: "Hi", url: "https://instagram.com/p/1", postedAt: later(-3_600_000), kind: "comment" });
    const before = await rollups(db);
    const dismissed = await dismissMention(db, { mentionId, staffId: ids.maya, storeId: ids.store, now });
    const auditId = dismissed.ok ? dismissed.auditId! : "";
    expect(await undo(auditId, ids.daniel)).toEqual({ ok: false, reason: "not_found" });
    expect(await undo(auditId, ids.maya)).toEqual({ ok: true, action: "mention.dismissed" });
    expect((await db.select().from(socialMentions))[0]!.status).toBe("new");
    expect(await undo(auditId, ids.maya, later(6_000))).toEqual({ ok: false, reason: "changed" });
    expect(await audits("mention.dismiss_undone")).toHaveLength(1);
    expect(await rollups(db)).toEqual(before);
  });
});

describe("undoing a note's deletion", () => {
  it("restores the note with its own id, text, pin and dates", async () => {
    const added = await addNote(db, { customerId: ids.ava, body: "Prefers the fitting room by the window", pinned: true, staffId: ids.maya, storeId: ids.store, now: later(-120_000) });
    const noteId = added.ok ? added.noteId : "";
    const saved = (await db.select().from(notes))[0]!;
    const before = await rollups(db);
    const deleted = await deleteNote(db, { noteId, staffId: ids.maya, storeId: ids.store, now });
    expect(await db.select().from(notes)).toHaveLength(0);
    const auditId = deleted.ok ? deleted.auditId! : "";
    expect(await undo(auditId, ids.daniel)).toEqual({ ok: false, reason: "not_found" });
    expect(await undo(auditId, ids.maya)).toEqual({ ok: true, action: "note.deleted" });
    expect(await db.select().from(notes)).toEqual([saved]);
    expect(await undo(auditId, ids.maya, later(6_000))).toEqual({ ok: false, reason: "changed" });
    expect(await audits("note.delete_undone")).toHaveLength(1);
    expect(await rollups(db)).toEqual(before);
  });
});

describe("undoing a move of clients", () => {
  const assigned = async () => Object.fromEntries((await db.select({ id: customers.id, to: customers.assignedStaffId }).from(customers)).map((r) => [r.id, r.to]));

  it("gives a whole book back, open follow-ups included", async () => {
    await setFollowUp(db, { customerId: ids.ava, staffId: ids.daniel, storeId: ids.store, dueOn: "2026-12-01", reason: "New season" });
    const before = await assigned();
    const rolled = await rollups(db);
    const moved = await reassignBook(db, { storeId: ids.store, managerId: ids.manager, book: ids.daniel, toStaffIds: [ids.maya, ids.manager], now });
    expect(moved).toMatchObject({ ok: true, moved: 2, auditId: expect.any(String) });
    expect(await assigned()).not.toEqual(before);

    expect(await undo(moved.ok ? moved.auditId! : "", ids.manager, later(5_000), { isManager: true })).toEqual({ ok: true, action: "customer.reassigned" });
    expect(await assigned()).toEqual(before);
    expect((await db.select({ staffId: followUps.staffId }).from(followUps))[0]!.staffId).toBe(ids.daniel);
    expect(await audits("customer.reassign_undone")).toHaveLength(2);
    expect(await rollups(db)).toEqual(rolled);
  });

  it("changes nothing when one of the clients has moved on since", async () => {
    const moved = await reassignCustomers(db, { storeId: ids.store, managerId: ids.manager, customerIds: [ids.ava, ids.ben], toStaffIds: [ids.maya], now });
    await reassignCustomers(db, { storeId: ids.store, managerId: ids.manager, customerIds: [ids.ben], toStaffIds: [ids.daniel], now: later(1_000) });
    const after = await assigned();
    expect(await undo(moved.ok ? moved.auditId! : "", ids.manager, later(5_000), { isManager: true })).toEqual({ ok: false, reason: "changed" });
    expect(await assigned()).toEqual(after);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "customer.reassign_undone")))).toHaveLength(0);
  });
});
