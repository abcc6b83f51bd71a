import "server-only";
import { randomUUID } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { asc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { customerSearchTerms, customers, stores } from "@/db/schema";
import { recordAudit } from "./audit";
import { reindexCustomer } from "./customers";
import { customerSearchTerms as termsFor, digitsOnly } from "./search-terms";

// Customers from a Shopify customer export (or any CSV with its column names).
// The file is streamed twice: once to check it can be read at all, writing
// nothing, then again to write it in chunks of 500 rows, one transaction each.
// If the database refuses anything in a chunk, the chunk is rolled back and
// redone a row at a time, each row in a savepoint: a row lands whole or not at
// all, and one bad row never takes the others down.

/**
 * Largest file the upload page takes: about 50,000 Shopify rows. It stays under
 * the 9 MB server action body limit (next.config.ts), itself under the 10 MB the
 * proxy reads of a request body. The command line streams and has no limit.
 */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const MAX_RECORD_CHARS = 100_000;

export interface ImportSource {
  name: string;
  bytes: number;
  /** A fresh stream of the file's bytes; called once per pass. */
  open: () => AsyncIterable<Uint8Array | string>;
}

export interface ImportProgress {
  phase: "checking" | "importing";
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ImportReport {
  fileName: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

export type ImportResult = { ok: true; report: ImportReport } | { ok: false; message: string };

/** An in-memory file (an upload, a test fixture), handed out in 64 KB slices like a file stream. */
export function textSource(name: string, content: string | Uint8Array): ImportSource {
  const bytes = typeof content === "string" ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return {
    name,
    bytes: bytes.length,
    open: async function* () {
      for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
    },
  };
}

// Shopify's column names, current ("Default Address …") and older exports; the first non-empty one wins.
const COLUMNS = {
  externalId: ["customer id"],
  firstName: ["first name"],
  lastName: ["last name"],
  email: ["email"],
  phone: ["phone", "default address phone"],
  consentEmail: ["accepts email marketing", "accepts marketing"],
  consentSms: ["accepts sms marketing"],
  company: ["company", "default address company"],
  address1: ["address1", "default address address1"],
  address2: ["address2", "default address address2"],
  city: ["city", "default address city"],
  province: ["province", "default address province", "province code", "default address province code"],
  country: ["country", "default address country", "country code", "default address country code"],
  zip: ["zip", "default address zip"],
  tags: ["tags"],
  note: ["note"],
} as const;
type Column = keyof typeof COLUMNS;
type Header = { width: number; at: Record<Column, number[]> };

class UnusableFileError extends Error {}

const headerName = (value: string) => value.trim().toLowerCase().replace(/\s+/g, " ");

function readHeader(record: string[]): Header {
  const positions = new Map<string, number>();
  record.forEach((name, i) => {
    if (!positions.has(headerName(name))) positions.set(headerName(name), i);
  });
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([column, names]) => [column, names.map((n) => positions.get(n)).filter((i) => i !== undefined)]),
  ) as Header["at"];
  const missing = [
    at.firstName.length || at.lastName.length ? null : "First Name or Last Name",
    at.email.length || at.phone.length ? null : "Email or Phone",
  ].filter(Boolean);
  if (missing.length) {
    const firstLine = record.join(", ");
    throw new UnusableFileError(
      `This file has no ${missing.join(" and no ")} column, so nothing was imported. Its first line should name the columns of a Shopify customer export (First Name, Last Name, Email, Phone…); it reads "${firstLine.length > 120 ? `${firstLine.slice(0, 120)}…` : firstLine}".`,
    );
  }
  return { width: record.length, at };
}

const quoted = (value: string) => `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
const EMAIL = z.email();
const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

/**
 * To E.164, or null if it cannot be a phone number. Numbers without a country
 * code are read as US/Canada (the demo retailer's stores are all in the US):
 * "(212) 555-0143" → "+12125550143". Others need "+" or "00" and the code.
 */
export function normalisePhone(raw: string): string | null {
  const value = raw.trim().replace(/^'/, "").replace(/\s*(?:ext\.?|x|#)\s*\d+$/i, "");
  if (!/^\+?[\d\s().\-/]+$/.test(value)) return null;
  const digits = digitsOnly(value);
  const nanp = (ten: string) => (/^[2-9]\d{2}[2-9]\d{6}$/.test(ten) ? `+1${ten}` : null);
  if (value.startsWith("+") || value.startsWith("00")) {
    const international = value.startsWith("+") ? digits : digits.slice(2);
    if (international.startsWith("1")) return international.length === 11 ? nanp(international.slice(1)) : null;
    return /^[2-9]\d{6,13}$/.test(international) ? `+${international}` : null;
  }
  if (digits.length === 10) return nanp(digits);
  if (digits.length === 11 && digits.startsWith("1")) return nanp(digits.slice(1));
  return null;
}

const optionalText = (label: string, max: number) => z.string().max(max, `${label} is longer than ${max} characters`).optional();
const consent = (label: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const word = value.toLowerCase();
      if (YES.has(word)) return true;
      if (NO.has(word)) return false;
      ctx.addIssue({ code: "custom", message: `${label} ${quoted(value)} should be yes or no` });
      return z.NEVER;
    });

/** One row's cells, trimmed, with empty cells as undefined. Empty never erases what is stored. */
const rowSchema = z
  .object({
    externalId: optionalText("Customer ID", 64),
    firstName: optionalText("first name", 100),
    lastName: optionalText("last name", 100),
    email: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const email = value.toLowerCase();
        if (email.length <= 254 && EMAIL.safeParse(email).success) return email;
        ctx.addIssue({ code: "custom", message: `email ${quoted(value)} is not an email address` });
        return z.NEVER;
      }),
    phone: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const phone = normalisePhone(value);
        if (phone) return phone;
        ctx.addIssue({ code: "custom", message: `phone ${quoted(value)} is not a phone number (10 digits for the US, otherwise + and the country code)` });
        return z.NEVER;
      }),
    consentEmail: consent("Accepts Email Marketing"),
    consentSms: consent("Accepts SMS Marketing"),
    company: optionalText("company", 200),
    address1: optionalText("address1", 200),
    address2: optionalText("address2", 200),
    city: optionalText("city", 100),
    province: optionalText("province", 100),
    country: optionalText("country", 100),
    zip: optionalText("zip", 20),
    tags: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const tags = new Map<string, string>();
        for (const tag of value.split(",").map((t) => t.trim()).filter(Boolean)) if (!tags.has(tag.toLowerCase())) tags.set(tag.toLowerCase(), tag);
        const list = [...tags.values()];
        if (list.length > 250 || list.some((t) => t.length > 100)) {
          ctx.addIssue({ code: "custom", message: "tags: at most 250 tags of up to 100 characters each" });
          return z.NEVER;
        }
        return list;
      }),
    note: optionalText("note", 5000),
  })
  // Reported with the field errors, so a row's every problem shows at once.
  .refine((r) => r.firstName || r.lastName, { message: "needs a first or last name", when: () => true })
  .refine((r) => r.email || r.phone, { message: "needs an email or a phone number", when: () => true });

export interface ImportRow {
  line: number;
  externalId?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  consentEmail?: boolean;
  consentSms?: boolean;
  city?: string;
  address?: Record<string, string>;
  tags?: string[];
  note?: string;
}

const ADDRESS_KEYS = ["company", "address1", "address2", "city", "province", "country", "zip"] as const;

function validateRow(record: string[], header: Header, line: number): ImportRow | RejectedRow {
  const cells: Partial<Record<Column, string>> = {};
  for (const column of Object.keys(COLUMNS) as Column[]) {
    for (const i of header.at[column]) {
      const cell = (record[i] ?? "").trim();
      // Shopify writes phones and zips as '+1212… and '02134 so spreadsheets keep them as text.
      const value = column === "phone" || column === "zip" ? cell.replace(/^'/, "").trim() : cell;
      if (value) {
        cells[column] = value;
        break;
      }
    }
  }
  const parsed = rowSchema.safeParse(cells);
  if (!parsed.success) {
    const whole = parsed.error.issues.filter((i) => i.path.length === 0);
    const fields = parsed.error.issues.filter((i) => i.path.length > 0);
    return { line, reason: [...whole, ...fields].map((i) => i.message).join("; ") };
  }
  const { company, address1, address2, province, country, zip, ...row } = parsed.data;
  const parts = { company, address1, address2, city: row.city, province, country, zip };
  const address = Object.fromEntries(ADDRESS_KEYS.filter((k) => parts[k]).map((k) => [k, parts[k]!]));
  return { line, ...row, address: Object.keys(address).length ? address : undefined };
}

const innerLineBreaks = (record: string[]) => record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** Each data row of the file, checked: a valid row or a rejected one. Throws UnusableFileError for a file that cannot be read. */
async function* readRows(source: ImportSource, onBytes: (bytes: number) => void): AsyncGenerator<ImportRow | RejectedRow> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD_CHARS });
  pipeline(Readable.from(source.open()), parser, () => {});
  // Counted here: csv-parse counts a CRLF inside a quoted value as two lines.
  let lastLine = 0;
  let header: Header | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = lastLine + 1;
      lastLine = line + innerLineBreaks(record);
      onBytes(parser.info.bytes);
      if (record.every((field) => !field.trim())) continue;
      if (record.some((field) => field.includes("\uFFFD"))) {
        throw new UnusableFileError(`Line ${line} has characters that are not UTF-8 text, so nothing was imported. In Excel, save the file as "CSV UTF-8".`);
      }
      if (!header) {
        header = readHeader(record);
        continue;
      }
      if (record.length > header.width && record.slice(header.width).some((field) => field.trim())) {
        yield { line, reason: `has ${record.length} values but the first line names ${header.width} columns; a value with a comma may be missing its quotes` };
        continue;
      }
      yield validateRow(record, header, line);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = lastLine + 1;
    if (error.code === "CSV_QUOTE_NOT_CLOSED" || error.code === "CSV_MAX_RECORD_SIZE") {
      throw new UnusableFileError(`The quoted value that starts on line ${line} is never closed, so the rest of the file cannot be read and nothing was imported. Check that line for a stray double quote (").`);
    }
    throw new UnusableFileError(`Line ${line} cannot be read as CSV (${error.message}), so nothing was imported.`);
  }
  if (!header) throw new UnusableFileError("The file is empty, so nothing was imported.");
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
const STORED = {
  id: customers.id,
  externalId: customers.externalId,
  firstName: customers.firstName,
  lastName: customers.lastName,
  email: customers.email,
  phone: customers.phone,
  city: customers.city,
  consentEmail: customers.consentEmail,
  consentSms: customers.consentSms,
  tags: customers.tags,
  address: customers.address,
  sourceNote: customers.sourceNote,
};
interface Stored {
  id: string;
  externalId: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  consentEmail: boolean;
  consentSms: boolean;
  tags: string[];
  address: Record<string, string> | null;
  sourceNote: string | null;
}
type Patch = Partial<Omit<Stored, "id">>;

