import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customerPreferences, staff } from "@/db/schema";
import { dateFormat, localDate } from "@/lib/dates";
import { formatStoreDateTime } from "@/lib/store-hours";
import type { OfflineActor } from "./apply-change";

// What a store associate reads when a change she made offline no longer fits
// what happened meanwhile: who did what, naming people and the customer by
// first name, and what she can do about it.

export interface Customer {
  id: string;
  firstName: string;
  assignedStaffId: string | null;
}

const SEND_OR_DISCARD = "Send it anyway, or discard it.";

async function staffName(tx: Pick<Db, "select">, id: string): Promise<string | null> {
  const [row] = await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, id)).limit(1);
  return row?.name ?? null;
}

async function bookOf(tx: Pick<Db, "select">, me: OfflineActor, staffId: string): Promise<string> {
  if (staffId === me.id) return "your client book";
  const name = await staffName(tx, staffId);
  return name ? `${name}'s client book` : "another associate's client book";
}

/** The customer is no longer in the client book the tablet showed. */
export async function reassigned(tx: Pick<Db, "select">, me: OfflineActor, customer: Customer, seen: string | null): Promise<string> {
  if (customer.assignedStaffId) return `${customer.firstName} was moved to ${await bookOf(tx, me, customer.assignedStaffId)} while you were offline. ${SEND_OR_DISCARD}`;
  const from = seen ? ` was taken out of ${await bookOf(tx, me, seen)} and` : "";
  return `${customer.firstName}${from} has no associate now: that changed while you were offline. ${SEND_OR_DISCARD}`;
}

/**
 * The preferences changed since the tablet showed them (saved from another
 * device, or corrected by the customer on her page), or null when they did not.
 */
export async function preferencesChanged(tx: Pick<Db, "select">, me: OfflineActor, customer: Customer, seenUpdatedAt: number | null): Promise<string | null> {
  const [current] = await tx
    .select({ updatedAt: customerPreferences.updatedAt, byStaffId: customerPreferences.updatedByStaffId, byName: staff.name })
    .from(customerPreferences)
    .leftJoin(staff, eq(staff.id, customerPreferences.updatedByStaffId))
    .where(eq(customerPreferences.customerId, customer.id))
    .limit(1);
  const updatedAt = current?.updatedAt.getTime() ?? null;
  if (updatedAt === seenUpdatedAt) return null;
  const what = `${customer.firstName}'s preferences`;
  const then = "Send yours anyway to replace them, or discard yours.";
  if (!current) return `${what} were cleared while you were offline. ${then}`;
  const when = formatStoreDateTime(current.updatedAt, me.storeTimezone);
  if (!current.byStaffId) return `${customer.firstName} updated their preferences from their own page on ${when}, while you were offline. ${then}`;
  const who = current.byStaffId === me.id ? "You" : (current.byName ?? "A colleague");
  return `${who} changed ${what} on ${when}${current.byStaffId === me.id ? " on another device" : ""}, while you were offline. ${then}`;
}

/** When a hold ends, on the store's clock: "Tue 8:00 PM" this week, "Tue, Dec 8, 8:00 PM" beyond. */
export function describeHoldEnd(expiresAt: Date, now: Date, timeZone: string): string {
  if (localDate(expiresAt, timeZone) === localDate(now, timeZone)) return `today ${formatTime(expiresAt, timeZone)}`;
  if (expiresAt.getTime() - now.getTime() < 6 * 86_400_000) return `${dateFormat("en-US", { weekday: "short", timeZone }).format(expiresAt)} ${formatTime(expiresAt, timeZone)}`;
  return formatStoreDateTime(expiresAt, timeZone);
}

function formatTime(at: Date, timeZone: string): string {
  return dateFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(at);
}
