import "server-only";
import { pipeline, Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { z } from "zod";
import { normaliseEmail, normalisePhone } from "@/lib/contact-normalise";

// Reading a Shopify customer export (or any CSV with its column names) and
// checking each row; nothing here touches the database.

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

export interface RejectedRow {
  line: number;
  reason: string;
}

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

/** A file that cannot be read at all: nothing from it is imported. */
export class UnusableFileError extends Error {}

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

export const quoted = (value: string) => `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

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
        const email = normaliseEmail(value);
        if (email) return email;
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
export async function* readRows(source: ImportSource, onBytes: (bytes: number) => void): AsyncGenerator<ImportRow | RejectedRow> {
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