/** Existing customers a chunk's rows may match, and the rows written so far, by each key. */
class Matches {
  byExternalId = new Map<string, Stored>();
  byEmail = new Map<string, Stored>();
  byPhone = new Map<string, Stored[]>();

  add(c: Stored) {
    if (c.externalId) this.byExternalId.set(c.externalId, c);
    if (c.email) this.byEmail.set(c.email, c);
    if (c.phone) this.byPhone.set(c.phone, [...(this.byPhone.get(c.phone) ?? []), c]);
  }

  change(c: Stored, patch: Patch) {
    if (c.externalId) this.byExternalId.delete(c.externalId);
    if (c.email) this.byEmail.delete(c.email);
    if (c.phone) this.byPhone.set(c.phone, (this.byPhone.get(c.phone) ?? []).filter((o) => o !== c));
    Object.assign(c, patch);
    this.add(c);
  }

  /** By Customer ID, then email, then phone; a phone match must not contradict the row's email or Customer ID. */
  find(row: ImportRow): { customer?: Stored; conflict?: string } {
    const byId = row.externalId ? this.byExternalId.get(row.externalId) : undefined;
    const byEmail = row.email ? this.byEmail.get(row.email) : undefined;
    if (byId && byEmail && byId !== byEmail) return { conflict: `Customer ID ${quoted(row.externalId!)} and email ${quoted(row.email!)} belong to two different customers` };
    const found = byId ?? byEmail;
    if (found?.externalId && row.externalId && found.externalId !== row.externalId) {
      return { conflict: `email ${quoted(row.email!)} already belongs to the customer with Customer ID ${quoted(found.externalId)}` };
    }
    if (found) return { customer: found };
    const samePerson = (c: Stored) => (!row.email || !c.email) && (!row.externalId || !c.externalId);
    return { customer: row.phone ? this.byPhone.get(row.phone)?.find(samePerson) : undefined };
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const sameRecord = (a: Record<string, string>, b: Record<string, string> | null) =>
  b !== null && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** What the row would change; fields the file leaves empty are kept. */
function patchFor(c: Stored, row: ImportRow): Patch {
  const patch: Patch = {};
  for (const key of ["externalId", "firstName", "lastName", "email", "phone", "city", "consentEmail", "consentSms"] as const) {
    if (row[key] !== undefined && row[key] !== c[key]) Object.assign(patch, { [key]: row[key] });
  }
  if (row.note !== undefined && row.note !== c.sourceNote) patch.sourceNote = row.note;
  if (row.tags && !sameList(row.tags, c.tags)) patch.tags = row.tags;
  if (row.address && !sameRecord(row.address, c.address)) patch.address = row.address;
  return patch;
}

interface ChunkOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

function loadMatches(tx: Tx, rows: ImportRow[]): Matches {
  const keys = (pick: (r: ImportRow) => string | undefined) => [...new Set(rows.map(pick).filter((v) => v !== undefined))];
  const [ids, emails, phones] = [keys((r) => r.externalId), keys((r) => r.email), keys((r) => r.phone)];
  const matches = new Matches();
  const where = or(
    ids.length ? inArray(customers.externalId, ids) : undefined,
    emails.length ? inArray(customers.email, emails) : undefined,
    phones.length ? inArray(customers.phone, phones) : undefined,
  );
  if (where) for (const c of tx.select(STORED).from(customers).where(where).orderBy(asc(customers.createdAt), asc(customers.id)).all()) matches.add(c);
  return matches;
}

type Step = { kind: "reject"; reason: string } | { kind: "unchanged" } | { kind: "update"; customer: Stored; patch: Patch } | { kind: "create"; customer: Stored };

function planRow(row: ImportRow, matches: Matches): Step {
  const { customer, conflict } = matches.find(row);
  if (conflict) return { kind: "reject", reason: conflict };
  if (customer) {
    const patch = patchFor(customer, row);
    return Object.keys(patch).length ? { kind: "update", customer, patch } : { kind: "unchanged" };
  }
  return {
    kind: "create",
    customer: {
      id: randomUUID(),
      externalId: row.externalId ?? null,
      firstName: row.firstName ?? "",
      lastName: row.lastName ?? "",
      email: row.email ?? null,
      phone: row.phone ?? null,
      city: row.city ?? null,
      consentEmail: row.consentEmail ?? false,
      consentSms: row.consentSms ?? false,
      tags: row.tags ?? [],
      address: row.address ?? null,
      sourceNote: row.note ?? null,
    },
  };
}

const touchesTerms = (patch: Patch) => "firstName" in patch || "lastName" in patch || "email" in patch || "phone" in patch;

function updateCustomer(tx: Tx, id: string, patch: Patch) {
  tx.update(customers).set(patch).where(eq(customers.id, id)).run();
  if (touchesTerms(patch)) reindexCustomer(tx, id);
}

// One prepared insert run per row is much cheaper than building multi-row inserts.
const CREATED_COLUMNS = [...(Object.keys(STORED) as Array<keyof Stored>), "homeStoreId"] as const;
const placeholders = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, sql.placeholder(name)]));
// A placeholder's value goes through the column's encoder even when null, which
// would store JSON "null" for a missing address; this one is encoded by hand.
const RAW_ADDRESS = { address: sql`${sql.placeholder("address")}` };

