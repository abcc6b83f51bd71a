import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, inboundMessages, stores } from "@/db/schema";
import { seedCatalog, seedStoresAndStaff, type SeededStore } from "./base";
import { scaleFor, seedCustomers } from "./customers";
import { Rng } from "./random";
import { seedAliciaStory } from "./story";
import { seedClientBooks } from "./client-books";
import { seedAppointments } from "./appointments";

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
  await seedWaitingMessages(db, { rng, store: seededStores[0]!, storyCustomerId: story.customerId, now });
  // Its own sequence, so everything above stays as it was.
  await seedAppointments(db, { rng: new Rng((options.seed ?? 20261123) + 7), store: seededStores[0]!, storyCustomerId: story.customerId, now });
  sqlite?.pragma("wal_checkpoint(TRUNCATE)");
  sqlite?.pragma("synchronous = NORMAL");
  sqlite?.pragma("wal_autocheckpoint = 1000");
  sqlite?.pragma("cache_size = -2000");
  return { stores: seededStores, catalog, story };
}

/**
 * A few texts and an email waiting at the flagship, so the inbox shows every
 * channel from the start: from clients of an associate other than the
 * story's, one of them waiting for more than a day. Seeded last, so the
 * random sequence everything else draws from is unchanged.
 */
async function seedWaitingMessages(db: Db, { rng, store, storyCustomerId, now }: { rng: Rng; store: SeededStore; storyCustomerId: string; now: Date }) {
  const colleague = store.associateIds[1] ?? store.associateIds[0]!;
  const writers = await db
    .select({ id: customers.id, email: customers.email, phone: customers.phone })
    .from(customers)
    .where(and(eq(customers.assignedStaffId, colleague), sql`${customers.id} <> ${storyCustomerId}`, sql`${customers.phone} is not null`, sql`${customers.email} is not null`))
    .orderBy(asc(customers.id))
    .limit(3);
  const messages = [
    { channel: "sms" as const, body: "Hi! Is the camel wrap coat back in a medium yet?", minutesAgo: 25 },
    { channel: "sms" as const, body: "Running 10 minutes late for my fitting, sorry!", minutesAgo: 140 },
    { channel: "email" as const, body: "Could you put the black ankle boots aside for me in a 38 until Saturday? Thank you.", minutesAgo: 26 * 60 },
  ];
  const rows = writers.map((writer, i) => {
    const m = messages[i]!;
    return {
      id: rng.id(),
      customerId: writer.id,
      storeId: store.id,
      channel: m.channel,
      sender: m.channel === "sms" ? writer.phone! : writer.email!,
      body: m.body,
      providerId: `seed-${i}`,
      status: "waiting" as const,
      receivedAt: new Date(now.getTime() - m.minutesAgo * 60_000),
    };
  });
  if (rows.length) await db.insert(inboundMessages).values(rows);
}
