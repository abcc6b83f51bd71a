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
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const CUSTOMERS = flag("--customers", 1_000_000);
const DURATION = flag("--duration", 20);
const PORT = flag("--port", 3190);
const ADMIN = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const pgUrl = (database: string) => Object.assign(new URL(ADMIN), { pathname: `/${database}` }).toString();

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN });
  client.on("error", () => {});
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs a command, echoing its output, and returns what it printed. */
function run(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

const tsx = (script: string, args: string[], env: Record<string, string>) => run(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], env);

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

async function waitForHealth(url: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become healthy`);
}

/** A production server on a freshly seeded demo database, measured by bench:ingest. */
async function measureIngest(env: Record<string, string>, database: string) {
  await tsx("db/seed.ts", ["--customers", "2400"], env);
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env: { ...process.env, ...env, NODE_ENV: "production", AUTH_SECRET: "bench-only-secret-0123456789abcdef0123456789", PUBLIC_URL: `http://localhost:${PORT}`, PORT: String(PORT) },
    stdio: "ignore",
  });
  try {
    await waitForHealth(`http://localhost:${PORT}/api/health`);
    const out = await tsx("scripts/bench-ingest.ts", ["--duration", String(DURATION), "--database", database], { ...env, BASE_URL: `http://localhost:${PORT}` });
    const events = out.match(/Events\/s\s+([\d,]+)/);
    const p99 = out.match(/p99 ([\d,]+) ms/);
    if (!events || !p99) throw new Error("No events/s in bench:ingest's output");
    return { eventsPerSecond: Number(events[1]!.replaceAll(",", "")), ingestP99: Number(p99[1]!.replaceAll(",", "")) };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
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
