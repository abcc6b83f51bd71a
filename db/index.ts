import path from "node:path";
import fs from "node:fs";
import { AsyncLocalStorage } from "node:async_hooks";
import Database from "better-sqlite3";
import { Mutex } from "async-mutex";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase } from "drizzle-orm/pg-core";
import pg from "pg";
import { currentDialect, isPostgresUrl, limitsInText, READ_TURN, type Dialect } from "./dialect";
import { sendWithoutNul } from "./nul";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

/**
 * The handle every domain function takes: the database itself or an open
 * transaction. Typed as PostgreSQL's query builder; on SQLite the same calls
 * run through drizzle's SQLite builder (see db/schema.ts). Every query is
 * awaited, and every write runs inside `db.transaction(async (tx) => …)`.
 */
export type Db = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
export const PG_MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations-pg");

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH ?? path.join("data", "shopkeeper.db"));
}

/** Where this process's database is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
export function describeDatabase(target: DatabaseTarget = defaultTarget()): string {
  if (target.dialect === "sqlite") return target.file;
  const url = new URL(target.url);
  url.password = url.password ? "***" : "";
  return url.toString();
}

export type DatabaseTarget = { dialect: "sqlite"; file: string } | { dialect: "pg"; url: string };

export function defaultTarget(): DatabaseTarget {
  return currentDialect() === "pg" ? { dialect: "pg", url: process.env.DATABASE_URL! } : { dialect: "sqlite", file: databasePath() };
}

export function targetFrom(value: string): DatabaseTarget {
  return isPostgresUrl(value) ? { dialect: "pg", url: value } : { dialect: "sqlite", file: path.resolve(value) };
}

export interface OpenDatabase {
  db: Db;
  dialect: Dialect;
  /** Checks the database answers (for /api/health). */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Closes at once, for the process's last moment (its "exit" event, when
   * nothing asynchronous runs any more): SQLite's connections close (and fold
   * the WAL back into the file); PostgreSQL's pool starts ending, and the
   * server sees the rest of each connection go with the process.
   */
  closeNow(): void;
  /** SQLite only: the writer connection, for scripts that tune a bulk load. */
  sqlite?: Database.Database;
  /** PostgreSQL only: the pool, for LISTEN and scripts. */
  pool?: pg.Pool;
}

/**
 * Opens the database (creating a SQLite file's folder) and, unless told not
 * to, applies pending migrations. Used by the app, scripts and tests.
 */
export async function openDatabase(target: DatabaseTarget = defaultTarget(), options: { migrate?: boolean; poolSize?: number; poolIdleSeconds?: number } = {}): Promise<OpenDatabase> {
  if (target.dialect === "pg") {
    const opened = openPostgres(target.url, options.poolSize, options.poolIdleSeconds);
    if (options.migrate ?? true) await migratePostgres(opened.pool!);
    return opened;
  }
  return openSqlite(target.file, options);
}

const insideTransaction = new AsyncLocalStorage<Database.Database>();

// --- SQLite -----------------------------------------------------------------

/**
 * better-sqlite3's transactions are synchronous and refuse async callbacks,
 * so SQLite gets its own runner. Writes go through one writer connection, one
 * transaction at a time (an async mutex), each taking the write lock up front
 * (BEGIN IMMEDIATE); plain reads use a second, read-only connection. No
 * request ever runs its statements inside another request's open transaction
 * or sees its uncommitted rows. A single write outside `transaction()` waits
 * for the writer like a transaction; writing through `db` instead of `tx`
 * inside a transaction throws rather than waiting for itself.
 */
