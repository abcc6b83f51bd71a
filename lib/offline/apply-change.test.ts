import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { openDatabase, type Db, type OpenDatabase } from "@/db";
import { currentDialect } from "@/db/dialect";
import { auditLog, changeFeed, contacts, customerPreferences, customers, followUps, holds, notes, offlineChanges, preferenceChanges, stores } from "@/db/schema";
import { localTimeOn } from "@/lib/dates";
import { releaseHold, placeHold } from "@/lib/holds";
import { addNote } from "@/lib/notes";
import { updatePreferences } from "@/lib/preferences";
import { createPgTestDatabase, createTestDb, dropPgTestDatabase, pgUrl } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";
import { applyOfflineChange, type OfflineActor } from "./apply-change";
import { offlineChangeSchema, type OfflineChangeInput } from "./change-schema";

const ZONE = "America/New_York";
const HOURS = { mon: "10:00–20:00", tue: "10:00–20:00", wed: "10:00–20:00", thu: "10:00–21:00", fri: "10:00–21:00", sat: "10:00–20:00", sun: "11:00–18:00" };
const MINUTE = 60_000;
/** Monday Nov 23 2026, 2 pm in New York; she made her changes an hour before. */
const now = localTimeOn("2026-11-23", "14:00", ZONE);
const madeAt = now.getTime() - 60 * MINUTE;

interface World {
  me: OfflineActor;
  maya: string;
  daniel: string;
  alicia: string;
  variantId: string;
  storeId: string;
}

async function buildWorld(db: Db, onHand = 1): Promise<World> {
  const store = await createStore(db, { name: "Fifth Avenue", timezone: ZONE, openingHours: HOURS });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const daniel = (await createStaff(db, { storeId: store.id, name: "Daniel Park" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: store.id, assignedStaffId: maya });
  const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand });
  return { me: { id: maya, storeId: store.id, storeName: "Fifth Avenue", storeTimezone: ZONE, role: "associate" }, maya, daniel, alicia, variantId, storeId: store.id };
}

/** A change as the tablet sends it, read through the shared schema as the route reads it. */
function change(w: World, fields: Record<string, unknown>) {
  const input = { key: randomUUID(), customerId: w.alicia, madeAt, basis: { assignedStaffId: w.maya }, ...fields } as OfflineChangeInput;
  return offlineChangeSchema.parse(input);
}

const PREFERENCES = { size_coats: "M", colours: "navy, camel", brands: "Milly", dislikes: "", styles: ["classic"], priceMin: "200", priceMax: "900", freeText: "" };

const TABLES = { notes, followUps, contacts, holds, offlineChanges, auditLog, customerPreferences, preferenceChanges, changeFeed };
async function counts(db: Db) {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) out[name] = (await db.select({ n: count() }).from(table as typeof notes))[0]!.n;
  return out;
}

