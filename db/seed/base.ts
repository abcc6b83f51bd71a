import type { Db } from "@/db";
import { productVariants, products, staff, storeClosures, storeStock, stores, type StaffRole } from "@/db/schema";
import { CATALOG, SIZES, type CatalogCategory } from "../seed-data/catalog";
import { productImageUrl } from "../../lib/product-art";
import { hashPassword } from "../../lib/passwords";
import { colourFamily } from "../../lib/colours";
import { localDate } from "../../lib/dates";
import { parseWeeklyHours, type StoreSchedule } from "../../lib/store-hours";
import type { Rng } from "./random";
import { insertInChunks } from "./bulk";

export const DEMO_PASSWORD = "shopkeeper";
export const STAFF_EMAIL_DOMAIN = "shop.example";

const HOURS = { mon: "10:00–20:00", tue: "10:00–20:00", wed: "10:00–20:00", thu: "10:00–21:00", fri: "10:00–21:00", sat: "10:00–20:00", sun: "11:00–18:00" };

export const STORES = [
  { key: "nyc", name: "Fifth Avenue", city: "New York", address: "712 Fifth Avenue, New York, NY 10019", phone: "+12125550100", timezone: "America/New_York", isFlagship: true, areaCodes: ["212", "646", "917", "718"] },
  { key: "chi", name: "Oak Street", city: "Chicago", address: "104 E Oak Street, Chicago, IL 60611", phone: "+13125550100", timezone: "America/Chicago", isFlagship: false, areaCodes: ["312", "773", "872"] },
  { key: "sf", name: "Union Square", city: "San Francisco", address: "233 Post Street, San Francisco, CA 94108", phone: "+14155550100", timezone: "America/Los_Angeles", isFlagship: false, areaCodes: ["415", "628", "510"] },
] as const;

/** Manager first, then associates; Maya Chen looks after Alicia at the flagship. */
const STAFF: Record<(typeof STORES)[number]["key"], string[]> = {
  nyc: ["Grace Whitaker", "Maya Chen", "Daniel Brooks", "Priya Raman", "Sam Okafor"],
  chi: ["Marcus Bell", "Hannah Lewis", "Jamal Carter", "Sofia Marin", "Ellie Novak"],
  sf: ["Rosa Delgado", "Kenji Watanabe", "Olivia Grant", "Noah Fischer", "Aisha Rahman"],
};

export function staffEmail(name: string): string {
  return `${name.split(" ")[0]!.toLowerCase()}@${STAFF_EMAIL_DOMAIN}`;
}

export interface SeededStore { id: string; key: string; city: string; areaCodes: readonly string[]; managerId: string; associateIds: string[]; schedule: StoreSchedule }

/** November's fourth Thursday in `year`, "YYYY-11-DD". */
function thanksgiving(year: number): string {
  const firstWeekday = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstWeekday + 7) % 7);
  return `${year}-11-${String(firstThursday + 21).padStart(2, "0")}`;
}

/**
 * The next Thanksgiving and Christmas Day from `today` on: the holidays every
 * store closes for. Follows from `now` alone, so seeds stay deterministic.
 */
export function holidayClosures(today: string): Array<{ day: string; reason: string }> {
  const year = Number(today.slice(0, 4));
  const next = (day: (y: number) => string) => (day(year) >= today ? day(year) : day(year + 1));
  return [
    { day: next(thanksgiving), reason: "Thanksgiving" },
    { day: next((y) => `${y}-12-25`), reason: "Christmas Day" },
  ].sort((a, b) => a.day.localeCompare(b.day));
}

