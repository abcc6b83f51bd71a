// Imports customers from a Shopify customer export (Customers → Export → CSV)
// into the app's database: PostgreSQL when DATABASE_URL is a postgres:// URL,
// else the SQLite file at DATABASE_PATH (default data/shopkeeper.db).
//
//   npm run import:customers -- customers_export.csv
//   npm run import:customers -- customers_export.csv --store "Oak Street"
//
// New customers get the store as their home store (default: the flagship).
// Exits 1 if the file cannot be used (nothing is written then), 2 on wrong usage.
import fs from "node:fs";
import path from "node:path";
import { SingleBar, Presets } from "cli-progress";
import { defaultTarget, describeDatabase, openDatabase } from "@/db";
import { findImportStore, importCustomers, type ImportSource } from "../lib/customer-import";

const USAGE = "Usage: npm run import:customers -- <file.csv> [--store <store id or name>]";

function readArgs(argv: string[]): { file: string; store?: string } {
  let file: string | undefined;
  let store: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") exit(USAGE, 0);
    else if (arg === "--store") store = argv[++i] ?? exit(`--store needs a store id or name.\n${USAGE}`, 2);
    else if (arg.startsWith("--store=")) store = arg.slice("--store=".length);
    else if (arg.startsWith("-")) exit(`Unknown option ${arg}.\n${USAGE}`, 2);
    else if (file) exit(`One file at a time, please.\n${USAGE}`, 2);
    else file = arg;
  }
  return { file: file ?? exit(USAGE, 2), store };
}

function exit(message: string, code: number): never {
  (code ? console.error : console.log)(message);
  process.exit(code);
}

const args = readArgs(process.argv.slice(2));
const file = path.resolve(args.file);
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) exit(`No such file: ${file}`, 1);

const target = defaultTarget();
const database = await openDatabase(target);
const { db } = database;
const store = await findImportStore(db, args.store);
if ("error" in store) {
  await database.close();
  exit(store.error, 1);
}

const source: ImportSource = { name: path.basename(file), bytes: fs.statSync(file).size, open: () => fs.createReadStream(file) };
console.log(`Importing ${source.name} (${(source.bytes / 1024).toFixed(0)} KB) into ${describeDatabase(target)}, new customers at ${store.name}`);
const started = Date.now();
// The file is read twice, checked then written: one bar over both readings.
const bar = new SingleBar({ format: "  {bar} {percentage}% | {phase} | {rows} rows | {duration_formatted}" }, Presets.shades_classic);
bar.start(Math.max(1, source.bytes * 2), 0, { phase: "checking", rows: 0 });
const result = await importCustomers(db, {
  source,
  storeId: store.id,
  onProgress: (p) => bar.update((p.phase === "importing" ? p.totalBytes : 0) + p.bytes, { phase: p.phase, rows: p.rows.toLocaleString("en-US") }),
});
bar.stop();
await database.close();

if (!result.ok) exit(result.message, 1);
const { report } = result;
const n = (value: number) => value.toLocaleString("en-US").padStart(8);
console.log(`\n${report.rows.toLocaleString("en-US")} rows read in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  created   ${n(report.created)}\n  updated   ${n(report.updated)}\n  unchanged ${n(report.unchanged)}\n  rejected  ${n(report.rejected.length)}`);
if (report.rejected.length) {
  console.log("\nRejected rows (nothing from them was saved):");
  for (const { line, reason } of report.rejected) console.log(`  line ${line}: ${reason}`);
}
