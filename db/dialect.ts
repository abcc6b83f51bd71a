// Which database this process talks to, decided once from the environment:
// DATABASE_URL=postgres://… selects PostgreSQL; otherwise the SQLite file at
// DATABASE_PATH (default data/shopkeeper.db). No import of a driver here, so
// the choice can be read anywhere, the proxy included.

import { fillPlaceholders, sql, type Placeholder, type SQL, type Table } from "drizzle-orm";
import { PgDialect, alias as pgAlias, type PgTable } from "drizzle-orm/pg-core";
import { SQLiteSyncDialect, alias as sqliteAlias, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { withoutNul } from "./nul";
import type { Db } from "@/db";

export type Dialect = "sqlite" | "pg";

export function isPostgresUrl(url: string | undefined): url is string {
  return Boolean(url && /^postgres(ql)?:\/\//i.test(url));
}

export function currentDialect(): Dialect {
  return isPostgresUrl(process.env.DATABASE_URL) ? "pg" : "sqlite";
}

// --- What truly differs between the two databases ---------------------------
// Everything else is one piece of SQL: timestamps are epoch milliseconds in
// both, counts come back as numbers in both (db/index.ts), booleans and JSON
// are mapped by drizzle.


/** A second reference to a table in one query (a self-join). */
export function aliasTable<T extends Table>(table: T, name: string): T {
  return (currentDialect() === "pg" ? pgAlias(table as unknown as PgTable, name) : sqliteAlias(table as unknown as SQLiteTable, name)) as unknown as T;
}

/**
 * Locks the rows a check reads until the transaction ends, so two
 * transactions cannot both see the last unit free. PostgreSQL: SELECT … FOR
 * UPDATE. SQLite: nothing to add, since every write transaction already holds
 * the database's write lock (BEGIN IMMEDIATE).
 */
export function forUpdate<Q>(query: Q): Q {
  if (currentDialect() !== "pg") return query;
  return (query as unknown as { for(strength: "update"): Q }).for("update");
}

interface RawExecutor {
  all?: (query: SQL) => unknown;
  execute?: (query: SQL) => Promise<{ rows: unknown[] }>;
}

/** What selectTuples reaches inside drizzle's PostgreSQL handle (or transaction): its SQL builder and the pool or client. */
interface PgInternals {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: { client: { query(config: { name?: string; text: string; values: unknown[]; rowMode: "array" }): Promise<{ rows: unknown[] }> } };
}

/** Runs hand-written SQL and returns its rows, on either database. */
export async function selectRows<Row>(db: unknown, query: SQL): Promise<Row[]> {
  const executor = db as RawExecutor;
  if (currentDialect() === "pg") return (await executor.execute!(query)).rows as Row[];
  return executor.all!(query) as Row[];
}

/**
 * Like selectRows, each row as an array of its columns in the statement's
 * order: for reads of many rows, where making an object per row costs more
 * than reading it (better-sqlite3 builds each object key by key).
 *
 * A `name` makes it a named prepared statement on PostgreSQL: each
 * connection parses and plans it once and may keep a generic plan, rather
 * than planning it on every call (for a large statement, planning costs more
 * than running it). The name is given a hash of the SQL text, so a
 * statement whose text varies (with the number of words typed, say) is one
 * prepared statement per text. SQLite keeps compiled statements by their text
 * anyway (db/index.ts).
 */
export async function selectTuples<Row extends unknown[]>(db: unknown, query: SQL, name?: string): Promise<Row[]> {
  if (currentDialect() !== "pg") return (db as { values(q: SQL): unknown[][] }).values(query) as Row[];
  const { dialect, session } = db as PgInternals;
  const built = dialect.sqlToQuery(query);
  const prepared = name && `${name}_${textHash(built.sql)}`;
  return (await session.client.query({ name: prepared || undefined, text: built.sql, values: built.params, rowMode: "array" })).rows as Row[];
}

/** A short hash of a statement's text (FNV-1a, 32 bits, twice with different seeds), for its prepared name. */
function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

const SHAPES_KEPT = 256;
const shapes = new Map<string, { segments: string[]; params: unknown[] }>();

/** Stands for one value of a statement: its placeholder when the statement is made once per shape, else the value itself. */
export type StatementValue = (name: string, value: unknown) => SQL | Placeholder;
/** The value itself, for a statement made afresh. */
export const inlineValue: StatementValue = (_name, value) => sql`${value}`;

/**
 * A hand-written statement whose text is made once per shape. Drizzle turns
 * a large nested statement into text afresh on every call, and for the
 * lookup that took longer than the database took to run it. `build` writes
 * the statement with value(name, v) wherever a value goes and is called on
 * every call (writing it is quick); its text is made once and kept under
 * `key`, which must name everything else the text depends on.
 */
export function statementOfShape(key: string, build: (value: StatementValue) => SQL): SQL {
  const values: Record<string, unknown> = {};
  const query = build((name, value) => {
    if (name in values && values[name] !== value) throw new Error(`Statement ${key}: ${name} has two values`);
    values[name] = value;
    return sql.placeholder(name);
  });
  const dialect = currentDialect();
  const kept = `${dialect}:${key}`;
  let shape = shapes.get(kept);
  if (!shape) {
    const built = (dialect === "pg" ? new PgDialect() : new SQLiteSyncDialect()).sqlToQuery(query);
    const segments = built.sql.split(dialect === "pg" ? /\$\d+/ : "?");
    if (segments.length !== built.params.length + 1) throw new Error(`Statement ${key}: its text has a parameter's mark where no parameter is`);
    shape = { segments, params: built.params };
    if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value!);
    shapes.set(kept, shape);
  }
  const strings = Object.assign([...shape.segments], { raw: shape.segments }) as unknown as TemplateStringsArray;
  return sql(strings, ...fillPlaceholders(shape.params, values).map((value) => sql.param(value)));
}

/** Where the SQLite handle keeps the turn its reads wait for (db/index.ts); absent on a transaction and on PostgreSQL. */
export const READ_TURN = Symbol.for("shopkeeper.readTurn");
type ReadTurn = <T>(work: () => Promise<T>) => Promise<T>;

/** A query builder's statement made once: drizzle's prepare(name), which SQLite's builder takes without the name. */
interface Preparable<Result> {
  prepare(name: string): { execute(values?: Record<string, unknown>): PromiseLike<Result> };
}

/**
 * A read written with drizzle's query builder, turned into SQL once per
 * database handle and then run with each call's values. Drizzle otherwise
 * turns a builder into SQL afresh on every call, which for the profile's
 * joins cost about as much as SQLite took to run them; on PostgreSQL it is a
 * named prepared statement, which each connection also parses and plans once.
 *
 * `build` writes the statement with sql.placeholder(name) wherever a value
 * goes. A placeholder's value is sent as it is, not through its column's
 * mapping: a timestamp goes as epoch milliseconds (as both databases keep
 * it), never as a Date. `name` must be unique in the app (PostgreSQL keys
 * prepared statements by it). On SQLite the read waits for its turn like any
 * other (db/index.ts); in a transaction it runs at once on the transaction's
 * connection, as reads there do.
 */
export function preparedRead<Result, Values extends Record<string, unknown>>(name: string, build: (db: Db) => Preparable<Result>): (db: Db, values: Values) => Promise<Result> {
  const kept = new WeakMap<object, ReturnType<Preparable<Result>["prepare"]>>();
  return (db, values) => {
    let statement = kept.get(db);
    if (!statement) {
      statement = build(db).prepare(name);
      kept.set(db, statement);
    }
    const run = () => Promise.resolve(statement.execute(values));
    const turn = (db as { [READ_TURN]?: ReadTurn })[READ_TURN];
    return turn ? turn(run) : run();
  };
}

/**
 * A row limit written into the statement's text rather than sent as a value.
 * PostgreSQL plans a prepared statement once for any values (a generic plan)
 * only when that plan looks about as cheap as one made for the values given,
 * and a limit it cannot see looks like a tenth of the table: with the limit
 * in the text, a statement is planned once per connection instead of on every
 * call. SQLite (3.53) reads a limit sent as a value when it plans some
 * reads (seen: an index range read in the index's order, a column in a list
 * of values), and then compiles the statement again on every run: the
 * suggestions' two statements spent about a fifth of their instructions on
 * that (counted with callgrind).
 */
export function literalCount(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`A row limit is a whole number, not ${n}`);
  return sql.raw(String(n));
}

