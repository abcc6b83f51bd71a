import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, customerPreferences, preferenceChanges } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { preferencesFormSchema, updatePreferences, type PreferenceValues } from "./preferences";

let db: Db;
let ids: { customerId: string; staffId: string; storeId: string };
const values: PreferenceValues = { sizes: { coats: "M" }, colours: ["Blue"], brands: ["Milly"], styles: ["statement"], dislikes: [], priceMinCents: 25000, priceMaxCents: 100000, freeText: null };

beforeEach(() => {
  db = createTestDb();
  const store = createStore(db);
  ids = { storeId: store.id, staffId: createStaff(db, { storeId: store.id }).id, customerId: createCustomer(db, { firstName: "Alicia", lastName: "Fernández" }) };
});

describe("preferencesFormSchema", () => {
  const form = { customerId: "c", colours: "Blue, Navy, Blue", brands: "", dislikes: "", priceMin: "250", priceMax: "1,000", freeText: "" };

  it("turns the form into lists and whole dollars", () => {
    const parsed = preferencesFormSchema.parse({ ...form, styles: "statement" });
    expect(parsed).toMatchObject({ colours: ["Blue", "Navy"], brands: [], styles: ["statement"], priceMin: 250, priceMax: 1000, freeText: null });
  });

  it("refuses a budget whose top is below its bottom, and unknown styles", () => {
    const result = preferencesFormSchema.safeParse({ ...form, priceMin: "900", priceMax: "300", styles: ["statement", "sparkly"] });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["styles.1"]));
    const budget = preferencesFormSchema.safeParse({ ...form, priceMin: "900", priceMax: "300" });
    expect(budget.error?.issues).toEqual([expect.objectContaining({ path: ["priceMax"], message: expect.stringMatching(/at least the bottom/) })]);
  });
});

describe("updatePreferences", () => {
  it("records who changed which field, and only fields that changed", () => {
    expect(updatePreferences(db, { ...ids, values })).toEqual({ ok: true, changed: ["sizes", "colours", "brands", "styles", "priceMinCents", "priceMaxCents"] });
    expect(updatePreferences(db, { ...ids, values: { ...values, colours: ["Blue", "Ivory"] } })).toEqual({ ok: true, changed: ["colours"] });
    const colourChanges = db.select().from(preferenceChanges).all().filter((c) => c.field === "colours");
    expect(colourChanges.map((c) => [c.oldValue, c.newValue])).toEqual(expect.arrayContaining([[[], ["Blue"]], [["Blue"], ["Blue", "Ivory"]]]));
    expect(db.select().from(preferenceChanges).all().every((c) => c.staffId === ids.staffId)).toBe(true);
    expect(db.select().from(customerPreferences).get()?.colours).toEqual(["Blue", "Ivory"]);
  });

  it("writes nothing when nothing changed or the customer does not exist", () => {
    updatePreferences(db, { ...ids, values });
    const before = [db.select().from(preferenceChanges).all().length, db.select().from(auditLog).all().length];
    expect(updatePreferences(db, { ...ids, values })).toEqual({ ok: true, changed: [] });
    expect(updatePreferences(db, { ...ids, customerId: "forged", values })).toEqual({ ok: false, reason: "not_found" });
    expect([db.select().from(preferenceChanges).all().length, db.select().from(auditLog).all().length]).toEqual(before);
  });
});
