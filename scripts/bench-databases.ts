// SQLite and PostgreSQL side by side, measured in the same run on the same
// machine: lookup and profile latency at scale (bench:search) and events per
// second through a production server (bench:ingest). Each PostgreSQL figure is
// printed with its ratio to SQLite's, the baseline of the same run.
//
//   npm run build && npm run bench:databases                        # 1,000,000 customers
//   npm run bench:databases -- --customers 200000 --duration 20     # quicker
//
// PostgreSQL: TEST_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres)
// names the server. The lookup database shopkeeper_bench_<customers> is made
// once, loaded with COPY from the SQLite one (the same rows on both sides), and
// reused; the ingest database is made for each run and dropped.
import fs from "node:fs";
import path from "node:path";
import { admin, numberFlag as flag, pgUrl, startServer, tsx } from "./bench-support";

const CUSTOMERS = flag("--customers", 1_000_000);
const DURATION = flag("--duration", 20);
const PORT = flag("--port", 3190);

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

interface Figures {
  lookupP50: number;
  lookupP95: number;
  nameP95: number;
  exactP95: number;
  profileP95: number;
  eventsPerSecond: number;
  ingestP99: number;
}

function percentile(output: string, label: string, p: "p50" | "p95" | "p99"): number {
  const line = output.split("\n").find((l) => l.trimStart().startsWith(label));
  const match = line?.match(new RegExp(`${p}\\s+([\\d.]+) ms`));
  if (!match) throw new Error(`No ${p} for "${label}" in bench:search's output`);
  return Number(match[1]);
}

async function measureSearch(env: Record<string, string>) {
  const out = await tsx("scripts/bench-search.ts", ["--customers", String(CUSTOMERS)], env);
  const exact = ["lookup by email", "lookup by phone", "lookup by handle"].map((label) => percentile(out, label, "p95"));
  return {
    lookupP50: percentile(out, "lookup (all)", "p50"),
    lookupP95: percentile(out, "lookup (all)", "p95"),
    nameP95: percentile(out, "lookup by name", "p95"),
    exactP95: Math.max(...exact),
    profileP95: percentile(out, "full profile load", "p95"),
  };
}

/** A production server on a freshly seeded demo database, measured by bench:ingest. */
async function measureIngest(env: Record<string, string>, database: string) {
  await tsx("db/seed.ts", ["--customers", "2400"], env);
  const server = await startServer(PORT, env);
  try {
    const out = await tsx("scripts/bench-ingest.ts", ["--duration", String(DURATION), "--database", database], { ...env, BASE_URL: server.url });
    const events = out.match(/Events\/s\s+([\d,]+)/);
    const p99 = out.match(/p99 ([\d,]+) ms/);
    if (!events || !p99) throw new Error("No events/s in bench:ingest's output");
    return { eventsPerSecond: Number(events[1]!.replaceAll(",", "")), ingestP99: Number(p99[1]!.replaceAll(",", "")) };
  } finally {
    await server.stop();
  }
}

const results: Record<"sqlite" | "pg", Figures> = {} as never;

// SQLite.
{
  console.log(`\n=== SQLite: lookup and profile at ${CUSTOMERS.toLocaleString("en-US")} customers ===`);
  const search = await measureSearch({ DATABASE_URL: "" });
  console.log("\n=== SQLite: ingestion through a production server ===");
  const file = path.resolve("data/bench/ingest-sqlite.db");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  const ingest = await measureIngest({ DATABASE_URL: "", DATABASE_PATH: file }, file);
  results.sqlite = { ...search, ...ingest };
}

// PostgreSQL.
{
  const searchDb = `shopkeeper_bench_${CUSTOMERS}`;
  const exists = await admin(`select 1 from pg_database where datname = '${searchDb}'`);
  if (!exists.rowCount) {
    await admin(`CREATE DATABASE "${searchDb}"`);
    console.log(`\n=== PostgreSQL: loading ${searchDb} from the SQLite database with COPY ===`);
    await tsx("scripts/bench-copy.ts", [path.resolve(`data/bench/shopkeeper-${CUSTOMERS}.db`), pgUrl(searchDb)], {});
  }
  console.log(`\n=== PostgreSQL: lookup and profile at ${CUSTOMERS.toLocaleString("en-US")} customers ===`);
  const search = await measureSearch({ DATABASE_URL: pgUrl(searchDb) });
  console.log("\n=== PostgreSQL: ingestion through a production server ===");
  const ingestDb = `shopkeeper_bench_ingest_${process.pid}`;
  await admin(`CREATE DATABASE "${ingestDb}"`);
  try {
    const ingest = await measureIngest({ DATABASE_URL: pgUrl(ingestDb) }, pgUrl(ingestDb));
    results.pg = { ...search, ...ingest };
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${ingestDb}" WITH (FORCE)`);
  }
}

const rows: Array<[string, keyof Figures, string]> = [
  ["Lookup p50 (ms)", "lookupP50", "lower is better"],
  ["Lookup p95 (ms)", "lookupP95", "lower is better"],
  ["  by name p95 (ms)", "nameP95", "lower is better"],
  ["  by email/phone/handle p95 (ms)", "exactP95", "lower is better"],
  ["Profile p95 (ms)", "profileP95", "lower is better"],
  ["Ingest events/s", "eventsPerSecond", "higher is better"],
  ["Ingest request p99 (ms)", "ingestP99", "lower is better"],
];
console.log(`\nSQLite and PostgreSQL, same run, ${CUSTOMERS.toLocaleString("en-US")} customers for lookups:`);
console.log(`| figure | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const [label, key, note] of rows) {
  const a = results.sqlite[key];
  const b = results.pg[key];
  console.log(`| ${label} | ${a.toLocaleString("en-US")} | ${b.toLocaleString("en-US")} | ×${(b / a).toFixed(2)} (${note}) |`);
}
