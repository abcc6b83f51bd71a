import { describe, expect, it } from "vitest";
import { isTable } from "drizzle-orm";
import { getTableConfig as pgConfig, type PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

// The two schemas are written by hand, side by side: this keeps them the same
// tables, columns, keys and indexes, so a change made to one alone fails here.

interface Shape {
  columns: Array<{ name: string; notNull: boolean; primary: boolean; hasDefault: boolean; kind: string }>;
  primaryKeys: string[][];
  indexes: Array<{ name: string; columns: string[]; unique: boolean }>;
  foreignKeys: string[];
}

/** What a column holds, in words both dialects share. */
function kindOf(column: { columnType: string; dataType: string; getSQLType(): string }): string {
  const sqlType = column.getSQLType();
  // PostgreSQL's custom columns: epoch milliseconds (bigint) and byte-ordered text.
  if (column.columnType === "PgCustomColumn") return sqlType === "bigint" ? "time" : sqlType.startsWith("text") ? "string" : sqlType === "jsonb" ? "json" : sqlType;
  if (/Boolean/i.test(column.columnType)) return "boolean";
  if (/Json/i.test(column.columnType)) return "json";
  if (/Timestamp/i.test(column.columnType)) return "time";
  return column.dataType;
}

function describeTable(config: ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>): Shape {
  const columnNames = (columns: Array<{ name: string }>) => columns.map((c) => c.name);
  return {
    columns: config.columns
      .map((c) => ({ name: c.name, notNull: c.notNull, primary: c.primary, hasDefault: c.hasDefault, kind: kindOf(c) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    primaryKeys: config.primaryKeys.map((pk) => columnNames(pk.columns)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name!, columns: (i.config.columns as Array<{ name: string }>).map((c) => c.name), unique: Boolean(i.config.unique) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${columnNames(ref.columns).join(",")} -> ${columnNames(ref.foreignColumns).join(",")} on delete ${fk.onDelete ?? "no action"}`;
      })
      .sort(),
  };
}

const tablesOf = (schema: Record<string, unknown>) => Object.entries(schema).filter(([, value]) => isTable(value));

describe("the SQLite and PostgreSQL schemas", () => {
  it("declare the same tables under the same names", () => {
    expect(tablesOf(pgSchema).map(([name]) => name).sort()).toEqual(tablesOf(sqliteSchema).map(([name]) => name).sort());
  });

  it.each(tablesOf(sqliteSchema).map(([name]) => name))("%s: the same columns, keys, indexes and foreign keys", (name) => {
    const lite = describeTable(sqliteConfig((sqliteSchema as unknown as Record<string, SQLiteTable>)[name]!));
    const pg = describeTable(pgConfig((pgSchema as unknown as Record<string, PgTable>)[name]!));
    expect(pg).toEqual(lite);
  });
});
