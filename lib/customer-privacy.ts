import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, customerHandles, customerPreferences, customers, erasureRequests, staff, stores } from "@/db/schema";
import { reindexCustomer } from "./customers";
import { updatePreferences } from "./preferences";
import { activeLink } from "./customer-links";

const ERASURE_DAYS = 30;

/** Staff actions shown to the customer in plain words. Anything else is summarised. */
const ACTIONS: Record<string, string> = {
  "customer.viewed": "looked at your profile",
  "note.added": "added a note",
  "note.edited": "changed a note",
  "preferences.updated": "updated your preferences",
  "hold.placed": "set an item aside",
  "hold.picked_up": "handed over an item",
  "hold.released": "released an item",
  "hold.extended": "extended a hold",
  "link.sent": "sent you this page",
  "mention.replied": "answered your post",
};

/**
 * What the store keeps about the customer, for their own eyes: contact and
 * consent, sizes and preferences, linked handles, and who on the staff looked
 * or changed things (first name and store only). Never notes, browsing or
 * anything about anyone else.
 */
export async function getPrivacyView(db: Db, { token, now = new Date() }: { token: string; now?: Date }) {
  const link = await activeLink(db, token, now);
  if (!link) return null;
  const { customerId } = link;
  const [[contact], [preferences], handles, access, [erasure]] = await Promise.all([
    db.select({ email: customers.email, phone: customers.phone, consentEmail: customers.consentEmail, consentSms: customers.consentSms, consentPhone: customers.consentPhone }).from(customers).where(eq(customers.id, customerId)),
    db.select({ sizes: customerPreferences.sizes, colours: customerPreferences.colours, brands: customerPreferences.brands, styles: customerPreferences.styles, priceMinCents: customerPreferences.priceMinCents, priceMaxCents: customerPreferences.priceMaxCents }).from(customerPreferences).where(eq(customerPreferences.customerId, customerId)),
    db.select({ id: customerHandles.id, network: customerHandles.network, handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, customerId)).orderBy(asc(customerHandles.network), asc(customerHandles.handle)),
    db
      .select({ at: auditLog.at, action: auditLog.action, staffName: staff.name, storeName: stores.name })
      .from(auditLog)
      .innerJoin(staff, eq(staff.id, auditLog.staffId))
      .innerJoin(stores, eq(stores.id, staff.storeId))
      .where(and(eq(auditLog.customerId, customerId), isNotNull(auditLog.staffId)))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(30),
    db.select({ requestedAt: erasureRequests.requestedAt }).from(erasureRequests).where(and(eq(erasureRequests.customerId, customerId), eq(erasureRequests.status, "open"))).limit(1),
  ]);
  if (!contact) return null;
  return {
    contact,
    preferences: preferences ?? null,
    handles,
    access: access.map((a) => ({ at: a.at, who: `${a.staffName.split(" ")[0]}, ${a.storeName}`, what: ACTIONS[a.action] ?? "worked on your record" })),
    erasureRequestedAt: erasure?.requestedAt ?? null,
  };
}

export type PrivacyResult = { ok: true } | { ok: false; reason: "inactive" | "not_found" };

type Change = { kind: "withdraw"; channel: "email" | "sms" | "phone" } | { kind: "unlink"; handleId: string } | { kind: "erase" };

/** The customer's own changes, each on record in the audit log with no staff member. */
export async function applyPrivacyChange(db: Db, { token, change, now = new Date() }: { token: string; change: Change; now?: Date }): Promise<PrivacyResult> {
  return db.transaction(async (tx): Promise<PrivacyResult> => {
    const link = await activeLink(tx, token, now);
    if (!link) return { ok: false, reason: "inactive" };
    const { customerId, storeId } = link;
    let detail: Record<string, unknown> = {};
    if (change.kind === "withdraw") {
      const column = { email: { consentEmail: false }, sms: { consentSms: false }, phone: { consentPhone: false } }[change.channel];
      await tx.update(customers).set(column).where(eq(customers.id, customerId));
      detail = { channel: change.channel };
    } else if (change.kind === "unlink") {
      const deleted = await tx
        .delete(customerHandles)
        .where(and(eq(customerHandles.id, change.handleId), eq(customerHandles.customerId, customerId)))
        .returning({ id: customerHandles.id });
      if (!deleted.length) return { ok: false, reason: "not_found" };
      await reindexCustomer(tx, customerId);
      detail = { handleId: deleted[0]!.id };
    } else {
      // One open request per customer, however often (or however quickly twice) she asks.
      await forUpdate(tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1));
      const [open] = await tx.select({ id: erasureRequests.id }).from(erasureRequests).where(and(eq(erasureRequests.customerId, customerId), eq(erasureRequests.status, "open"))).limit(1);
      if (!open) await tx.insert(erasureRequests).values({ id: randomUUID(), customerId, requestedAt: now, dueAt: new Date(now.getTime() + ERASURE_DAYS * 86_400_000) });
    }
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId: null, storeId, action: `customer.${change.kind === "withdraw" ? "consent_withdrawn" : change.kind === "unlink" ? "handle_unlinked" : "erasure_requested"}`, targetType: "customer", targetId: customerId, customerId, detail });
    return { ok: true };
  });
}

/**
 * The customer corrects their sizes, colours and budget from their page. Other
 * preferences stay as they are; the change is recorded with no staff member.
 */
export async function correctPreferences(
  db: Db,
  { token, sizes, colours, priceMinCents, priceMaxCents, now = new Date() }: { token: string; sizes: Record<string, string>; colours: string[]; priceMinCents: number | null; priceMaxCents: number | null; now?: Date },
): Promise<PrivacyResult> {
  const link = await activeLink(db, token, now);
  if (!link) return { ok: false, reason: "inactive" };
  const [current] = await db.select().from(customerPreferences).where(eq(customerPreferences.customerId, link.customerId)).limit(1);
  const result = await updatePreferences(db, {
    customerId: link.customerId,
    staffId: null,
    storeId: link.storeId,
    now,
    values: {
      sizes,
      colours,
      priceMinCents,
      priceMaxCents,
      brands: current?.brands ?? [],
      styles: current?.styles ?? [],
      dislikes: current?.dislikes ?? [],
      freeText: current?.freeText ?? null,
    },
  });
  return result.ok ? { ok: true } : { ok: false, reason: "not_found" };
}