describe("applyOfflineChange", () => {
  let db: Db;
  let w: World;
  beforeEach(async () => {
    db = await createTestDb();
    w = await buildWorld(db);
  });

  describe("applies each kind as the online form does", () => {
    it("adds a note, kept with the time it was applied and the time it was made", async () => {
      const note = change(w, { kind: "note.add", body: "  Prefers fittings on Saturdays  ", pinned: true });
      const outcome = await applyOfflineChange(db, w.me, note, now);
      expect(outcome).toMatchObject({ status: "applied", message: "Note saved.", replayed: false });
      const [row] = await db.select().from(notes);
      expect(row).toMatchObject({ id: outcome.status === "applied" ? outcome.noteId : "", body: "Prefers fittings on Saturdays", pinned: true, staffId: w.maya, storeId: w.storeId, createdAt: now });
      expect(await db.select({ action: auditLog.action, at: auditLog.at }).from(auditLog)).toEqual([{ action: "note.added", at: now }]);
      const [kept] = await db.select().from(offlineChanges);
      expect(kept).toMatchObject({ staffId: w.maya, key: note.key, kind: "note.add", customerId: w.alicia, madeAt: new Date(madeAt), appliedAt: now });
    });

    it("edits her own note within its 15 minutes", async () => {
      const added = await addNote(db, { customerId: w.alicia, body: "Likes blue", pinned: false, staffId: w.maya, storeId: w.storeId, now: new Date(now.getTime() - 10 * MINUTE) });
      const noteId = added.ok ? added.noteId : "";
      const outcome = await applyOfflineChange(db, w.me, change(w, { kind: "note.edit", noteId, body: "Likes cobalt blue", pinned: true }), now);
      expect(outcome).toEqual({ status: "applied", message: "Note updated.", replayed: false, noteId });
      expect(await db.select({ body: notes.body, pinned: notes.pinned, updatedAt: notes.updatedAt }).from(notes)).toEqual([{ body: "Likes cobalt blue", pinned: true, updatedAt: now }]);
      expect((await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action).sort()).toEqual(["note.added", "note.edited"]);
    });

    it("sets a follow-up, with its audit entry and a live update", async () => {
      const outcome = await applyOfflineChange(db, w.me, change(w, { kind: "follow_up.set", dueOn: "2026-11-30", reason: " Try the coat in navy " }), now);
      expect(outcome).toEqual({ status: "applied", message: "Follow-up set.", replayed: false });
      expect(await db.select({ dueOn: followUps.dueOn, reason: followUps.reason, staffId: followUps.staffId, storeId: followUps.storeId }).from(followUps)).toEqual([
        { dueOn: "2026-11-30", reason: "Try the coat in navy", staffId: w.maya, storeId: w.storeId },
      ]);
      expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: "follow_up.set" }]);
      expect(await db.select({ kind: changeFeed.kind, customerId: changeFeed.customerId, at: changeFeed.at }).from(changeFeed)).toEqual([{ kind: "follow_up", customerId: w.alicia, at: now }]);
    });

    it("logs a contact", async () => {
      const outcome = await applyOfflineChange(db, w.me, change(w, { kind: "contact.log", contactKind: "call", summary: "Left a message" }), now);
      expect(outcome).toEqual({ status: "applied", message: "Contact logged.", replayed: false });
      expect(await db.select({ kind: contacts.kind, summary: contacts.summary, at: contacts.at, staffId: contacts.staffId }).from(contacts)).toEqual([{ kind: "call", summary: "Left a message", at: now, staffId: w.maya }]);
      expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: "contact.logged" }]);
    });

    it("saves preferences with their history, and says when nothing had changed", async () => {
      const first = change(w, { kind: "preferences.set", basis: { assignedStaffId: w.maya, preferencesUpdatedAt: null }, values: PREFERENCES });
      expect(await applyOfflineChange(db, w.me, first, now)).toEqual({ status: "applied", message: "Preferences saved.", replayed: false });
      const [saved] = await db.select().from(customerPreferences);
      expect(saved).toMatchObject({ sizes: { coats: "M" }, colours: ["navy", "camel"], brands: ["Milly"], styles: ["classic"], priceMinCents: 20000, priceMaxCents: 90000, updatedAt: now, updatedByStaffId: w.maya });
      expect((await db.select({ field: preferenceChanges.field }).from(preferenceChanges)).map((c) => c.field).sort()).toEqual(["brands", "colours", "priceMaxCents", "priceMinCents", "sizes", "styles"]);
      const later = new Date(now.getTime() + MINUTE);
      const same = change(w, { kind: "preferences.set", basis: { assignedStaffId: w.maya, preferencesUpdatedAt: now.getTime() }, values: PREFERENCES });
      expect(await applyOfflineChange(db, w.me, same, later)).toEqual({ status: "applied", message: "Nothing had changed.", replayed: false });
      expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: "preferences.updated" }]);
    });

    it("puts an item aside at her own store until closing on the last day, keyed by the change", async () => {
      const request = change(w, { kind: "hold.request", variantId: w.variantId, days: 2, note: "For the gala" });
      const outcome = await applyOfflineChange(db, w.me, request, now);
      // Two open days after Monday: closing time on Wednesday.
      expect(outcome).toMatchObject({ status: "applied", message: "Put aside: Test Coat, size M, until Wed 8:00 PM.", replayed: false });
      const [hold] = await db.select().from(holds);
      expect(hold).toMatchObject({ id: outcome.status === "applied" ? outcome.holdId : "", storeId: w.storeId, staffId: w.maya, idempotencyKey: request.key, note: "For the gala", expiresAt: localTimeOn("2026-11-25", "20:00", ZONE), createdAt: now });
      expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: "hold.placed" }]);
      expect(await db.select({ kind: changeFeed.kind }).from(changeFeed)).toEqual([{ kind: "hold" }]);
    });
  });

  describe("exactly once", () => {
    it("answers a replayed key with its stored outcome and writes nothing more", async () => {
      const note = change(w, { kind: "note.add", body: "Prefers fittings on Saturdays", pinned: false });
      const first = await applyOfflineChange(db, w.me, note, now);
      const before = await counts(db);
      const again = await applyOfflineChange(db, w.me, note, new Date(now.getTime() + MINUTE));
      expect(again).toEqual({ ...first, replayed: true });
      expect(await counts(db)).toEqual(before);
    });

    it("applies a hold once when the same key arrives twice at once", async () => {
      const request = change(w, { kind: "hold.request", variantId: w.variantId, days: 1 });
      const outcomes = await Promise.all([applyOfflineChange(db, w.me, request, now), applyOfflineChange(db, w.me, request, now)]);
      expect(outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
      expect(outcomes.map((o) => o.status === "applied" && o.replayed).sort()).toEqual([false, true]);
      expect(await counts(db)).toMatchObject({ holds: 1, offlineChanges: 1, auditLog: 1 });
    });

    it("keeps keys per staff member: a colleague's key is never answered with her change", async () => {
      const note = change(w, { kind: "note.add", body: "Mine", pinned: false });
      await applyOfflineChange(db, w.me, note, now);
      const colleague = { ...w.me, id: w.daniel };
      expect(await applyOfflineChange(db, colleague, note, now)).toMatchObject({ status: "applied", replayed: false });
      expect(await counts(db)).toMatchObject({ notes: 2, offlineChanges: 2 });
    });
  });

  describe("conflicts write nothing", () => {
    it("says who has the client now, and applies the change when she sends it anyway", async () => {
      await db.update(customers).set({ assignedStaffId: w.daniel }).where(eq(customers.id, w.alicia));
      const note = change(w, { kind: "note.add", body: "Prefers fittings on Saturdays", pinned: false });
      const before = await counts(db);
      expect(await applyOfflineChange(db, w.me, note, now)).toEqual({
        status: "conflict",
        code: "reassigned",
        message: "Alicia was moved to Daniel Park's client book while you were offline. Send it anyway, or discard it.",
      });
      expect(await counts(db)).toEqual(before);
      expect(await applyOfflineChange(db, w.me, { ...note, force: true }, now)).toMatchObject({ status: "applied", replayed: false });
      expect(await counts(db)).toMatchObject({ notes: 1, offlineChanges: 1 });
    });

    it("names a client taken out of any book, and one moved from nobody's", async () => {
      await db.update(customers).set({ assignedStaffId: null }).where(eq(customers.id, w.alicia));
      const outcome = await applyOfflineChange(db, w.me, change(w, { kind: "contact.log", contactKind: "visit" }), now);
      expect(outcome).toEqual({ status: "conflict", code: "reassigned", message: "Alicia was taken out of your client book and has no associate now: that changed while you were offline. Send it anyway, or discard it." });
      await db.update(customers).set({ assignedStaffId: w.maya }).where(eq(customers.id, w.alicia));
      const unassignedBefore = change(w, { kind: "contact.log", contactKind: "visit", basis: { assignedStaffId: null } });
      expect(await applyOfflineChange(db, w.me, unassignedBefore, now)).toMatchObject({ code: "reassigned", message: "Alicia was moved to your client book while you were offline. Send it anyway, or discard it." });
      expect(await counts(db)).toMatchObject({ contacts: 0, offlineChanges: 0, auditLog: 0 });
    });

    it("refuses to edit a note past its 15 minutes, even when sent anyway", async () => {
      const added = await addNote(db, { customerId: w.alicia, body: "Likes blue", pinned: false, staffId: w.maya, storeId: w.storeId, now: new Date(now.getTime() - 20 * MINUTE) });
      const edit = change(w, { kind: "note.edit", noteId: added.ok ? added.noteId : "", body: "Likes cobalt", pinned: false });
      const before = await counts(db);
      const locked = {
        status: "conflict",
        code: "note_locked",
        message: "This note can no longer be edited (notes can be changed for 15 minutes). Save your text as a new note, or discard it.",
      };
      expect(await applyOfflineChange(db, w.me, edit, now)).toEqual(locked);
      expect(await applyOfflineChange(db, w.me, { ...edit, force: true }, now)).toEqual(locked);
      expect(await counts(db)).toEqual(before);
      expect(await db.select({ body: notes.body }).from(notes)).toEqual([{ body: "Likes blue" }]);
    });

    it("says who changed the preferences since the tablet showed them, and replaces them when sent anyway", async () => {
      const changedAt = new Date(now.getTime() - 30 * MINUTE);
      await updatePreferences(db, { customerId: w.alicia, staffId: w.daniel, storeId: w.storeId, values: { sizes: { coats: "L" }, colours: [], brands: [], styles: [], dislikes: [], priceMinCents: null, priceMaxCents: null, freeText: null }, now: changedAt });
      const mine = change(w, { kind: "preferences.set", basis: { assignedStaffId: w.maya, preferencesUpdatedAt: null }, values: PREFERENCES });
      const before = await counts(db);
      expect(await applyOfflineChange(db, w.me, mine, now)).toEqual({
        status: "conflict",
        code: "preferences_changed",
        message: "Daniel Park changed Alicia's preferences on Mon, Nov 23, 1:30 PM, while you were offline. Send yours anyway to replace them, or discard yours.",
      });
      expect(await counts(db)).toEqual(before);
      // What the tablet showed matches what is saved: no conflict.
      const seen = change(w, { kind: "preferences.set", basis: { assignedStaffId: w.maya, preferencesUpdatedAt: changedAt.getTime() }, values: PREFERENCES });
      expect(await applyOfflineChange(db, w.me, seen, now)).toMatchObject({ status: "applied", message: "Preferences saved." });
      const forced = change(w, { kind: "preferences.set", force: true, basis: { assignedStaffId: w.maya, preferencesUpdatedAt: null }, values: { ...PREFERENCES, size_coats: "S" } });
      expect(await applyOfflineChange(db, w.me, forced, new Date(now.getTime() + MINUTE))).toMatchObject({ status: "applied", message: "Preferences saved." });
      expect((await db.select({ sizes: customerPreferences.sizes }).from(customerPreferences))[0]!.sizes).toEqual({ coats: "S" });
    });
  });

  describe("refusals write nothing", () => {
    it("refuses a customer, note or item that is gone, or a note that is not hers", async () => {
      const theirs = await addNote(db, { customerId: w.alicia, body: "Daniel's", pinned: false, staffId: w.daniel, storeId: w.storeId, now });
      const before = await counts(db);
      const refusals = [
        change(w, { kind: "note.add", customerId: "gone", body: "Hello", pinned: false }),
        change(w, { kind: "note.edit", noteId: "gone", body: "Hello", pinned: false }),
        change(w, { kind: "note.edit", noteId: theirs.ok ? theirs.noteId : "", body: "Hello", pinned: false }),
        change(w, { kind: "hold.request", variantId: "gone", days: 1 }),
      ];
      for (const refusal of refusals) expect(await applyOfflineChange(db, w.me, refusal, now)).toMatchObject({ status: "refused", code: "not_found" });
      expect(await counts(db)).toEqual(before);
    });

    it("checks a follow-up's date from the day she made it, never from a day ahead of the server's", async () => {
      const yesterday = localTimeOn("2026-11-22", "17:00", ZONE).getTime();
      const before = await counts(db);
      expect(await applyOfflineChange(db, w.me, change(w, { kind: "follow_up.set", dueOn: "2026-11-21", reason: "Call", madeAt: yesterday }), now)).toEqual({
        status: "refused",
        code: "invalid",
        message: "Follow-up not set. Choose today or a later date.",
      });
      expect(await applyOfflineChange(db, w.me, change(w, { kind: "follow_up.set", dueOn: "2027-12-01", reason: "Call" }), now)).toMatchObject({ code: "invalid", message: "Follow-up not set. Choose a date within a year." });
      // A clock set a week ahead does not move "today" for the check.
      const future = localTimeOn("2026-11-30", "12:00", ZONE).getTime();
      expect(await applyOfflineChange(db, w.me, change(w, { kind: "follow_up.set", dueOn: "2027-11-26", reason: "Call", madeAt: future }), now)).toMatchObject({ code: "invalid" });
      expect(await counts(db)).toEqual(before);
      // "Today" when she made it yesterday is still accepted.
      expect(await applyOfflineChange(db, w.me, change(w, { kind: "follow_up.set", dueOn: "2026-11-22", reason: "Call", madeAt: yesterday }), now)).toMatchObject({ status: "applied" });
    });

    it("refuses a hold with no unit free, then places the same change once one frees up", async () => {
      const theirs = await placeHold(db, { customerId: w.alicia, variantId: w.variantId, storeId: w.storeId, staffId: w.daniel, days: 1, idempotencyKey: randomUUID(), now });
      const request = change(w, { kind: "hold.request", variantId: w.variantId, days: 3 });
      const before = await counts(db);
      expect(await applyOfflineChange(db, w.me, request, now)).toEqual({
        status: "refused",
        code: "unavailable",
        message: "Not put aside: no Test Coat (Cobalt blue) in size M is free at Fifth Avenue now.",
      });
      expect(await counts(db)).toEqual(before);
      await releaseHold(db, { holdId: theirs.ok ? theirs.holdId : "", storeId: w.storeId, staffId: w.daniel, now });
      const later = new Date(now.getTime() + 5 * MINUTE);
      expect(await applyOfflineChange(db, w.me, request, later)).toMatchObject({ status: "applied", replayed: false, message: "Put aside: Test Coat, size M, until Thu 9:00 PM." });
      expect(await db.select({ staffId: holds.staffId, status: holds.status }).from(holds).where(eq(holds.idempotencyKey, request.key))).toEqual([{ staffId: w.maya, status: "active" }]);
    });

    it("places a hold at her own store whatever store the customer calls home", async () => {
      const oak = await createStore(db, { name: "Oak Street", timezone: "America/Chicago", openingHours: HOURS });
      await db.update(customers).set({ homeStoreId: oak.id }).where(eq(customers.id, w.alicia));
      await applyOfflineChange(db, w.me, change(w, { kind: "hold.request", variantId: w.variantId, days: 1 }), now);
      expect(await db.select({ storeId: holds.storeId }).from(holds)).toEqual([{ storeId: w.storeId }]);
      expect(await db.select({ id: stores.id }).from(stores)).toHaveLength(2);
    });
  });
});