/**
 * Makes drizzle write every whole-number `.limit(n)` of this database's
 * queries into the statement's text, as literalCount does for hand-written
 * ones; `sql.placeholder` limits stay values. Measured on ten staff pages'
 * statements (SQLite 3.53, with or without planner statistics): with the
 * limit sent as a value, 26 of their 35 limited reads ran 2–15 times slower
 * and 8 more 1.3–2 times; callgrind shows SQLite compiling such a read again
 * on every run. PostgreSQL plans its named statements once only when it can
 * see the limit. Offsets are unaffected and stay values. Wraps the one
 * dialect method every select (subqueries and relational queries included)
 * is built with, on this database's own dialect object.
 */
export function limitsInText<Database extends object>(database: Database): Database {
  type Config = { limit?: unknown };
  const dialect = (database as unknown as { dialect?: { buildSelectQuery?: (config: Config) => SQL } }).dialect;
  const build = dialect?.buildSelectQuery;
  if (!dialect || typeof build !== "function") throw new Error("This drizzle version builds selects differently: limitsInText needs updating.");
  dialect.buildSelectQuery = (config: Config) =>
    build.call(dialect, typeof config.limit === "number" && Number.isSafeInteger(config.limit) && config.limit >= 0 ? { ...config, limit: literalCount(config.limit) } : config);
  return database;
}

