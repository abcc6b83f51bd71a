import { z } from "zod";
import { SIZE_CATEGORIES, STYLES } from "./preference-options";

// A customer's preferences as forms send them, checked the same way from the
// staff form, the customer's own corrections and a change the tablet kept
// offline (lib/offline/change-schema.ts, also run in the browser). Lists are
// comma-separated, money in whole dollars; lib/preferences.ts turns them into
// stored values.

const list = (label: string) =>
  z
    .string()
    .max(400)
    .transform((v) => [...new Set(v.split(",").map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(40, `Each ${label} must be under 40 characters.`)).max(12, `At most 12 ${label}s.`));
const dollars = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : Number(v.replace(/[$,\s]/g, ""))))
  .pipe(z.number().int("Use whole dollars.").min(0).max(100_000).nullable());

/**
 * Form fields shared by the staff form and the customer's own corrections:
 * a size per category (size_coats, …), comma-separated colours and a budget
 * in whole dollars whose bottom is not above its top.
 */
export const sizeAndBudgetFields = {
  ...Object.fromEntries(SIZE_CATEGORIES.map((c) => [`size_${c}`, z.string().trim().max(10, "Sizes are short, like M or 38.").optional()])),
  colours: list("colour"),
  priceMin: dollars,
  priceMax: dollars,
};

export const budgetInOrder: [(v: { priceMin: number | null; priceMax: number | null }) => boolean, { path: string[]; message: string }] = [
  (v) => v.priceMin == null || v.priceMax == null || v.priceMin <= v.priceMax,
  { path: ["priceMax"], message: "The top of the budget must be at least the bottom." },
];

/** Every field of the staff's preferences form but the customer's id. */
export const preferenceFields = {
  ...sizeAndBudgetFields,
  brands: list("brand"),
  dislikes: list("dislike"),
  styles: z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(STYLES))),
  freeText: z.string().trim().max(1000, "Keep it under 1,000 characters.").transform((v) => v || null),
};

/** The staff's preferences form without the customer's id. */
export const preferenceValuesSchema = z.object(preferenceFields).refine(...budgetInOrder);
export type PreferenceForm = z.infer<typeof preferenceValuesSchema>;
