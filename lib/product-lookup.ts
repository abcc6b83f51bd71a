import "server-only";
import { and, asc, or, sql, type SQLWrapper } from "drizzle-orm";
import type { Db } from "@/db";
import { products } from "@/db/schema";

export interface ProductChoice {
  id: string;
  name: string;
  brand: string;
  styleCode: string;
}

export const PRODUCT_LOOKUP_LIMIT = 8;
/** Words beyond this add nothing a person would type to find one product. */
const MAX_WORDS = 6;

/** "50%_off" → "50\%\_off", so what staff type is matched literally. */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const contains = (column: SQLWrapper, word: string) => sql`lower(${column}) like ${`%${likeEscape(word)}%`} escape '\\'`;

/**
 * Products whose name, brand or style code holds every word typed, at most
 * `limit` of them: an exact style code first, then names starting with the
 * words, then the rest by name. One bounded query (lower() and LIKE, portable
 * to PostgreSQL); `limited` says there are more, so staff type more.
 */
export async function findProducts(db: Db, { query, limit = PRODUCT_LOOKUP_LIMIT }: { query: string; limit?: number }): Promise<{ products: ProductChoice[]; limited: boolean }> {
  const text = query.trim().toLowerCase().replace(/\s+/g, " ");
  const words = text.split(" ").filter(Boolean).slice(0, MAX_WORDS);
  if (!words.length) return { products: [], limited: false };
  const everyWord = and(...words.map((word) => or(contains(products.name, word), contains(products.brand, word), contains(products.styleCode, word))));
  const rank = sql`case when lower(${products.styleCode}) = ${text} then 0 when lower(${products.name}) like ${`${likeEscape(text)}%`} escape '\\' then 1 else 2 end`;
  const rows = await db
    .select({ id: products.id, name: products.name, brand: products.brand, styleCode: products.styleCode })
    .from(products)
    .where(everyWord)
    .orderBy(asc(rank), asc(products.name), asc(products.id))
    .limit(limit + 1);
  return { products: rows.slice(0, limit), limited: rows.length > limit };
}
