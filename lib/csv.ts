// CSV as spreadsheets expect it (RFC 4180), safe to open in Excel or Sheets.

export type CsvValue = string | number | boolean | Date | null | undefined;

// What a spreadsheet may take for the start of a formula (OWASP's list, and a line break).
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Starts like a formula: = + - @ or a tab or line break, or a compatibility
 * form of one of them (fullwidth ＝ ＋ － ＠, small ﹦ ﹢ ﹣ ﹫), which Excel may read
 * as the plain sign; NFKC folds every such form to the plain character.
 */
function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) || FORMULA_START.test(text.charAt(0).normalize("NFKC"));
}

/** One cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
export function csvCell(value: CsvValue): string {
  if (value == null) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && startsLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A download response for a CSV file, never cached. The byte-order mark makes Excel read "Fernández" as UTF-8. */
export function csvResponse(filename: string, body: string): Response {
  return new Response(`\uFEFF${body}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
