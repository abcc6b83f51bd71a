import "server-only";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { aliasTable } from "@/db/dialect";
import { auditLog, customers, staff } from "@/db/schema";
import { AUDIT_ACTION_NAMES, isAuditAction } from "./audit-actions";
import { CONTACT_LABELS } from "./contacts-labels";
import { addDays, formatIsoDate, isIsoDate, startOfLocalDay } from "./dates";
import { plural } from "./format";
import { NETWORK_LABELS } from "./networks";
import { describeDayHours, parseWeeklyHours, WEEKDAY_NAMES, WEEKDAYS } from "./store-hours";

export const AUDIT_PAGE_SIZE = 50;

const id = z.string().max(64).regex(/^[A-Za-z0-9_-]*$/);
const day = z.string().refine((v) => v === "" || isIsoDate(v));

/** Filters from the query string; anything malformed is dropped rather than guessed at. */
export const auditParams = z.object({
  staff: id.catch(""),
  customer: id.catch(""),
  action: z.enum(AUDIT_ACTION_NAMES).or(z.literal("")).catch(""),
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

const CHANNELS: Record<string, string> = { email: "email", sms: "text message", in_store: "QR code in store" };
const CONSENT_CHANNELS: Record<string, string> = { email: "email", sms: "text messages", phone: "phone calls" };
const text = (value: unknown) => (typeof value === "string" ? value : "");
const quote = (value: unknown, length = 80) => {
  const t = text(value);
  return t ? `“${t.length > length ? `${t.slice(0, length - 1)}…` : t}”` : "";
};

/** "Mon 10:00 AM – 8:00 PM, Sun closed": the week as saved, on the same clock as every other time. */
function describeWeek(stored: Record<string, string>): string {
  const hours = parseWeeklyHours(stored);
  return WEEKDAYS.map((day) => `${WEEKDAY_NAMES[day].slice(0, 3)} ${hours[day] ? describeDayHours(hours[day]) : "closed"}`).join(", ");
}

/** A one-line reading of an entry's detail in words, for the table and the CSV (never a raw code or ISO date). */
export function describeDetail(entry: { action: string; detail: Record<string, unknown> | null }, names: Map<string, string>, timeZone: string): string {
  const d = entry.detail ?? {};
  const day = (value: unknown) => (typeof value === "string" && isIsoDate(value) ? formatIsoDate(value, { withYear: true }) : "");
  const moment = (value: unknown) => {
    const at = typeof value === "string" ? new Date(value) : null;
    return at && !Number.isNaN(at.getTime()) ? at.toLocaleString("en-US", { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }) : "";
  };
  if (!isAuditAction(entry.action)) return "";
  switch (entry.action) {
    case "customer.reassigned":
      return `From ${d.from ? (names.get(String(d.from)) ?? "someone") : "nobody"} to ${names.get(String(d.to)) ?? "someone"}`;
    case "customer.created":
      return d.from === "mention" ? "From a social post" : "";
    case "customer.reassign_undone":
      return `From ${d.from ? (names.get(String(d.from)) ?? "someone") : "nobody"} to ${d.to ? (names.get(String(d.to)) ?? "someone") : "nobody"}`;
    case "preferences.updated":
    case "customer.preferences_corrected":
      return Array.isArray(d.fields) ? `Changed: ${d.fields.join(", ")}` : "";
    case "follow_up.set":
      return [day(d.dueOn) && `Due ${day(d.dueOn)}`, text(d.reason)].filter(Boolean).join(": ");
    case "contact.logged":
      return CONTACT_LABELS[d.kind as keyof typeof CONTACT_LABELS] ?? "";
    case "link.sent": {
      const items = typeof d.holds === "number" ? plural(d.holds, "item") : "";
      return [CHANNELS[text(d.channel)] && `By ${CHANNELS[text(d.channel)]}`, items].filter(Boolean).join(", ");
    }
    case "customer.consent_withdrawn":
    case "customer.consent_given":
      return [CONSENT_CHANNELS[text(d.channel)] && `For ${CONSENT_CHANNELS[text(d.channel)]}`, d.by === "sms" && "by texting the store"].filter(Boolean).join(", ");
    case "message.sent":
      return d.mentionId ? `Reply on ${NETWORK_LABELS[d.channel as keyof typeof NETWORK_LABELS] ?? "a network"}` : d.inReplyTo ? "Answering their text" : "";
    case "message.retried":
      return CHANNELS[text(d.channel)] ? `By ${CHANNELS[text(d.channel)]}` : (NETWORK_LABELS[d.channel as keyof typeof NETWORK_LABELS] ?? "");
    case "account.connected":
    case "account.disconnected":
      return [NETWORK_LABELS[d.network as keyof typeof NETWORK_LABELS], text(d.username) && `@${text(d.username)}`].filter(Boolean).join(" ");
    case "message.received":
      return typeof d.keyword === "string" ? { stop: "Texted STOP", start: "Texted START", help: "Texted HELP" }[d.keyword] ?? "" : "";
    case "hold.placed":
    case "hold.extended":
      return moment(d.expiresAt) && `Until ${moment(d.expiresAt)}`;
    case "store.hours_changed":
      return d.openingHours && typeof d.openingHours === "object" ? describeWeek(d.openingHours as Record<string, string>) : "";
    case "store.closure_added":
      return [day(d.day), text(d.reason)].filter(Boolean).join(": ");
    case "store.closure_removed":
      return day(d.day);
    case "mention.replied":
      return quote(d.reply);
    case "mention.customer_linked": {
      const network = NETWORK_LABELS[d.network as keyof typeof NETWORK_LABELS] ?? "";
      const posts = typeof d.posts === "number" ? plural(d.posts, "post") : "";
      return [text(d.handle) && `${network ? `${network} ` : ""}@${text(d.handle).replace(/^@/, "")}`, posts].filter(Boolean).join(", ");
    }
    case "note.edited":
      return d.previous ? `Was ${quote(d.previous)}` : "";
    case "note.deleted":
      return quote(d.body);
    case "customers.imported":
      return [text(d.fileName), typeof d.created === "number" ? `${d.created} added` : "", typeof d.updated === "number" ? `${d.updated} updated` : "", typeof d.rejected === "number" && d.rejected ? `${d.rejected} refused` : ""].filter(Boolean).join(", ");
    case "source_key.created":
    case "source_key.revoked":
      return text(d.name);
    default:
      return text(d.outcome);
  }
}