/**
 * The usual case, fast: the chunk's new customers and their search terms go in
 * through prepared inserts. Their terms are what reindexCustomer would write
 * for a customer without handles; updates go through reindexCustomer itself.
 * Any failure throws, rolling the whole chunk back for writeEachRow.
 */
function writeChunkAtOnce(tx: Tx, rows: ImportRow[], storeId: string): ChunkOutcome {
  const outcome: ChunkOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const matches = loadMatches(tx, rows);
  const created = new Set<Stored>();
  for (const row of rows) {
    const step = planRow(row, matches);
    if (step.kind === "reject") outcome.rejected.push({ line: row.line, reason: step.reason });
    else if (step.kind === "unchanged") outcome.unchanged++;
    else if (step.kind === "create") {
      created.add(step.customer);
      matches.add(step.customer);
      outcome.created++;
    } else {
      // A repeat of a row created earlier in this chunk changes the row before it is inserted.
      if (!created.has(step.customer)) updateCustomer(tx, step.customer.id, step.patch);
      matches.change(step.customer, step.patch);
      outcome.updated++;
    }
  }
  if (created.size) {
    const insertCustomer = tx.insert(customers).values({ ...placeholders(CREATED_COLUMNS), ...RAW_ADDRESS } as never).prepare();
    const insertTerm = tx.insert(customerSearchTerms).values(placeholders(["term", "customerId", "kind"]) as never).prepare();
    for (const c of created) {
      insertCustomer.run({ ...c, homeStoreId: storeId, address: c.address && customers.address.mapToDriverValue(c.address) });
      for (const t of termsFor(c)) insertTerm.run({ ...t, customerId: c.id });
    }
  }
  return outcome;
}

