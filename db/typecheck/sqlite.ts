// For `tsc -p tsconfig.sqlite.json` only: the database API with SQLite's
// query-builder types, so the domain code (typed against PostgreSQL's builder
// in normal builds) is also checked against SQLite's. A query one database
// cannot run (`.for("update")`, `db.execute`, `.rowCount`, `selectDistinctOn`)
// fails one of the two checks. Never imported at run time.
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { RunResult } from "better-sqlite3";
import type * as sqliteSchema from "../schema.sqlite";
import type { DatabaseTarget, OpenDatabase as RuntimeOpenDatabase } from "../index";

export * from "../index";

type SqliteBuilder = BaseSQLiteDatabase<"sync", RunResult, typeof sqliteSchema>;
export type Db = Omit<SqliteBuilder, "transaction"> & { transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> };
export type OpenDatabase = Omit<RuntimeOpenDatabase, "db"> & { db: Db };
export declare function getDb(): Db;
export declare function getOpenDatabase(): OpenDatabase;
export declare function openDatabase(target?: DatabaseTarget, options?: { migrate?: boolean; poolSize?: number }): Promise<OpenDatabase>;
