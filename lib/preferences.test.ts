import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customerPreferences, preferenceChanges } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { preferencesFormSchema, updatePreferences, type PreferenceValues } from "./preferences";

let db: Db;
let ids: { customerId: string; staffId: string; storeId: string };
const values: PreferenceValues = { sizes: { coats: "M" }, colours: ["Blue"], brands: ["Milly"], styles: ["statement"], dislikes: [], priceMinCents: 25000, priceMaxCents: 100000, freeText: null };

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db);
  ids = { storeId: store.id, staffId: (await createStaff(db, { storeId: store.id })).id, customerId: await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" }) };
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
  it("records who changed which field, and only fields that changed", async () => {
    expect(await updatePreferences(db, { ...ids, values })).toEqual({ ok: true, changed: ["sizes", "colours", "brands", "styles", "priceMinCents", "priceMaxCents"] });
    expect(await updatePreferences(db, { ...ids, values: { ...values, colours: ["Blue", "Ivory"] } })).toEqual({ ok: true, changed: ["colours"] });
    const colourChanges = (await db.select().from(preferenceChanges)).filter((c) => c.field === "colours");
    expect(colourChanges.map((c) => [c.oldValue, c.newValue])).toEqual(expect.arrayContaining([[[], ["Blue"]], [["Blue"], ["Blue", "Ivory"]]]));
    expect((await db.select().from(preferenceChanges)).every((c) => c.staffId === ids.staffId)).toBe(true);
    const [saved] = await db.select().from(customerPreferences).limit(1);
    expect(saved?.colours).toEqual(["Blue", "Ivory"]);
  });

  it("writes nothing when nothing changed or the customer does not exist", async () => {
    await updatePreferences(db, { ...ids, values });
    const counts = async () => [(await db.select().from(preferenceChanges)).length, (await db.select().from(auditLog)).length];
    const before = await counts();
    expect(await updatePreferences(db, { ...ids, values })).toEqual({ ok: true, changed: [] });
    expect(await updatePreferences(db, { ...ids, customerId: "forged", values })).toEqual({ ok: false, reason: "not_found" });
    expect(await counts()).toEqual(before);
  });

  it("two saves at once each record what the other had saved", async () => {
    const [first, second] = await Promise.all([
      updatePreferences(db, { ...ids, values: { ...values, colours: ["Blue"] } }),
      updatePreferences(db, { ...ids, values: { ...values, colours: ["Ivory"] } }),
    ]);
    expect([first, second].every((r) => r.ok)).toBe(true);
    const colourChanges = await db.select().from(preferenceChanges).where(eq(preferenceChanges.field, "colours")).orderBy(preferenceChanges.at);
    // Whichever came second compares against the first one's colours, not the empty list both began from.
    expect(colourChanges).toHaveLength(2);
    expect(colourChanges.filter((c) => JSON.stringify(c.oldValue) === "[]")).toHaveLength(1);
  });
});
