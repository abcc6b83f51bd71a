// What bench:profile adds to the demo retailer: a year's worth of one busy
// customer's online activity, and a chain-sized catalogue stocked at one store.
import { sql } from "drizzle-orm";
import type { OpenDatabase } from "@/db";
import { onlineEvents, productVariants, products, storeStock } from "@/db/schema";
import type { OnlineEventType } from "@/db/schema-constants";
import { insertInChunks } from "../db/seed/bulk";
import { Rng } from "../db/seed/random";
import { productImageUrl } from "../lib/product-art";

const DAY = 86_400_000;

/**
 * What the database does on its own after a bulk load, done before measuring
 * rather than during it: the planner's statistics (SQLite's seed does the same
 * with `optimize`); on SQLite the checkpoint that moves the load out of the
 * write-ahead log into the file (a server's reads would otherwise look each
 * page up in a log of tens of megabytes, as none do once SQLite's automatic
 * checkpoint has run); and on PostgreSQL the vacuum that autovacuum starts
 * after so many inserted rows, which otherwise shares the two cores with the
 * timings that follow.
 */
async function refreshStatistics(database: OpenDatabase) {
  if (database.sqlite) {
    database.sqlite.pragma("optimize");
    database.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  } else await database.pool!.query("vacuum (analyze)");
}

const EVENT_MIX: Array<[OnlineEventType, number]> = [
  ["product_viewed", 0.62],
  ["searched", 0.1],
  ["cart_added", 0.08],
  ["wishlist_added", 0.05],
  ["cart_removed", 0.05],
  ["cart_viewed", 0.04],
  ["checkout_started", 0.04],
  ["order_completed", 0.02],
];
const QUERIES = ["blue coat", "wool coat", "navy blazer", "silk scarf", "ankle boots", "cashmere", "Milly", "tailored trousers"];

/** `count` events over the last 89 days (all inside the profile's 90-day window), on catalogue products. */
export async function addOnlineEvents(database: OpenDatabase, { customerId, count, now = new Date() }: { customerId: string; count: number; now?: Date }) {
  const rng = new Rng(1_000);
  const variants = await database.db.select({ id: productVariants.id, productId: productVariants.productId, priceCents: productVariants.priceCents }).from(productVariants);
  const pickType = () => {
    let r = rng.next();
    for (const [type, share] of EVENT_MIX) if ((r -= share) < 0) return type;
    return "product_viewed" as const;
  };
  const rows: (typeof onlineEvents.$inferInsert)[] = [];
  for (let i = 0; i < count; i++) {
    const type = pickType();
    const v = rng.pick(variants);
    const basket = type === "cart_viewed" || type === "checkout_started" || type === "order_completed";
    rows.push({
      id: `bench-event-${i}`,
      customerId,
      type,
      occurredAt: new Date(Math.round(now.getTime() - rng.next() * 89 * DAY)),
      productId: type === "searched" || basket ? null : v.productId,
      variantId: type === "searched" || basket ? null : v.id,
      productName: basket ? `${rng.int(1, 4)} items` : null,
      searchQuery: type === "searched" ? rng.pick(QUERIES) : null,
      channel: rng.chance(0.4) ? "app" : "web",
      valueCents: basket ? v.priceCents * rng.int(1, 3) : null,
    });
  }
  await database.db.transaction((tx) => insertInChunks(tx, onlineEvents, rows));
  await refreshStatistics(database);
}