/** Row by row, each in a savepoint: a row the database refuses leaves nothing behind and the others are saved. */
function writeEachRow(tx: Tx, rows: ImportRow[], storeId: string): ChunkOutcome {
  const outcome: ChunkOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const matches = loadMatches(tx, rows);
  for (const row of rows) {
    const step = planRow(row, matches);
    if (step.kind === "reject") outcome.rejected.push({ line: row.line, reason: step.reason });
    else if (step.kind === "unchanged") outcome.unchanged++;
    else {
      try {
        tx.transaction((sp) => {
          if (step.kind === "update") return updateCustomer(sp, step.customer.id, step.patch);
          sp.insert(customers).values({ ...step.customer, homeStoreId: storeId }).run();
          reindexCustomer(sp, step.customer.id);
        });
      } catch (error) {
        console.error(`Customer import, line ${row.line}:`, error);
        outcome.rejected.push({ line: row.line, reason: "could not be saved because of a database error; nothing from this row was written" });
        continue;
      }
      if (step.kind === "update") {
        matches.change(step.customer, step.patch);
        outcome.updated++;
      } else {
        matches.add(step.customer);
        outcome.created++;
      }
    }
  }
  return outcome;
}

function writeChunk(db: Db, rows: ImportRow[], storeId: string): ChunkOutcome {
  try {
    return db.transaction((tx) => writeChunkAtOnce(tx, rows, storeId), { behavior: "immediate" });
  } catch {
    return db.transaction((tx) => writeEachRow(tx, rows, storeId), { behavior: "immediate" });
  }
}

