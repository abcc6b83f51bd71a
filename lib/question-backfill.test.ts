import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { customerLinks, linkResponses, outbox } from "@/db/schema";
import { currentDialect, runStatement } from "@/db/dialect";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";

// Migration conversations (SQLite 0023, PostgreSQL 0016) gives questions asked
// on a customer's page an answered_at, and fills it for questions answered
// before the column existed: when the store's first answer on her page after
// the question went out, and by whom.
describe("migration conversations: questions already answered", () => {
  it("are answered at the first page answer after them; a later question without one still waits", async () => {
    const db = await createTestDb();
    const store = (await createStore(db)).id;
    const maya = (await createStaff(db, { storeId: store, name: "Maya Chen" })).id;
    const sam = (await createStaff(db, { storeId: store, name: "Sam Okafor" })).id;
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 15) + minutes * 60_000);
    const linkId = randomUUID();
    await db.insert(customerLinks).values({ id: linkId, customerId, storeId: store, staffId: maya, tokenHash: randomUUID(), channel: "email", message: "", createdAt: at(0), expiresAt: at(10_000) });
    const ask = async (minutes: number, detail: string) => {
      const id = randomUUID();
      await db.insert(linkResponses).values({ id, linkId, customerId, storeId: store, kind: "question", detail, createdAt: at(minutes) });
      return id;
    };
    const answer = (minutes: number, staffId: string) =>
      db.insert(outbox).values({ id: randomUUID(), customerId, linkId, storeId: store, staffId, channel: "page", recipient: "Her page", body: "An answer", transport: "page", status: "delivered", createdAt: at(minutes) });
    const first = await ask(10, "In a 6?");
    await answer(20, sam);
    await answer(25, maya);
    const second = await ask(30, "And Friday?");
    const coming = randomUUID();
    await db.insert(linkResponses).values({ id: coming, linkId, customerId, storeId: store, kind: "coming", detail: "Friday", createdAt: at(5) });

    const file = currentDialect() === "pg" ? "db/migrations-pg/0016_conversations.sql" : "db/migrations/0023_conversations.sql";
    const backfill = fs.readFileSync(path.resolve(file), "utf8").split("--> statement-breakpoint").at(-1)!;
    expect(backfill).toMatch(/^\s*-- Questions answered before/);
    await db.transaction((tx) => runStatement(tx, sql.raw(backfill)));

    const state = async (id: string) => (await db.select({ at: linkResponses.answeredAt, by: linkResponses.answeredByStaffId }).from(linkResponses).where(eq(linkResponses.id, id)))[0];
    expect(await state(first)).toEqual({ at: at(20), by: sam });
    expect(await state(second)).toEqual({ at: null, by: null });
    expect(await state(coming)).toEqual({ at: null, by: null });
  });
});
