import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { selectRows } from "@/db/dialect";
import { contacts, customers, holds, notes, productVariants, socialMentions } from "@/db/schema";
import type { Db } from "@/db";
import { createTestDb, openTestDatabase } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { extendHold, markHoldPickedUp, placeHold, releaseHold } from "./holds";
import { dismissMention, linkMentionToCustomer, replyToMention } from "./mentions";
import { addNote, deleteNote } from "./notes";
import { logContact } from "./contacts";
import { completeFollowUp, setFollowUp } from "./follow-ups";
import { reassignCustomers } from "./client-books";
import { rebuildReportRollups } from "./daily-figures-rebuild";
import { getStoreDashboard, getStoreTrend } from "./dashboard";
import { localDate } from "./dates";
import { bucketEdges, resolvePeriod } from "./periods";
import { followUps } from "@/db/schema";
import { medianMinutes } from "./daily-figures";

const HOUR = 3_600_000;
const ROLLUPS = ["report_days", "report_hours", "report_contact_pairs"] as const;

type Row = Record<string, unknown>;
/** Table contents as comparable text: rows of zeros dropped, answer lists sorted. */
async function snapshot(db: Db) {
  const out: Record<string, string[]> = {};
  for (const table of ROLLUPS) {
    const rows = await selectRows<Row>(db, sql.raw(`select * from ${table}`));
    out[table] = rows
      .map((row) => {
        const clean = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === "answer_ms" ? (JSON.parse(String(v)) as number[]).map(Number).sort((a, b) => a - b) : typeof v === "bigint" || typeof v === "string" && /^-?\d+$/.test(v) && k !== "store_id" && k !== "staff_id" && k !== "customer_id" ? Number(v) : v]));
        return clean;
      })
      .filter((row) => Object.entries(row).some(([k, v]) => !["store_id", "staff_id", "customer_id", "day", "hour"].includes(k) && (Array.isArray(v) ? v.length : v !== 0)))
      .map((row) => JSON.stringify(row))
      .sort();
  }
  return out;
}

async function recomputed(db: Db) {
  const kept = await snapshot(db);
  await rebuildReportRollups(db);
  return { kept, fresh: await snapshot(db) };
}

