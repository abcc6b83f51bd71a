import "server-only";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { aliasTable } from "@/db/dialect";
import { auditLog, customers, staff } from "@/db/schema";
import { addDays, isIsoDate, startOfLocalDay } from "./dates";
import { describeDayHours, parseWeeklyHours, WEEKDAY_NAMES, WEEKDAYS } from "./store-hours";

/** How each recorded action reads for a manager. Unknown ones show as recorded. */
export const AUDIT_ACTIONS: Record<string, string> = {
  "customer.viewed": "Viewed the profile",
  "customer.reassigned": "Moved to another associate",
  "preferences.updated": "Changed preferences",
  "note.added": "Added a note",
  "note.edited": "Edited a note",
  "note.deleted": "Deleted a note",
  "hold.placed": "Put an item aside",
  "hold.picked_up": "Marked a hold picked up",
  "hold.released": "Released a hold",
  "hold.expired": "Closed an expired hold",
  "hold.extended": "Extended a hold",
  "link.sent": "Sent the customer a link",
  "link.revoked": "Turned a link off",
  "mention.replied": "Answered a post",
  "mention.dismissed": "Dismissed a post",
  "mention.product_linked": "Linked a post to a product",
  "follow_up.set": "Set a follow-up",
  "follow_up.done": "Did a follow-up",
  "follow_up.cancelled": "Removed a follow-up",
  "contact.logged": "Logged a call, message or visit",
  "customer.coming": "Customer said when they will come",
  "customer.released": "Customer let an item go",
  "customer.question": "Customer asked a question",
  "customer.preferences_corrected": "Customer corrected their details",
  "customer.consent_withdrawn": "Customer withdrew consent",
  "customer.handle_unlinked": "Customer unlinked a social handle",
  "customer.erasure_requested": "Customer asked to be forgotten",
  "customer.created_from_events": "Created from the online store's events",
  "customers.imported": "Imported customers from a file",
  "source_key.created": "Created an event source key",
  "source_key.revoked": "Revoked an event source key",
  "store.hours_changed": "Changed the store's opening hours",
  "store.closure_added": "Closed the store for a day",
  "store.closure_removed": "Reopened a closed day",
};

export const AUDIT_PAGE_SIZE = 50;

const id = z.string().max(64).regex(/^[A-Za-z0-9_-]*$/);
const day = z.string().refine((v) => v === "" || isIsoDate(v));

/** Filters from the query string; anything malformed is dropped rather than guessed at. */
export const auditParams = z.object({
  staff: id.catch(""),
  customer: id.catch(""),
  action: z.string().max(60).regex(/^[a-z_.]*$/).catch(""),
  from: day.catch(""),
  to: day.catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditParams = z.infer<typeof auditParams>;

/**
 * A page of the store's audit trail, newest first, filtered by who, which
 * customer, what and when. Only entries recorded at this store are visible.
 * One extra row tells whether there is a next page, so no count(*) runs over
 * a log that grows with every profile view.
 */
export async function listAudit(db: Db, { storeId, timeZone, params, limit = AUDIT_PAGE_SIZE }: { storeId: string; timeZone: string; params: AuditParams; limit?: number }) {
  const actor = aliasTable(staff, "actor");
  const conditions: (SQL | undefined)[] = [eq(auditLog.storeId, storeId)];
  if (params.staff) conditions.push(eq(auditLog.staffId, params.staff));
  if (params.customer) conditions.push(eq(auditLog.customerId, params.customer));
  if (params.action) conditions.push(eq(auditLog.action, params.action));
  if (params.from) conditions.push(gte(auditLog.at, startOfLocalDay(params.from, timeZone)));
  if (params.to) conditions.push(lt(auditLog.at, startOfLocalDay(addDays(params.to, 1), timeZone)));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      targetType: auditLog.targetType,
      detail: auditLog.detail,
      staff: { id: actor.id, name: actor.name },
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.staffId))
    .leftJoin(customers, eq(customers.id, auditLog.customerId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1)
    .offset((params.page - 1) * limit);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** Who did it, when no staff member did: the customer on their page, or the shop's systems. */
export function actorWithoutStaff(action: string): string {
  return action.startsWith("customer.") && action !== "customer.created_from_events" ? "The customer" : "The online store";
}

/** A one-line reading of an entry's detail, for the table and the CSV. */
/** "Mon 10:00 AM – 8:00 PM, Sun closed": the week as saved, on the same clock as every other time. */
function describeWeek(stored: Record<string, string>): string {
  const hours = parseWeeklyHours(stored);
  return WEEKDAYS.map((day) => `${WEEKDAY_NAMES[day].slice(0, 3)} ${hours[day] ? describeDayHours(hours[day]) : "closed"}`).join(", ");
}

export function describeDetail(entry: { action: string; detail: Record<string, unknown> | null }, names: Map<string, string>): string {
  const d = entry.detail ?? {};
  switch (entry.action) {
    case "customer.reassigned":
      return `From ${d.from ? (names.get(String(d.from)) ?? "someone") : "nobody"} to ${names.get(String(d.to)) ?? "someone"}`;
    case "preferences.updated":
    case "customer.preferences_corrected":
      return Array.isArray(d.fields) ? `Fields: ${d.fields.join(", ")}` : "";
    case "follow_up.set":
      return `Due ${d.dueOn}: ${d.reason}`;
    case "contact.logged":
      return String(d.kind ?? "");
    case "link.sent":
      return `By ${d.channel}, ${d.holds} item(s)`;
    case "store.hours_changed":
      return d.openingHours && typeof d.openingHours === "object" ? describeWeek(d.openingHours as Record<string, string>) : "";
    case "store.closure_added":
      return `${d.day}${d.reason ? `: ${d.reason}` : ""}`;
    case "store.closure_removed":
      return String(d.day ?? "");
    case "mention.replied":
      return typeof d.reply === "string" ? `“${d.reply.slice(0, 80)}”` : "";
    default:
      return typeof d.outcome === "string" ? d.outcome : "";
  }
}