function openSqlite(file: string, options: { migrate?: boolean }): OpenDatabase {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  const writer = cacheStatements(new Database(file));
  writer.pragma("journal_mode = WAL");
  writer.pragma("foreign_keys = ON");
  writer.pragma("busy_timeout = 10000");
  writer.pragma("synchronous = NORMAL");
  const writerDb = limitsInText(drizzleSqlite(writer, { schema: sqliteSchema }));
  if (options.migrate ?? true) migrateSqlite(writerDb, { migrationsFolder: MIGRATIONS_FOLDER });

  const reader = file === ":memory:" ? writer : cacheStatements(new Database(file, { readonly: true }));
  if (reader !== writer) {
    reader.pragma("busy_timeout = 10000");
    // Lookups and profiles read index pages all over a large file: keep more
    // of them in the connection's cache (64 MB, not 2 MB) and map the file
    // (up to 2 GB, SQLite's own limit) rather than copying each page in with a read() call.
    reader.pragma("cache_size = -65536");
    reader.pragma("mmap_size = 2147418112");
  }
  const readerDb = limitsInText(drizzleSqlite(reader, { schema: sqliteSchema }));

  const mutex = new Mutex();
  let savepoints = 0;
  const txDb = writerDb as unknown as Db;
  // Inside a transaction, a nested transaction is a savepoint.
  Object.assign(writerDb, {
    transaction: async <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
      if (!writer.inTransaction) throw new Error("A nested transaction ran outside its parent transaction.");
      const name = `sp_${++savepoints}`;
      writer.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(txDb);
        writer.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (writer.inTransaction) {
          writer.exec(`ROLLBACK TO ${name}`);
          writer.exec(`RELEASE ${name}`);
        }
        throw error;
      }
    },
  });
  const refuseNesting = () => {
    // Waiting for the mutex from inside the transaction that holds it would wait forever.
    if (insideTransaction.getStore() === writer) throw new Error("The database was written outside the open transaction on the same database: pass the open transaction (tx) down instead.");
  };
  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
    refuseNesting();
    return mutex.runExclusive(() =>
      insideTransaction.run(writer, async () => {
        writer.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(txDb);
          writer.exec("COMMIT");
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec("ROLLBACK");
          throw error;
        }
      }),
    );
  };
  // A single write outside a transaction (an insert, update or delete) is its
  // own transaction: it waits its turn for the writer connection like any other.
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    refuseNesting();
    return mutex.runExclusive(fn);
  };
  // The handle reads through the read-only connection (its prototype), each
  // read taking its turn (readTurns), and sends writes to the writer.
  const db = Object.create(readerDb) as typeof readerDb;
  const queued = (method: "insert" | "update" | "delete") => (...args: unknown[]) =>
    deferred((writerDb[method] as (...a: unknown[]) => object).apply(writerDb, args), exclusive);
  const turn = readTurns();
  const read = (method: "select" | "selectDistinct") => (...args: unknown[]) => deferred((readerDb[method] as (...a: unknown[]) => object).apply(readerDb, args), turn);
  const raw = (method: "all" | "values") => (query: unknown) => turn(async () => (readerDb[method] as (q: unknown) => unknown).call(readerDb, query));
  Object.assign(db, {
    transaction,
    insert: queued("insert"),
    update: queued("update"),
    delete: queued("delete"),
    select: read("select"),
    selectDistinct: read("selectDistinct"),
    all: raw("all"),
    values: raw("values"),
    // For preparedRead (db/dialect.ts): a statement made once waits for its turn like any other read.
    [READ_TURN]: turn,
  });

  const closeConnections = () => {
    if (reader !== writer && reader.open) reader.close();
    if (writer.open) writer.close();
  };
  return {
    db: db as unknown as Db,
    dialect: "sqlite",
    sqlite: writer,
    async ping() {
      reader.prepare("select 1").get();
    },
    async close() {
      // Let a transaction under way finish before the connections go.
      await mutex.runExclusive(closeConnections);
    },
    closeNow: closeConnections,
  };
}

/**
 * Drizzle compiles every statement it runs afresh (better-sqlite3's prepare),
 * which for the lookup's or a profile's larger statements costs more than
 * running them. The connection keeps its latest compiled statements by their
 * SQL instead and hands the same one out again. Safe because better-sqlite3
 * runs a statement to the end synchronously (nothing here iterates one), and
 * each is handed out as new: raw mode, which drizzle turns on for some reads,
 * is turned off again first. A schema change makes SQLite recompile them.
 */
const STATEMENTS_KEPT = 256;
function cacheStatements(connection: Database.Database): Database.Database {
  const compile = connection.prepare.bind(connection);
  const kept = new Map<string, Database.Statement>();
  connection.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement) {
      kept.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = compile(source);
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    }
    kept.set(source, statement);
    return statement;
  }) as typeof connection.prepare;
  return connection;
}

/**
 * Wraps a query builder (and whatever its methods return) so that executing
 * it goes through `schedule`: the writer's turn for a write, a read's turn
 * (readTurns) for a read. Building, and using the builder as a subquery of
 * another statement, are unchanged.
 */
function deferred(builder: object, schedule: <T>(fn: () => Promise<T>) => Promise<T>): object {
  return new Proxy(builder, {
    get(target, property, receiver) {
      if (property === "then") {
        return (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
          schedule(() => new Promise((resolve, reject) => (target as PromiseLike<unknown>).then(resolve, reject))).then(onFulfilled, onRejected);
      }
      const value = Reflect.get(target, property, receiver);
      // Drizzle tells a builder's kind by its constructor (is()): that stays the builder's own.
      if (typeof value !== "function" || property === "constructor") return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result && typeof result === "object" && "then" in result ? deferred(result, schedule) : result;
      };
    },
  });
}