const CATEGORIES: Array<[category: string, sizes: string[]]> = [
  ["coats", ["XS", "S", "M", "L", "XL"]],
  ["jackets", ["XS", "S", "M", "L", "XL"]],
  ["knitwear", ["XS", "S", "M", "L", "XL"]],
  ["shirts", ["XS", "S", "M", "L", "XL"]],
  ["dresses", ["0", "2", "4", "6", "8", "10", "12", "14"]],
  ["trousers", ["0", "2", "4", "6", "8", "10", "12", "14"]],
  ["skirts", ["0", "2", "4", "6", "8", "10", "12", "14"]],
  ["shoes", ["36", "37", "38", "39", "40", "41"]],
  ["bags", ["One size"]],
  ["scarves", ["One size"]],
  ["jewellery", ["One size"]],
];
const BRANDS = [
  "Milly", "Theory", "Max Mara", "Vince", "Reiss", "Sandro", "Maje", "Acne Studios", "Ganni", "Toteme", "Staud", "Nanushka", "Joseph", "Equipment",
  "Frame", "Isabel Marant", "A.P.C.", "Sézane", "Rag & Bone", "Veronica Beard", "Loeffler Randall", "Mansur Gavriel", "Khaite", "The Row",
  "Jil Sander", "Lemaire", "Arket", "COS", "Whistles", "Hobbs", "L.K.Bennett", "Boden", "Aritzia", "Club Monaco", "Tibi", "Proenza Schouler",
];
const COLOURS: Array<[string, string]> = [
  ["Navy", "#1f2a44"], ["Cobalt blue", "#1f4fb8"], ["Powder blue", "#a9c4e0"], ["Sky blue", "#8fb8de"], ["Indigo", "#2b3a67"], ["Sapphire", "#2a4a9c"],
  ["Black", "#111111"], ["Ivory", "#f4efe3"], ["Camel", "#b48a5a"], ["Grey marl", "#9a9a9a"], ["Charcoal", "#3c3c3c"], ["Oatmeal", "#d8cbb3"],
  ["Forest green", "#2f4a34"], ["Olive", "#6b6b3a"], ["Burgundy", "#6b1f2e"], ["Rust", "#a4502a"], ["Blush pink", "#e8b7b0"], ["Lilac", "#b9a6d3"],
  ["Mustard", "#c99a2e"], ["Chocolate", "#4b2e20"], ["Tan", "#b98a5e"], ["White", "#ffffff"], ["Red", "#b3202a"], ["Emerald", "#1f7a55"],
];
const STYLES = ["classic", "minimal", "statement", "bohemian", "workwear", "casual", "evening", "sporty"];

/** Products (1–3 colours in every size of their category) until `variants` variants, all stocked at `storeId`. */
export async function addCatalogue(database: OpenDatabase, { storeId, variants: wanted }: { storeId: string; variants: number }) {
  const rng = new Rng(50_000);
  const productRows: (typeof products.$inferInsert)[] = [];
  const variantRows: (typeof productVariants.$inferInsert)[] = [];
  const stockRows: (typeof storeStock.$inferInsert)[] = [];
  for (let p = 0; variantRows.length < wanted; p++) {
    const [category, sizes] = rng.pick(CATEGORIES);
    const brand = rng.pick(BRANDS);
    const priceCents = rng.int(8, 300) * 500;
    const colours = rng.sample(COLOURS, rng.int(1, 3));
    const id = `bench-p-${p}`;
    productRows.push({
      id,
      styleCode: `BENCH-${p}`,
      name: `${brand} ${rng.pick(["Tailored", "Relaxed", "Classic", "Cropped", "Belted", "Wool", "Silk", "Cotton"])} ${category.replace(/s$/, "")} ${p}`,
      brand,
      category,
      description: "A bench item.",
      style: rng.pick(STYLES),
      priceCents,
      imageUrl: productImageUrl(category, colours[0]![1]),
    });
    for (const [colour, hex] of colours) {
      for (const size of sizes) {
        if (variantRows.length >= wanted) break;
        const variantId = `bench-v-${variantRows.length}`;
        variantRows.push({ id: variantId, productId: id, sku: `BENCH-${p}-${colour.replace(/\W/g, "")}-${size.replace(/\s/g, "")}`, size, colour, colourHex: hex, priceCents, imageUrl: productImageUrl(category, hex) });
        stockRows.push({ storeId, variantId, onHand: rng.chance(0.15) ? 0 : rng.int(1, 6) });
      }
    }
  }
  await database.db.transaction(async (tx) => {
    await insertInChunks(tx, products, productRows);
    await insertInChunks(tx, productVariants, variantRows);
    await insertInChunks(tx, storeStock, stockRows);
  });
  await refreshStatistics(database);
  const [stocked] = await database.db.select({ n: sql<number>`count(*)` }).from(storeStock).where(sql`${storeStock.storeId} = ${storeId}`);
  return { products: productRows.length, variants: variantRows.length, stocked: Number(stocked?.n ?? 0) };
}
