import { getTableColumns, type Table } from "drizzle-orm";
import type { Db } from "@/db";

// SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535.
const MAX_PARAMETERS = 30_000;

/** Inserts many rows as multi-row statements, each under both databases' parameter limits. */
export async function insertInChunks<T extends Table>(db: Pick<Db, "insert">, table: T, rows: T["$inferInsert"][]): Promise<void> {
  if (!rows.length) return;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
  for (let i = 0; i < rows.length; i += size) await db.insert(table as never).values(rows.slice(i, i + size) as never);
}
