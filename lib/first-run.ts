import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { staff } from "@/db/schema";

/** The one command that fills an empty database with the demo retailer (it refuses a database that has data). */
export const DEMO_DATA_COMMAND = "npm run db:seed";

export const NO_STAFF_MESSAGE = `This database has no staff accounts yet, so no one can sign in. To try Shopkeeper with the demo store, run \`${DEMO_DATA_COMMAND}\` with the same database settings, then sign in as maya@shop.example with the password shopkeeper.`;

let seenStaff = false;

/**
 * Whether anyone can sign in at all. Once staff exist the answer is kept for
 * the life of the process (accounts are deactivated, never all deleted), so
 * the sign-in page reads the database only until the first account appears.
 */
export async function hasStaffAccounts(db: Db): Promise<boolean> {
  if (seenStaff) return true;
  const [row] = await db.select({ one: sql<number>`1` }).from(staff).limit(1);
  seenStaff = row !== undefined;
  return seenStaff;
}

/** At server start: an empty database says so in the log, with the command that adds the demo data. */
export async function warnIfNoStaff(db: Db, log: (message: string) => void = console.warn): Promise<boolean> {
  if (await hasStaffAccounts(db)) return false;
  log(`Shopkeeper: ${NO_STAFF_MESSAGE}`);
  return true;
}

/** For tests: forget what was seen. */
export function forgetStaffSeen() {
  seenStaff = false;
}
