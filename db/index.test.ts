import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase, POOL_IDLE_SECONDS, type OpenDatabase } from "@/db";
import { currentDialect } from "@/db/dialect";
import { stores } from "@/db/schema";
import { createTestDb, openTestDatabase } from "@/lib/testing/db";
import { createStore } from "@/lib/testing/factories";

/** A promise and the function that settles it, to hold a transaction open at a chosen point. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const storeRow = (id: string) => ({ id, name: id, city: "Testville", address: "1 Test Street", phone: "+12125550100", timezone: "UTC", openingHours: {} });

describe("transactions on either database", () => {
  it("a read while another request's transaction is open never sees its rows, before or after it rolls back", async () => {
    const db = await createTestDb();
    const inserted = gate();
    const finish = gate();
    const request = db
      .transaction(async (tx) => {
        await tx.insert(stores).values(storeRow("uncommitted"));
        inserted.open();
        await finish.opened;
        throw new Error("the request failed");
      })
      .catch((error: Error) => error.message);

    await inserted.opened;
    // Another request reads while the transaction is open.
    expect(await db.select().from(stores).where(eq(stores.id, "uncommitted"))).toEqual([]);
    finish.open();
    expect(await request).toBe("the request failed");
    expect(await db.select().from(stores).where(eq(stores.id, "uncommitted"))).toEqual([]);
  });

  it("another request's write waits for the open transaction and survives its rollback", async () => {
    const db = await createTestDb();
    const inserted = gate();
    const finish = gate();
    const failing = db
      .transaction(async (tx) => {
        await tx.insert(stores).values(storeRow("rolled-back"));
        inserted.open();
        await finish.opened;
        throw new Error("rolled back");
      })
      .catch(() => "rolled back");
    await inserted.opened;
    const other = createStore(db, { id: "kept", name: "Kept" });
    finish.open();
    await Promise.all([failing, other]);
    const ids = (await db.select({ id: stores.id }).from(stores)).map((s) => s.id);
    expect(ids).toContain("kept");
    expect(ids).not.toContain("rolled-back");
  });

  it("a nested transaction is a savepoint: its failure undoes only its own writes", async () => {
    const db = await createTestDb();
    await db.transaction(async (tx) => {
      await tx.insert(stores).values(storeRow("outer"));
      await tx
        .transaction(async (sp) => {
          await sp.insert(stores).values(storeRow("inner"));
          throw new Error("inner failed");
        })
        .catch(() => {});
    });
    const ids = (await db.select({ id: stores.id }).from(stores)).map((s) => s.id);
    expect(ids).toEqual(["outer"]);
  });
});

describe.runIf(currentDialect() === "sqlite")("the SQLite transaction runner", () => {
  it("refuses a write through the database handle from inside an open transaction, instead of waiting for itself forever", async () => {
    const db = await createTestDb();
    const result = await db
      .transaction(async () => {
        await db.insert(stores).values(storeRow("outside"));
      })
      .catch((error: Error) => error.message);
    expect(result).toMatch(/pass the open transaction \(tx\) down/);
    expect(await db.select().from(stores)).toEqual([]);
  });

  it("runs transactions from concurrent requests one at a time, each seeing the last one's writes", async () => {
    const db = await createTestDb();
    await db.insert(stores).values({ ...storeRow("counter"), name: "0" });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.select({ name: stores.name }).from(stores).where(eq(stores.id, "counter"));
          await new Promise((r) => setTimeout(r, 1));
          await tx.update(stores).set({ name: String(Number(row!.name) + 1) }).where(eq(stores.id, "counter"));
        }),
      ),
    );
    const [row] = await db.select({ name: stores.name }).from(stores).where(eq(stores.id, "counter"));
    expect(row!.name).toBe("20");
  });
});

describe.runIf(currentDialect() === "pg")("PostgreSQL connections", () => {
  // A new connection's first statements are slow (db/index.ts): a quiet store's are kept, not closed after pg's 10 s.
  it("keeps an unused connection for DATABASE_POOL_IDLE_SECONDS, 300 s unless set, and closes it after that", async () => {
    const { pool } = await openTestDatabase();
    const url = (pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const kept = await openDatabase({ dialect: "pg", url }, { migrate: false, poolSize: 1 });
    const brief = await openDatabase({ dialect: "pg", url }, { migrate: false, poolSize: 1, poolIdleSeconds: 1 });
    try {
      expect(POOL_IDLE_SECONDS).toBe(300);
      expect((kept.pool as unknown as { options: { idleTimeoutMillis: number } }).options.idleTimeoutMillis).toBe(300_000);
      const backend = async (database: OpenDatabase) => (await database.pool!.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
      const [keptBefore, briefBefore] = [await backend(kept), await backend(brief)];
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      // The same server process: the connection was kept.
      expect(await backend(kept)).toBe(keptBefore);
      // Idle longer than its 1 s: closed, and the next statement opened another.
      expect(await backend(brief)).not.toBe(briefBefore);
    } finally {
      await kept.close();
      await brief.close();
    }
  });
});
