import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { currentDialect, runStatement, selectRows } from "@/db/dialect";
import { contacts, customers, holds, notes, productVariants, socialMentions } from "@/db/schema";
import type { Db } from "@/db";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./testing/factories";
import { extendHold, markHoldPickedUp, placeHold, releaseHold } from "./holds";
import { dismissMention, linkMentionToCustomer, replyToMention } from "./mentions";
import { addNote, deleteNote } from "./notes";
import { logContact } from "./contacts";
import { completeFollowUp, setFollowUp } from "./follow-ups";
import { reassignCustomers } from "./client-books";

const HOUR = 3_600_000;
const ROLLUPS = ["report_days", "report_hours", "report_contact_pairs"] as const;

/** The migration's backfill: the roll-ups computed again from the rows, by plain GROUP BY queries instead of triggers. */
function backfillStatements(): string[] {
  const folder = currentDialect() === "pg" ? "db/migrations-pg" : "db/migrations";
  const file = fs.readdirSync(folder).find((name) => name.endsWith("_report_rollups.sql"))!;
  return fs
    .readFileSync(path.join(folder, file), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => /^(INSERT|UPDATE)/.test(s));
}

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
  await db.transaction(async (tx) => {
    for (const table of ROLLUPS) await runStatement(tx, sql.raw(`delete from ${table}`));
    for (const statement of backfillStatements()) await runStatement(tx, sql.raw(statement));
  });
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
    await extendHold(db, { holdId: placed[3]!, storeId: store.id, staffId: sam, hours: 24, now: at(40) });

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
    await db.update(notes).set({ staffId: maya }).where(eq(notes.customerId, ben));
    await db.update(socialMentions).set({ postedAt: at(100) }).where(eq(socialMentions.id, fourth));
    await db.update(customers).set({ assignedStaffId: null }).where(eq(customers.id, ben));

    const { kept, fresh } = await recomputed(db);
    expect(kept.report_days!.length).toBeGreaterThan(5);
    expect(kept).toEqual(fresh);
  });
});