/** Runs a hand-written statement and returns how many rows it changed. */
export async function runStatement(db: unknown, query: SQL): Promise<number> {
  const executor = db as { run?: (q: SQL) => { changes: number }; execute?: (q: SQL) => Promise<{ rowCount: number | null }> };
  if (currentDialect() === "pg") return (await executor.execute!(query)).rowCount ?? 0;
  return executor.run!(query).changes;
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string") codes.push(e.code);
  }
  return codes;
}

/** A unique constraint refused the write: SQLite's SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL's 23505. */
export function isUniqueViolation(error: unknown): boolean {
  return errorCodes(error).some((code) => code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY");
}

/** Any integrity constraint refused the write (unique, foreign key, not null, check). */
export function isConstraintViolation(error: unknown): boolean {
  return errorCodes(error).some((code) => code.startsWith("SQLITE_CONSTRAINT") || code.startsWith("23"));
}

/** The database itself failed (disk, lock, connection), as opposed to one row being refused. */
export function isDatabaseFailure(error: unknown): boolean {
  const failures = ["SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_NOMEM", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_INTERRUPT"];
  return errorCodes(error).some(
    (code) =>
      failures.some((failure) => code === failure || code.startsWith(`${failure}_`)) ||
      // PostgreSQL classes: 08 connection, 53 resources, 57 operator intervention, 58 system, XX internal;
      // 25006 read-only transaction (a standby after a failover); 40001/40P01 serialization and deadlock.
      /^(08|53|57|58|XX)/.test(code) ||
      code === "25006" ||
      code === "40001" ||
      code === "40P01" ||
      code === "ECONNREFUSED" ||
      code === "ECONNRESET",
  );
}

/**
 * A list of text values sent as one parameter, as a table of `value` and its
 * `position` (from 0) to select from: `p.id in (select value from ${textList(ids)})`.
 * The statement reads the same whatever the list's length, so each
 * connection compiles it once (db/index.ts) rather than once per length.
 */
export function textList(values: readonly string[], name = "list"): SQL {
  return currentDialect() === "pg"
    ? sql`(select value, position - 1 as position from unnest(cast(${sql.param(values)} as text[])) with ordinality as list(value, position)) as ${sql.identifier(name)}`
    : sql`(select value, key as position from json_each(${JSON.stringify(values)})) as ${sql.identifier(name)}`;
}

/**
 * `column` is one of `values`, sent as one parameter (the statement's text
 * stays the same whatever the list's length). PostgreSQL: `= any(array)`,
 * which an index on the column can search; SQLite: a json_each list.
 */
export function inList(column: SQL, values: readonly string[]): SQL {
  return currentDialect() === "pg"
    ? sql`${column} = any(cast(${sql.param(values)} as text[]))`
    : sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * The rows of `table` whose `column` is one of `values`, as the FROM item and
 * the condition that goes with it. SQLite walks the column's index one value
 * after another, in the values' order (the list leads a CROSS JOIN, whatever
 * its statistics say: stale ones made it scan the table); PostgreSQL gets
 * `= any(array)` and reads them in the order its plan finds them.
 */
export function walkByList(table: SQL, column: SQL, values: readonly string[]): { from: SQL; where: SQL } {
  if (currentDialect() === "pg") return { from: table, where: inList(column, values) };
  return { from: sql`json_each(${JSON.stringify(values)}) as walked cross join ${table}`, where: sql`${column} = walked.value` };
}

/**
 * The text at `key` of a JSON object sent as one parameter (null when it has
 * no such key): PostgreSQL's jsonb `->>`, SQLite's `->>` (where a key with a
 * double quote in it is never found).
 */
export function jsonField(object: Record<string, string>, key: SQL): SQL {
  return currentDialect() === "pg" ? sql`(cast(${JSON.stringify(withoutNul(object))} as jsonb) ->> ${key})` : sql`(${JSON.stringify(object)} ->> ${key})`;
}

/**
 * `column` is one of a few values, some of them computed from other tables
 * of the join: PostgreSQL gets `= any(array[…])`, which can search an index
 * for each row of the outer table (an IN list of expressions becomes ORs,
 * which cannot), SQLite an IN list.
 */
export function inValues(column: SQL, values: SQL[]): SQL {
  const list = sql.join(values, sql`, `);
  return currentDialect() === "pg" ? sql`${column} = any(array[${list}])` : sql`${column} in (${list})`;
}