export async function seedStoresAndStaff(db: Db, rng: Rng, now: Date): Promise<SeededStore[]> {
  const seeded: SeededStore[] = [];
  for (const store of STORES) {
    const storeId = rng.id();
    await db.insert(stores)
      .values({ id: storeId, name: store.name, city: store.city, address: store.address, phone: store.phone, timezone: store.timezone, openingHours: HOURS, isFlagship: store.isFlagship })
      ;
    const closures = holidayClosures(localDate(now, store.timezone));
    await db.insert(storeClosures).values(closures.map((c) => ({ storeId, day: c.day, reason: c.reason, createdAt: now })));
    const ids: string[] = [];
    for (const [index, name] of STAFF[store.key].entries()) {
      const id = rng.id();
      const role: StaffRole = index === 0 ? "manager" : "associate";
      await db.insert(staff).values({ id, name, email: staffEmail(name), passwordHash: await hashPassword(DEMO_PASSWORD), role, storeId });
      ids.push(id);
    }
    const schedule: StoreSchedule = { timeZone: store.timezone, hours: parseWeeklyHours(HOURS), closures: new Map(closures.map((c) => [c.day, c.reason])) };
    seeded.push({ id: storeId, key: store.key, city: store.city, areaCodes: store.areaCodes, managerId: ids[0]!, associateIds: ids.slice(1), schedule });
  }
  return seeded;
}

export interface SeededVariant { id: string; size: string; colour: string; priceCents: number }
export interface SeededProduct {
  id: string;
  styleCode: string;
  name: string;
  brand: string;
  category: CatalogCategory;
  style: string;
  priceCents: number;
  colourFamilies: string[];
  variants: SeededVariant[];
}

export interface SeededCatalog {
  products: SeededProduct[];
  /** On-hand units by `${storeId}|${variantId}`. */
  stock: Map<string, number>;
}

/** Products, one variant per colour and size, and stock at every store (some sizes sold out). */
export async function seedCatalog(db: Db, rng: Rng, seededStores: SeededStore[]): Promise<SeededCatalog> {
  const out: SeededProduct[] = [];
  const stock = new Map<string, number>();
  const productRows: (typeof products.$inferInsert)[] = [];
  const variantRows: (typeof productVariants.$inferInsert)[] = [];
  const stockRows: (typeof storeStock.$inferInsert)[] = [];
  for (const item of CATALOG) {
    const productId = rng.id();
    const first = item.colours[0]!;
    productRows.push({
      id: productId,
      styleCode: item.styleCode,
      name: item.name,
      brand: item.brand,
      category: item.category,
      description: item.description,
      style: item.style,
      priceCents: item.priceCents,
      imageUrl: productImageUrl(item.category, first.hex),
      onlineUrl: `https://shop.example/p/${item.styleCode.toLowerCase()}`,
    });
    const variants: SeededVariant[] = [];
    for (const colour of item.colours) {
      for (const size of SIZES[item.sizeScale]) {
        const variant = {
          id: rng.id(),
          productId,
          sku: `${item.styleCode}-${colour.name.replace(/[^A-Za-z]/g, "").slice(0, 4).toUpperCase()}-${size.replace(/\s/g, "")}`,
          size,
          colour: colour.name,
          colourHex: colour.hex,
          priceCents: item.priceCents,
          imageUrl: productImageUrl(item.category, colour.hex),
        };
        variantRows.push(variant);
        variants.push({ id: variant.id, size, colour: colour.name, priceCents: item.priceCents });
        for (const store of seededStores) {
          const onHand = rng.chance(0.15) ? 0 : rng.int(1, store.key === "nyc" ? 6 : 4);
          stockRows.push({ storeId: store.id, variantId: variant.id, onHand });
          stock.set(`${store.id}|${variant.id}`, onHand);
        }
      }
    }
    out.push({
      id: productId,
      styleCode: item.styleCode,
      name: item.name,
      brand: item.brand,
      category: item.category,
      style: item.style,
      priceCents: item.priceCents,
      colourFamilies: [...new Set(item.colours.map((c) => colourFamily(c.name)))],
      variants,
    });
  }
  await db.transaction(async (tx) => {
    await insertInChunks(tx, products, productRows);
    await insertInChunks(tx, productVariants, variantRows);
    await insertInChunks(tx, storeStock, stockRows);
  });
  return { products: out, stock };
}
