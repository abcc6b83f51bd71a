import path from "node:path";
import fs from "node:fs";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH ?? path.join("data", "shopkeeper.db"));
}

/**
 * Opens a database file (creating its folder), applies pending migrations and
 * sets the pragmas every connection needs. Used by the app, scripts and tests.
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}): { db: Db; sqlite: Database.Database } {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  if (options.migrate ?? true) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, sqlite };
}

// One connection per process, opened on first use (never during `next build`)
// and kept on globalThis so hot reload in development does not open more.
const globalForDb = globalThis as unknown as { shopkeeperDb?: Db };

export function getDb(): Db {
  globalForDb.shopkeeperDb ??= openDatabase(databasePath()).db;
  return globalForDb.shopkeeperDb;
}
