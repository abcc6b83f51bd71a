import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import pg from "pg";
import { openDatabase, type Db, type OpenDatabase } from "@/db";
import { currentDialect } from "@/db/dialect";
import * as pgSchema from "@/db/schema.pg";
import { getTableName, isTable } from "drizzle-orm";

/**
 * A fresh, migrated database for one test, on whichever database this vitest
 * project runs (vitest.config.mts): a copy of a migrated SQLite file, or a
 * PostgreSQL database cloned from a migrated template. Tests never touch a
 * database they did not create; everything is closed and dropped after the file.
 */
export async function createTestDb(): Promise<Db> {
  return (await openTestDatabase()).db;
}

const opened: Array<{ database: OpenDatabase; drop: () => Promise<void> }> = [];
afterAll(async () => {
  for (const { database, drop } of opened.splice(0)) {
    await database.close();
    await drop();
  }
});

let pgDatabase: { database: OpenDatabase; name: string } | null = null;
// DELETE is far cheaper than TRUNCATE on tables this small (TRUNCATE makes new files for every table);
// foreign-key triggers are off for the moment (session_replication_role), so the order does not matter.
const EMPTY_ALL_TABLES = [
  "SET session_replication_role = replica",
  ...Object.values(pgSchema)
    .filter((value) => isTable(value))
    .map((table) => `DELETE FROM "${getTableName(table as never)}"`),
  "ALTER TABLE change_feed ALTER COLUMN seq RESTART",
  "SET session_replication_role = DEFAULT",
].join(";\n");

/** The whole handle (for tests that need the pool or the SQLite writer). */
export async function openTestDatabase(): Promise<OpenDatabase> {
  if (currentDialect() === "pg") {
    // One database per test file, emptied between tests: CREATE DATABASE costs
    // 150–300 ms here, TRUNCATE a few.
    if (pgDatabase) {
      await pgDatabase.database.pool!.query(EMPTY_ALL_TABLES);
      return pgDatabase.database;
    }
    const name = await createPgTestDatabase();
    const database = await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 6 });
    pgDatabase = { database, name };
    opened.push({
      database,
      drop: async () => {
        pgDatabase = null;
        await dropPgTestDatabase(name);
      },
    });
    return database;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopkeeper-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("sqliteTemplate"), file);
  const database = await openDatabase({ dialect: "sqlite", file }, { migrate: false });
  opened.push({ database, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) });
  return database;
}

/** A SQLite file of its own (for tests with several connections): path and cleanup. */
export function createSqliteTestFile(): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopkeeper-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("sqliteTemplate"), file);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function pgAdminUrl(): string {
  return process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

export function pgUrl(database: string): string {
  const url = new URL(pgAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new PostgreSQL database cloned from the migrated template; returns its name. */
export async function createPgTestDatabase(): Promise<string> {
  const name = `shopkeeper_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("pgTemplate")}"`);
  } finally {
    await admin.end();
  }
  return name;
}

export async function dropPgTestDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  admin.on("error", () => {});
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