export interface ImportOptions {
  source: ImportSource;
  /** Home store of the customers it creates. */
  storeId: string;
  /** The staff member running it, for the audit log; null from the command line. */
  staffId?: string | null;
  chunkSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

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

  const report: ImportReport = { fileName: source.name, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  let chunk: ImportRow[] = [];
  const flush = () => {
    if (chunk.length) {
      const outcome = writeChunk(db, chunk, storeId);
      report.created += outcome.created;
      report.updated += outcome.updated;
      report.unchanged += outcome.unchanged;
      report.rejected.push(...outcome.rejected);
      chunk = [];
    }
    progress("importing", report.rows, bytes);
  };
  bytes = 0;
  try {
    for await (const item of readRows(source, (b) => (bytes = b))) {
      report.rows++;
      if ("reason" in item) report.rejected.push(item);
      else chunk.push(item);
      if (chunk.length >= chunkSize) flush();
    }
  } catch (error) {
    // Only if the file was changed between the two readings.
    if (error instanceof UnusableFileError) throw new Error(`${source.name} changed during the import, after line ${report.rows}: ${error.message}`);
    throw error;
  }
  flush();
  report.rejected.sort((a, b) => a.line - b.line);

  if (staffId) {
    const { fileName, rows: total, created, updated, unchanged } = report;
    await recordAudit(db, {
      staffId,
      storeId,
      action: "customers.imported",
      targetType: "customer_import",
      targetId: randomUUID(),
      detail: { fileName, rows: total, created, updated, unchanged, rejected: report.rejected.length },
    });
  }
  return { ok: true, report };
}

/** A store by id or name (any case); the flagship when none is given. */
export async function findImportStore(db: Db, idOrName?: string): Promise<{ id: string; name: string } | { error: string }> {
  const all = await db.select({ id: stores.id, name: stores.name, isFlagship: stores.isFlagship }).from(stores).orderBy(asc(stores.name));
  const wanted = idOrName?.trim().toLowerCase();
  const store = wanted ? all.find((s) => s.id === idOrName?.trim() || s.name.toLowerCase() === wanted) : (all.find((s) => s.isFlagship) ?? all[0]);
  if (store) return { id: store.id, name: store.name };
  return { error: all.length ? `No store "${idOrName}". Stores: ${all.map((s) => s.name).join(", ")}.` : "There are no stores yet; seed the database first." };
}