describe("report roll-ups", () => {
  it("stay equal to a recomputation from the rows through holds, posts, notes, contacts, follow-ups, reassignment and a price change", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const other = await createStore(db, { name: "Elsewhere" });
    const maya = (await createStaff(db, { storeId: store.id, name: "Maya" })).id;
    const sam = (await createStaff(db, { storeId: store.id, name: "Sam" })).id;
    await createStaff(db, { storeId: store.id, role: "manager", name: "Jo" });
    const outsider = (await createStaff(db, { storeId: other.id })).id;
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "F", homeStoreId: store.id, assignedStaffId: maya });
    const ben = await createCustomer(db, { firstName: "Ben", lastName: "O", homeStoreId: store.id, assignedStaffId: sam });
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 20 });
    const start = new Date("2026-11-20T03:00:00Z").getTime();
    const at = (hours: number) => new Date(start + hours * HOUR);

    // Holds: placed on several days, picked up, released, expired by time alone, extended.
    const placed: string[] = [];
    for (const [i, customerId] of [alicia, ben, alicia, ben, alicia].entries()) {
      const result = await placeHold(db, { customerId, variantId, storeId: store.id, staffId: i % 2 ? sam : maya, expiresAt: at(i * 10 + 24), idempotencyKey: `k${i}`, now: at(i * 10) });
      if (result.ok) placed.push(result.holdId);
    }
    expect(placed).toHaveLength(5);
    await markHoldPickedUp(db, { holdId: placed[0]!, storeId: store.id, staffId: sam, now: at(30) });
    await releaseHold(db, { holdId: placed[1]!, storeId: store.id, staffId: maya, now: at(15) });
    await releaseHold(db, { holdId: placed[2]!, storeId: store.id, staffId: maya, now: at(60) }); // past expiry: expired
    await extendHold(db, { holdId: placed[3]!, storeId: store.id, staffId: sam, now: at(40) });

    // Posts: one by Alicia answered by Sam, one dismissed, one by nobody known, later linked to Ben.
    const post = async (customerId: string | null, hours: number) => {
      const id = randomUUID();
      await db.insert(socialMentions).values({ id, network: "instagram", externalId: id, handle: customerId ? "alicia" : "stranger", text: "t", url: "u", postedAt: at(hours), storeId: store.id, customerId });
      return id;
    };
    const first = await post(alicia, 2);
    const second = await post(alicia, 26);
    const third = await post(null, 27);
    const fourth = await post(ben, 50);
    await db.insert(socialMentions).values({ id: randomUUID(), network: "x", externalId: "replied", handle: "h", text: "t", url: "u", postedAt: at(3), storeId: store.id, status: "replied", repliedAt: at(4), repliedByStaffId: maya });
    expect((await replyToMention(db, { mentionId: first, staffId: sam, storeId: store.id, text: "Thanks!", now: at(5) })).ok).toBe(true);
    expect((await replyToMention(db, { mentionId: fourth, staffId: maya, storeId: store.id, text: "Hi", now: at(51) })).ok).toBe(true);
    await dismissMention(db, { mentionId: second, staffId: maya, storeId: store.id, now: at(28) });
    expect((await linkMentionToCustomer(db, { mentionId: third, customerId: ben, staffId: sam, storeId: store.id, now: at(29) })).ok).toBe(true);

    // Notes, contacts, follow-ups.
    const note = await addNote(db, { customerId: alicia, body: "Likes blue", pinned: false, staffId: maya, storeId: store.id, now: at(6) });
    await addNote(db, { customerId: ben, body: "Size M", pinned: false, staffId: sam, storeId: store.id, now: at(7) });
    if (note.ok && "id" in note) await deleteNote(db, { noteId: String(note.id), staffId: maya, storeId: store.id, now: at(8) });
    await logContact(db, { customerId: ben, staffId: maya, storeId: store.id, kind: "call", at: at(9) });
    await logContact(db, { customerId: ben, staffId: maya, storeId: store.id, kind: "call", at: at(33) });
    await logContact(db, { customerId: alicia, staffId: outsider, storeId: other.id, kind: "call", at: at(34) });
    const followUp = await setFollowUp(db, { customerId: alicia, staffId: maya, storeId: store.id, dueOn: "2026-11-21", reason: "Call", now: at(1) });
    if (followUp.ok) await completeFollowUp(db, { followUpId: followUp.id, staffId: sam, storeId: store.id, how: "call", now: at(45) });

    // Alicia moves to Sam's book; the coat gets dearer; rows change and go away by hand too.
    expect((await reassignCustomers(db, { storeId: store.id, managerId: maya, customerIds: [alicia], toStaffIds: [sam], now: at(70) })).ok).toBe(true);
    await db.update(productVariants).set({ priceCents: 61000 }).where(eq(productVariants.id, variantId));
    await db.update(holds).set({ createdAt: at(80) }).where(eq(holds.id, placed[4]!));
    await db.update(contacts).set({ at: at(90) }).where(eq(contacts.customerId, alicia));
    await db.delete(contacts).where(eq(contacts.at, at(33)));
    // Ben's latest contact (Maya's answer to his post) goes: his latest is earlier again.
    await db.delete(contacts).where(and(eq(contacts.customerId, ben), eq(contacts.at, at(51))));
    await db.update(notes).set({ staffId: maya }).where(eq(notes.customerId, ben));
    await db.update(socialMentions).set({ postedAt: at(100) }).where(eq(socialMentions.id, fourth));
    await db.update(customers).set({ assignedStaffId: null }).where(eq(customers.id, ben));

    const { kept, fresh } = await recomputed(db);
    expect(kept.report_days!.length).toBeGreaterThan(5);
    expect(kept).toEqual(fresh);
  });

  it("give the dashboard and trend the very figures counted from the rows, for any period, as holds expire and posts wait", async () => {
    const db = await createTestDb();
    const store = await createStore(db);
    const zone = "America/New_York";
    const people = [];
    for (const name of ["Ana", "Ben", "Cy"]) people.push((await createStaff(db, { storeId: store.id, name })).id);
    const clients = [];
    for (let i = 0; i < 8; i++) clients.push(await createCustomer(db, { firstName: `C${i}`, lastName: "X", homeStoreId: store.id, assignedStaffId: i < 6 ? people[i % 3] : undefined }));
    const { variantId } = await createVariantInStock(db, { storeId: store.id, onHand: 1000 });
    const { variantId: dearer } = await createVariantInStock(db, { storeId: store.id, onHand: 1000, size: "L" });
    await db.update(productVariants).set({ priceCents: 12345 }).where(eq(productVariants.id, dearer));
    const now = new Date("2026-11-23T17:30:00Z");
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    // Mostly the last 100 days, a good share of the last two (open holds, fresh posts).
    const when = () => new Date(now.getTime() - Math.floor((random() < 0.3 ? random() * 2 : random() * 100) * 24 * HOUR) - 60_000);

    for (let i = 0; i < 150; i++) {
      const createdAt = when();
      const status = pick(["active", "active", "picked_up", "released", "expired"] as const);
      await db.insert(holds).values({ id: randomUUID(), customerId: pick(clients), variantId: pick([variantId, dearer]), storeId: store.id, staffId: pick(people), quantity: pick([1, 1, 2]), status, createdAt, expiresAt: new Date(createdAt.getTime() + Math.floor(random() * 72) * HOUR), resolvedAt: status === "active" ? null : new Date(createdAt.getTime() + 5 * HOUR), idempotencyKey: randomUUID() });
    }
    for (let i = 0; i < 120; i++) {
      const postedAt = when();
      const status = pick(["new", "new", "replied", "replied", "dismissed"] as const);
      const id = randomUUID();
      await db.insert(socialMentions).values({ id, network: "x", externalId: id, handle: "h", text: "t", url: "u", postedAt, storeId: store.id, status, customerId: random() < 0.7 ? pick(clients) : null, ...(status === "replied" ? { repliedAt: new Date(postedAt.getTime() + Math.floor(random() * 600) * 60_000), repliedByStaffId: random() < 0.9 ? pick(people) : null } : {}) });
    }
    for (let i = 0; i < 200; i++) await db.insert(contacts).values({ id: randomUUID(), customerId: pick(clients), staffId: pick(people), storeId: store.id, kind: "call", at: when() });
    for (let i = 0; i < 60; i++) await db.insert(notes).values({ id: randomUUID(), customerId: pick(clients), staffId: pick(people), storeId: store.id, body: "n", createdAt: when() });
    for (let i = 0; i < 40; i++) {
      const doneAt = when();
      const done = random() < 0.7;
      await db.insert(followUps).values({ id: randomUUID(), customerId: pick(clients), storeId: store.id, staffId: pick(people), createdByStaffId: people[0]!, dueOn: localDate(doneAt, zone), reason: "r", status: done ? "done" : "open", ...(done ? { doneAt, doneByStaffId: pick(people) } : {}) });
    }
    // Some answers come in later, some clients move.
    await db.update(customers).set({ assignedStaffId: people[2]! }).where(eq(customers.id, clients[0]!));

    const today = localDate(now, zone);
    const periods = [
      ...["7", "30", "90"].map((days) => resolvePeriod({ days }, { timeZone: zone, now }).period),
      resolvePeriod({ from: "2025-11-24", to: today }, { timeZone: zone, now }).period,
      resolvePeriod({ from: "2026-09-01", to: "2026-10-15" }, { timeZone: zone, now }).period, // ends before the latest contact
      resolvePeriod({ from: today, to: today }, { timeZone: zone, now }).period,
      resolvePeriod({ from: "2026-11-20", to: "2026-11-20" }, { timeZone: zone, now }).period,
    ];
    for (const at of [now, new Date(now.getTime() + 30 * HOUR)]) {
      for (const period of periods) {
        const label = `${period.firstDay}…${period.lastDay} at ${at.toISOString()}`;
        const rolled = await getStoreDashboard(db, { storeId: store.id, period, today, now: at });
        const counted = await getStoreDashboard(db, { storeId: store.id, period, today, now: at, countRows: true });
        expect(rolled, label).toEqual(counted);
        const edges = bucketEdges(period, zone);
        expect(await getStoreTrend(db, { storeId: store.id, edges }), label).toEqual(await getStoreTrend(db, { storeId: store.id, edges, countRows: true }));
      }
    }
    // The 90 days are not empty: the comparison compares something.
    const { totals } = await getStoreDashboard(db, { storeId: store.id, period: periods[2]!, today, now });
    expect(totals.holdsPlaced).toBeGreaterThan(50);
    expect(totals.stillOpen).toBeGreaterThan(0);
    expect(totals.expired).toBeGreaterThan(0);
    expect(totals.unansweredOver24h).toBeGreaterThan(0);
    expect(totals.clientsContacted).toBeGreaterThan(0);
    expect(totals.medianAnswerMinutes).not.toBeNull();
  });
});

