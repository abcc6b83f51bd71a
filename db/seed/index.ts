import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, stores } from "@/db/schema";
import { seedCatalog, seedStoresAndStaff } from "./base";
import { scaleFor, seedCustomers } from "./customers";
import { Rng } from "./random";
import { seedAliciaStory } from "./story";
import { seedClientBooks } from "./client-books";

export const DEMO_CUSTOMERS = 2400;

export interface SeedOptions {
  customers?: number;
  /** The moment the demo data is relative to ("viewed 2 days ago"). */
  now?: Date;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** SQLite's writer connection, to tune it for a bulk load (db/index.ts OpenDatabase.sqlite). */
  sqlite?: import("better-sqlite3").Database;
}

export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(stores);
  return Number(row?.n ?? 0) > 0;
}

/** Fills an empty, migrated database with the demo retailer. Refuses a database that has data. */
export async function seedDatabase(db: Db, options: SeedOptions = {}) {
  if (await isSeeded(db)) throw new Error("The database already has data; seed an empty database.");
  const now = options.now ?? new Date();
  const count = options.customers ?? DEMO_CUSTOMERS;
  const rng = new Rng(options.seed ?? 20261123);
  // Bulk load on SQLite: index inserts land in random order, so keep a large
  // page cache and checkpoint the WAL rarely; an interrupted seed is simply
  // re-run on a fresh file. Normal durability is restored at the end.
  const sqlite = options.sqlite;
  // Up to ~6 GB of cache for a million-customer seed: the whole file fits, so
  // random-order index inserts never wait on the disk.
  sqlite?.pragma(`cache_size = -${Math.min(6_000_000, 64_000 + count * 6)}`);
  sqlite?.pragma("synchronous = OFF");
  sqlite?.pragma("wal_autocheckpoint = 100000");

  const seededStores = await seedStoresAndStaff(db, rng, now);
  const catalog = await seedCatalog(db, rng, seededStores);
  const story = await seedAliciaStory(db, { rng, stores: seededStores, catalog, now });
  await seedCustomers(db, {
    rng,
    stores: seededStores,
    catalog,
    scale: scaleFor(Math.max(0, count - 1)),
    now,
    onProgress: (done) => options.onProgress?.(done + 1, count),
  });

  await seedClientBooks(db, { rng: new Rng((options.seed ?? 20261123) + 5), stores: seededStores, now, storyCustomerId: story.customerId });

  // A few recently opened profiles per associate, so nobody starts on a blank screen.
  const views: Array<typeof auditLog.$inferInsert> = [];
  for (const store of seededStores) {
    for (const staffId of store.associateIds) {
      const recent = await db
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.assignedStaffId, staffId), sql`${customers.id} <> ${story.customerId}`))
        .orderBy(asc(customers.id))
        .limit(4);
      recent.forEach((c, i) =>
        views.push({ id: rng.id(), at: new Date(now.getTime() - (i + 1) * 5_400_000), staffId, storeId: store.id, action: "customer.viewed", targetType: "customer", targetId: c.id, customerId: c.id }),
      );
    }
  }
  if (views.length) await db.insert(auditLog).values(views);
  sqlite?.pragma("wal_checkpoint(TRUNCATE)");
  sqlite?.pragma("synchronous = NORMAL");
  sqlite?.pragma("wal_autocheckpoint = 1000");
  sqlite?.pragma("cache_size = -2000");
  return { stores: seededStores, catalog, story };
}
