import "server-only";
import { randomUUID } from "node:crypto";
import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { stores } from "@/db/schema";
import { recordAudit } from "./audit";
import { readRows, UnusableFileError, type ImportRow, type ImportSource, type RejectedRow } from "./customer-import/parse";
import { writeChunk, type ImportingStore } from "./customer-import/write";

// Customers from a Shopify customer export (or any CSV with its column names).
// The file is streamed twice: once to check it can be read at all, writing
// nothing (customer-import/parse.ts), then again to write it in chunks of 500
// rows, one transaction each (customer-import/write.ts).

export { MAX_UPLOAD_BYTES, textSource, type ImportRow, type ImportSource, type RejectedRow } from "./customer-import/parse";

export interface ImportProgress {
  phase: "checking" | "importing";
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface ImportReport {
  fileName: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

export type ImportResult =
  | { ok: true; report: ImportReport }
  /**
   * The file cannot be used, and nothing was written; or, with `partial`, the
   * database failed partway and `partial` counts the rows written before it.
   */
  | { ok: false; message: string; partial?: ImportReport };

export interface ImportOptions {
  source: ImportSource;
  /** Home store of the customers it creates; customers of other stores are left alone. */
  storeId: string;
  /** The staff member running it, for the audit log; null from the command line. */
  staffId?: string | null;
  chunkSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

const count = (n: number) => n.toLocaleString("en-US");

export async function importCustomers(db: Db, { source, storeId, staffId = null, chunkSize = 500, onProgress }: ImportOptions): Promise<ImportResult> {
  const progress = (phase: ImportProgress["phase"], rows: number, bytes: number) => onProgress?.({ phase, rows, bytes, totalBytes: source.bytes });
  let bytes = 0;
  let rows = 0;
  try {
    for await (const _ of readRows(source, (b) => (bytes = b))) if (++rows % 1000 === 0) progress("checking", rows, bytes);
  } catch (error) {
    if (error instanceof UnusableFileError) return { ok: false, message: error.message };
    throw error;
  }
  progress("checking", rows, source.bytes);

  const names = new Map((await db.select({ id: stores.id, name: stores.name }).from(stores)).map((s) => [s.id, s.name]));
  const store: ImportingStore = { id: storeId, names };
  const report: ImportReport = { fileName: source.name, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  // Rows read since the last write; they join the report once their chunk is saved.
  let pending = { firstLine: 0, rows: 0, valid: [] as ImportRow[], rejected: [] as RejectedRow[] };
  let stoppedAt: number | undefined;
  /** Saves the pending rows; false if the database failed, leaving none of them written. */
  const flush = async (): Promise<boolean> => {
    if (pending.valid.length) {
      try {
        const outcome = await writeChunk(db, pending.valid, store);
        report.created += outcome.created;
        report.updated += outcome.updated;
        report.unchanged += outcome.unchanged;
        report.rejected.push(...outcome.rejected);
      } catch (error) {
        console.error(`Customer import of ${source.name} stopped at line ${pending.firstLine}:`, error);
        stoppedAt = pending.firstLine;
        return false;
      }
    }
    report.rows += pending.rows;
    report.rejected.push(...pending.rejected);
    pending = { firstLine: 0, rows: 0, valid: [], rejected: [] };
    progress("importing", report.rows, bytes);
    return true;
  };
  bytes = 0;
  try {
    for await (const item of readRows(source, (b) => (bytes = b))) {
      if (!pending.rows) pending.firstLine = item.line;
      pending.rows++;
      if ("reason" in item) pending.rejected.push(item);
      else pending.valid.push(item);
      if (pending.valid.length >= chunkSize && !(await flush())) break;
    }
  } catch (error) {
    // Only if the file was changed between the two readings.
    if (error instanceof UnusableFileError) throw new Error(`${source.name} changed during the import, after line ${report.rows}: ${error.message}`);
    throw error;
  }
  if (stoppedAt === undefined) await flush();
  report.rejected.sort((a, b) => a.line - b.line);

  if (stoppedAt !== undefined) {
    // The database may still be failing: the report matters more than its audit entry.
    await recordImport(db, { report, storeId, staffId, stoppedAtLine: stoppedAt }).catch((error) => console.error("Customer import: the audit entry could not be written:", error));
    const { created, updated, unchanged, rejected } = report;
    return {
      ok: false,
      partial: report,
      message:
        `Stopped at line ${count(stoppedAt)} because the database refused a write; rows before it are saved (${count(created)} new, ${count(updated)} updated, ${count(unchanged)} unchanged, ${count(rejected.length)} rejected). ` +
        "Import the same file again to finish — rows already imported will count as unchanged.",
    };
  }
  await recordImport(db, { report, storeId, staffId });
  return { ok: true, report };
}

async function recordImport(db: Db, { report, storeId, staffId, stoppedAtLine }: { report: ImportReport; storeId: string; staffId: string | null; stoppedAtLine?: number }) {
  if (!staffId) return;
  const { fileName, rows, created, updated, unchanged } = report;
  await recordAudit(db, {
    staffId,
    storeId,
    action: "customers.imported",
    targetType: "customer_import",
    targetId: randomUUID(),
    detail: { fileName, rows, created, updated, unchanged, rejected: report.rejected.length, ...(stoppedAtLine === undefined ? {} : { stoppedAtLine }) },
  });
}

/** A store by id or name (any case); the flagship when none is given. */
export async function findImportStore(db: Db, idOrName?: string): Promise<{ id: string; name: string } | { error: string }> {
  const all = await db.select({ id: stores.id, name: stores.name, isFlagship: stores.isFlagship }).from(stores).orderBy(asc(stores.name));
  const wanted = idOrName?.trim().toLowerCase();
  const store = wanted ? all.find((s) => s.id === idOrName?.trim() || s.name.toLowerCase() === wanted) : (all.find((s) => s.isFlagship) ?? all[0]);
  if (store) return { id: store.id, name: store.name };
  return { error: all.length ? `No store "${idOrName}". Stores: ${all.map((s) => s.name).join(", ")}.` : "There are no stores yet; seed the database first." };
}
