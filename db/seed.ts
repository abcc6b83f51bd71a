import { SingleBar, Presets } from "cli-progress";
import { z } from "zod";
import { describeDatabase, openDatabase } from "@/db";
import { DEMO_CUSTOMERS, isSeeded, seedDatabase } from "@/db/seed/index";

const args = z
  .object({
    customers: z.coerce.number().int().min(1).max(5_000_000).default(DEMO_CUSTOMERS),
    ifEmpty: z.boolean().default(false),
  })
  .parse({
    customers: valueOf("--customers"),
    ifEmpty: process.argv.includes("--if-empty"),
  });

function valueOf(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const where = describeDatabase();
const database = await openDatabase();
const { db, sqlite } = database;
if (await isSeeded(db)) {
  await database.close();
  if (args.ifEmpty) process.exit(0);
  console.error(`${where} already has data. Seed an empty database: delete the file (or set DATABASE_PATH to a new one), or on PostgreSQL create a new database.`);
  process.exit(1);
}

console.log(`Seeding ${args.customers.toLocaleString("en-US")} customers into ${where}`);
const started = Date.now();
const bar = new SingleBar({ format: "  {bar} {percentage}% | {value}/{total} customers | {duration_formatted}" }, Presets.shades_classic);
bar.start(args.customers, 0);
await seedDatabase(db, { customers: args.customers, sqlite, onProgress: (done) => bar.update(done) });
bar.stop();
await database.close();
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Sign in as maya@shop.example / shopkeeper.`);
