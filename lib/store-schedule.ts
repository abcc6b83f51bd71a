import "server-only";
import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "@/db";
import { storeClosures, stores } from "@/db/schema";
import { recordAudit } from "./audit";
import { addDays, localDate } from "./dates";
import { parseWeeklyHours, serializeWeeklyHours, type StoreSchedule, type WeeklyHours } from "./store-hours";

type Reader = Pick<Db, "select">;

/**
 * A store's hours and its closures from yesterday on (earlier ones decide
 * nothing any more), or null for an unknown store.
 */
export async function getStoreSchedule(db: Reader, { storeId, now = new Date() }: { storeId: string; now?: Date }): Promise<StoreSchedule | null> {
  const [store] = await db.select({ timeZone: stores.timezone, openingHours: stores.openingHours }).from(stores).where(eq(stores.id, storeId)).limit(1);
  if (!store) return null;
  const since = addDays(localDate(now, store.timeZone), -1);
  const closed = await db
    .select({ day: storeClosures.day, reason: storeClosures.reason })
    .from(storeClosures)
    .where(and(eq(storeClosures.storeId, storeId), gte(storeClosures.day, since)))
    .orderBy(asc(storeClosures.day));
  return { timeZone: store.timeZone, hours: parseWeeklyHours(store.openingHours), closures: new Map(closed.map((c) => [c.day, c.reason])) };
}

/** Sets the store's weekly hours; the audit entry keeps what they became. */
export async function updateStoreHours(db: Db, { storeId, staffId, hours, now = new Date() }: { storeId: string; staffId: string; hours: WeeklyHours; now?: Date }) {
  const openingHours = serializeWeeklyHours(hours);
  await db.transaction(async (tx) => {
    await tx.update(stores).set({ openingHours }).where(eq(stores.id, storeId));
    await recordAudit(tx, { staffId, storeId, action: "store.hours_changed", targetType: "store", targetId: storeId, detail: { openingHours } }, now);
  });
}

/** Closes the store for a whole day; closing an already closed day only changes its reason. */
export async function addStoreClosure(db: Db, { storeId, staffId, day, reason, now = new Date() }: { storeId: string; staffId: string; day: string; reason: string | null; now?: Date }) {
  await db.transaction(async (tx) => {
    await tx.insert(storeClosures).values({ storeId, day, reason, createdAt: now }).onConflictDoUpdate({ target: [storeClosures.storeId, storeClosures.day], set: { reason } });
    await recordAudit(tx, { staffId, storeId, action: "store.closure_added", targetType: "store", targetId: storeId, detail: { day, reason } }, now);
  });
}

/** Opens a closed day again; false when this store had no closure that day. */
export async function removeStoreClosure(db: Db, { storeId, staffId, day, now = new Date() }: { storeId: string; staffId: string; day: string; now?: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(storeClosures)
      .where(and(eq(storeClosures.storeId, storeId), eq(storeClosures.day, day)))
      .returning({ day: storeClosures.day });
    if (!removed.length) return false;
    await recordAudit(tx, { staffId, storeId, action: "store.closure_removed", targetType: "store", targetId: storeId, detail: { day } }, now);
    return true;
  });
}
