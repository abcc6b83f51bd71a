import "server-only";
import { randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { forUpdate, preparedRead } from "@/db/dialect";
import { auditLog, customerPreferences, customers, preferenceChanges, staff } from "@/db/schema";

import { SIZE_CATEGORIES } from "./preference-options";
import { budgetInOrder, preferenceFields, sizeAndBudgetFields, type PreferenceForm } from "./preference-fields";

export { SIZE_CATEGORIES, budgetInOrder, sizeAndBudgetFields };

/** The parsed size_* fields as { category: size }, leaving out blanks. */
export function sizesFromForm(input: object): Record<string, string> {
  const form = input as Record<string, unknown>;
  return Object.fromEntries(SIZE_CATEGORIES.flatMap((c) => (typeof form[`size_${c}`] === "string" && form[`size_${c}`] ? [[c, form[`size_${c}`] as string]] : [])));
}

export function toCents(dollarsAmount: number | null): number | null {
  return dollarsAmount == null ? null : dollarsAmount * 100;
}

/** What the preferences form sends; lists are comma-separated, money in whole dollars. */
export const preferencesFormSchema = z
  .object({
    customerId: z.string().min(1).max(64),
    ...preferenceFields,
  })
  .refine(...budgetInOrder);

/** Turns a parsed form into stored values (sizes per category, cents). */
export function preferenceValuesFromForm(input: PreferenceForm): PreferenceValues {
  return {
    sizes: sizesFromForm(input),
    colours: input.colours,
    brands: input.brands,
    styles: input.styles,
    dislikes: input.dislikes,
    priceMinCents: toCents(input.priceMin),
    priceMaxCents: toCents(input.priceMax),
    freeText: input.freeText,
  };
}

export interface PreferenceValues {
  sizes: Record<string, string>;
  colours: string[];
  brands: string[];
  styles: string[];
  dislikes: string[];
  priceMinCents: number | null;
  priceMaxCents: number | null;
  freeText: string | null;
}

const FIELDS = ["sizes", "colours", "brands", "styles", "dislikes", "priceMinCents", "priceMaxCents", "freeText"] as const;

/**
 * Saves a customer's preferences and records one history row per field that
 * actually changed. Returns the changed fields (none: nothing is written).
 */
export async function updatePreferences(
  db: Db,
  { customerId, values, staffId, storeId, now = new Date() }: { customerId: string; values: PreferenceValues; staffId: string | null; storeId: string; now?: Date },
): Promise<{ ok: true; changed: string[] } | { ok: false; reason: "not_found" }> {
  return db.transaction(async (tx) => {
    // Locking the customer makes two saves for them take turns, so each one's history compares against what the other wrote.
    const [customer] = await forUpdate(tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1));
    if (!customer) return { ok: false as const, reason: "not_found" as const };
    const [current] = await tx.select().from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1);
    const before: PreferenceValues = current ?? { sizes: {}, colours: [], brands: [], styles: [], dislikes: [], priceMinCents: null, priceMaxCents: null, freeText: null };
    const changed = FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(values[f]));
    if (changed.length === 0) return { ok: true as const, changed: [] };

    await tx
      .insert(customerPreferences)
      .values({ customerId, ...values, updatedAt: now, updatedByStaffId: staffId })
      .onConflictDoUpdate({ target: customerPreferences.customerId, set: { ...values, updatedAt: now, updatedByStaffId: staffId } });
    await tx.insert(preferenceChanges).values(changed.map((field) => ({ id: randomUUID(), customerId, field, oldValue: before[field], newValue: values[field], staffId, at: now })));
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at: now, staffId, storeId, action: staffId ? "preferences.updated" : "customer.preferences_corrected", targetType: "customer", targetId: customerId, customerId, detail: { fields: changed } });
    return { ok: true as const, changed };
  });
}

export async function listPreferenceHistory(db: Db, { customerId }: { customerId: string }) {
  return readPreferenceHistory(db, { customerId });
}

/** Read on every profile view: made once (preparedRead). */
const readPreferenceHistory = preparedRead("preference_history", (db) =>
  db
    .select({ id: preferenceChanges.id, field: preferenceChanges.field, oldValue: preferenceChanges.oldValue, newValue: preferenceChanges.newValue, at: preferenceChanges.at, staffName: staff.name })
    .from(preferenceChanges)
    .leftJoin(staff, eq(staff.id, preferenceChanges.staffId))
    .where(eq(preferenceChanges.customerId, sql.placeholder("customerId")))
    .orderBy(desc(preferenceChanges.at))
    .limit(10),
);