// Two app instances: two pools on one PostgreSQL database, each replaying the same changes at once.
describe.runIf(currentDialect() === "pg")("applyOfflineChange under concurrency (PostgreSQL, two pools)", () => {
  let name: string;
  const handles: OpenDatabase[] = [];
  beforeEach(async () => {
    name = await createPgTestDatabase();
    handles.push(await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 4 }));
    handles.push(await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 4 }));
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await dropPgTestDatabase(name);
  });

  it("applies each of several changes once when two instances replay them together", async () => {
    const [first, second] = handles.map((h) => h.db) as [Db, Db];
    const w = await buildWorld(first, 3);
    const queue = [
      change(w, { kind: "note.add", body: "Prefers fittings on Saturdays", pinned: false }),
      change(w, { kind: "hold.request", variantId: w.variantId, days: 1 }),
      change(w, { kind: "contact.log", contactKind: "call" }),
      change(w, { kind: "preferences.set", basis: { assignedStaffId: w.maya, preferencesUpdatedAt: null }, values: PREFERENCES }),
    ];
    const outcomes = await Promise.all(queue.flatMap((c) => [applyOfflineChange(first, w.me, c, now), applyOfflineChange(second, w.me, c, now)]));
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill("applied"));
    for (let i = 0; i < outcomes.length; i += 2) expect([outcomes[i], outcomes[i + 1]].map((o) => o!.status === "applied" && o!.replayed).sort()).toEqual([false, true]);
    expect(await counts(second)).toMatchObject({ notes: 1, holds: 1, contacts: 1, customerPreferences: 1, offlineChanges: 4, auditLog: 4 });
  });

  it("answers the stored outcome when the key's row lands while it applies (the primary key decides)", async () => {
    const [first] = handles.map((h) => h.db) as [Db, Db];
    const w = await buildWorld(first);
    const note = change(w, { kind: "note.add", body: "Prefers fittings on Saturdays", pinned: false });
    const stored = { status: "applied", message: "Note saved.", replayed: false, noteId: "from-the-other-request" };
    // Another instance has written the key's row and not yet committed.
    const other = await handles[1]!.pool!.connect();
    try {
      await other.query("begin");
      await other.query("insert into offline_changes (staff_id, key, kind, customer_id, outcome, made_at, applied_at) values ($1, $2, 'note.add', $3, $4, $5, $5)", [
        w.maya,
        note.key,
        w.alicia,
        JSON.stringify(stored),
        now.getTime(),
      ]);
      const applying = applyOfflineChange(first, w.me, note, now);
      // It waits on the uncommitted key, then finds it taken.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query("commit");
      expect(await applying).toEqual({ ...stored, replayed: true });
    } finally {
      other.release();
    }
    expect(await counts(first)).toMatchObject({ notes: 0, auditLog: 0, offlineChanges: 1 });
  });
});