describe("the contact roll-up's triggers", () => {
  it.runIf(process.env.SHOPKEEPER_TEST_DIALECT !== "pg")("find a customer's latest contact with a store through contacts_pair_idx, whatever the statistics say", async () => {
    const sqlite = (await openTestDatabase()).sqlite!;
    // The statements the triggers run, read from the triggers themselves, NEW.x and OLD.x as values.
    const triggers = sqlite.prepare("select sql from sqlite_master where type = 'trigger' and tbl_name = 'contacts'").all() as Array<{ sql: string }>;
    const selects = triggers.flatMap((t) => [...t.sql.matchAll(/SELECT (NEW|OLD)\.store_id,[^;]*?FROM contacts WHERE [^;]*/g)].map((m) => m[0].replace(/\b(NEW|OLD)\.\w+/g, "'x'")));
    expect(selects.length).toBeGreaterThanOrEqual(6);
    // Statistics of a busy store whose contacts index looks the narrowest: the plan must not follow them.
    sqlite.exec("ANALYZE");
    sqlite.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'contacts'");
    sqlite.exec("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('contacts', 'contacts_store_idx', '400000 2 1 1 1'), ('contacts', 'contacts_customer_idx', '400000 400 1'), ('contacts', 'contacts_pair_idx', '400000 400 400 400 1')");
    sqlite.exec("ANALYZE sqlite_schema"); // reloads the statistics just written
    for (const statement of selects) {
      const plan = (sqlite.prepare(`explain query plan ${statement}`).all() as Array<{ detail: string }>).map((r) => r.detail).join("\n");
      expect(plan, statement).toMatch(/SEARCH contacts USING COVERING INDEX contacts_pair_idx \(customer_id=\? AND store_id=\?/);
    }
  });
});

describe("medianMinutes", () => {
  /** The median as it was computed before: every time sorted, then the middle one or the mean of the middle two. */
  const sorted = (ms: number[]) => {
    const minutes = Float64Array.from(ms, (m) => m / 60000).sort();
    const middle = minutes.length >> 1;
    return minutes.length % 2 ? minutes[middle]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
  };

  it("is the middle answer time, or the mean of the middle two, as sorting gives it", () => {
    expect(medianMinutes([])).toBeNull();
    expect(medianMinutes([90_000])).toBe(1.5);
    expect(medianMinutes([120_000, 60_000])).toBe(1.5);
    expect(medianMinutes([300_000, 60_000, 120_000])).toBe(2);
    expect(medianMinutes([60_000, 60_000, 60_000, 240_000])).toBe(1);
    // Long lists, odd and even, with many equal times and times of no whole minute: selection finds what sorting finds.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const length of [2, 3, 601, 602, 10_000, 150_001]) {
      const ms = Array.from({ length }, () => (random() < 0.3 ? 600_000 : Math.floor(random() * 3000 * 60_000)));
      expect(medianMinutes(ms)).toBe(sorted(ms));
      expect(medianMinutes(ms.slice(0, length >> 2), [], ms.slice(length >> 2))).toBe(sorted(ms));
      expect(ms).toHaveLength(length);
    }
  });
});