/** How long reads run back to back before the server's other requests get a turn. */
const READ_SLICE_MS = 8;
/** The real setImmediate, even under a test's fake timers. */
const nextTurn = globalThis.setImmediate;

/**
 * better-sqlite3 runs each statement synchronously, so a page that reads a
 * dozen statements at once (Promise.all: the dashboard, a profile) would hold
 * the whole server for all of them, and every other tablet's request would
 * wait that long (issue 11: no request stalls the others). Reads outside a
 * transaction therefore wait in one line and run in slices: back to back for
 * up to READ_SLICE_MS, then the event loop takes a turn (other requests'
 * input and output, timers) before the next slice. The longest stall is then
 * about the longest single statement, not a page's sum. Reads inside a
 * transaction run at once, on its connection, as before.
 */
function readTurns() {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  const runSlice = () => {
    const started = performance.now();
    while (waiting.length && performance.now() - started < READ_SLICE_MS) waiting.shift()!();
    if (waiting.length) nextTurn(runSlice);
    else scheduled = false;
  };
  return <T>(work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => work().then(resolve, reject));
      if (!scheduled) {
        scheduled = true;
        nextTurn(runSlice);
      }
    });
}

// --- PostgreSQL ---------------------------------------------------------------

// Counts and sums come back as bigint/numeric text by default; every value the
// app keeps in them (epoch milliseconds, counts, cents) fits a JS number.
// Drizzle's node-postgres session reads pg's global parsers on every query
// (a pool's own `types` are not consulted), so they are set globally.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number.parseFloat(value));

/**
 * How long an unused PostgreSQL connection is kept, by default. A new
 * connection is slow for its first statements: its server process reads the
 * catalogue afresh and plans each named statement again (db/dialect.ts). pg's
 * own default, 10 s, closed them between a quiet store's page views: Alicia's
 * profile took 230–270 ms after 11 s without a request against 75–130 ms
 * straight after another (measured on this project's test machine).
 */
export const POOL_IDLE_SECONDS = 300;

function openPostgres(url: string, poolSize?: number, idleSeconds?: number): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // 0 keeps them for as long as the process runs (pg's meaning of 0).
    idleTimeoutMillis: (idleSeconds ?? Number(process.env.DATABASE_POOL_IDLE_SECONDS ?? POOL_IDLE_SECONDS)) * 1000,
  });
  // An idle client losing its connection (a restart, a failover) must not take the process down.
  pool.on("error", (error) => console.error("PostgreSQL: an idle connection failed", error.message));
  // PostgreSQL's text cannot hold U+0000: every connection drops it from what it sends (db/nul.ts).
  pool.on("connect", sendWithoutNul);
  const db = limitsInText(drizzlePg(pool, { schema: pgSchema })) as unknown as Db;
  let closed = false;
  return {
    db,
    dialect: "pg",
    pool,
    async ping() {
      await pool.query("select 1");
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
    closeNow() {
      if (closed) return;
      closed = true;
      pool.end().catch(() => {});
    },
  };
}

/** Applies pending migrations; instances starting together take turns (an advisory lock). */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock(727274)");
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query("select pg_advisory_unlock(727274)");
    }
  } finally {
    client.release();
  }
}

// --- The process's database -------------------------------------------------

// Opened on first use (never during `next build`) and kept on globalThis so hot
// reload in development does not open more connections. SQLite is migrated on
// open; PostgreSQL by `npm run db:migrate` (several instances share it).
const globalForDb = globalThis as unknown as { shopkeeperDb?: OpenDatabase };

function processDatabase(): OpenDatabase {
  if (!globalForDb.shopkeeperDb) {
    const target = defaultTarget();
    globalForDb.shopkeeperDb = target.dialect === "pg" ? openPostgres(target.url) : openSqlite(target.file, { migrate: true });
  }
  return globalForDb.shopkeeperDb;
}

export function getDb(): Db {
  return processDatabase().db;
}

export function getOpenDatabase(): OpenDatabase {
  return processDatabase();
}

/** Closes the process's database at once, if it was opened: at the process's exit (lib/shutdown.ts). */
export function closeDbNow(): void {
  const open = globalForDb.shopkeeperDb;
  globalForDb.shopkeeperDb = undefined;
  open?.closeNow();
}
