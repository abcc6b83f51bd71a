import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, PG_MIGRATIONS_FOLDER, type Db } from "@/db";
import { currentDialect, runStatement } from "@/db/dialect";

const ROLLUPS = ["report_days", "report_hours", "report_contact_pairs"] as const;

/**
 * The backfill of migration *_report_rollups.sql: plain GROUP BY queries that
 * compute the roll-ups from the rows, independently of the triggers that keep
 * them current. For bulk loads that run without triggers, and for tests that
 * check the triggers against it. Not for the app's pages.
 */
export function rollupBackfillStatements(): string[] {
  const folder = currentDialect() === "pg" ? PG_MIGRATIONS_FOLDER : MIGRATIONS_FOLDER;
  const file = fs.readdirSync(folder).find((name) => name.endsWith("_report_rollups.sql"));
  if (!file) throw new Error(`No *_report_rollups.sql migration in ${folder}`);
  return fs
    .readFileSync(path.join(folder, file), "utf8")
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter((statement) => /^(INSERT|UPDATE)/.test(statement));
}

/** Empties the roll-ups and computes them again from the rows, in one transaction. */
export async function rebuildReportRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of ROLLUPS) await runStatement(tx, sql.raw(`delete from ${table}`));
    for (const statement of rollupBackfillStatements()) await runStatement(tx, sql.raw(statement));
  });
}
