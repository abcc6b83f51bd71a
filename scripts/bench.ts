// Every benchmark, on SQLite and then PostgreSQL, in one run, and one table at
// the end. Each figure is printed beside the baseline its benchmark measured in
// the same run (these machines are shared and noisy), with the target it is
// held to.
//
//   npm run bench                              # default sizes (the first run builds a 1,000,000-customer lookup database: an hour or more)
//   npm run bench -- --quick                   # smaller sizes: minutes
//   npm run bench -- --only search,dashboard   # some of them
//   npm run bench -- --database sqlite         # one database
//
// Builds the app first if there is no production build. PostgreSQL:
// TEST_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres)
// names the server; each benchmark gets a database of its own, made and
// dropped here, except the large lookup and dashboard ones, which are kept
// (shopkeeper_bench_…) and reused at the same size.
import fs from "node:fs";
import path from "node:path";
import {
  ADMIN_URL,
  admin,
  databaseExists,
  dropDatabase,
  parseBench,
  pgUrl,
  run,
  startServer,
  textFlag,
  tsx,
  type BenchResult,
} from "./bench-support";

type Dialect = "sqlite" | "pg";
const QUICK = process.argv.includes("--quick");
const ONLY = textFlag("--only")?.split(",").map((s) => s.trim());
const DIALECTS: Dialect[] = textFlag("--database") === "sqlite" ? ["sqlite"] : textFlag("--database") === "pg" ? ["pg"] : ["sqlite", "pg"];
const PORT = 3190;

interface Bench {
  name: string;
  /** What it measures, for the heading. */
  title: string;
  measure(dialect: Dialect): Promise<string>;
}

const LOOKUP_CUSTOMERS = QUICK ? 200_000 : 1_000_000;

/** A fresh PostgreSQL database for one benchmark, dropped afterwards. */
async function withScratchDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const database = `shopkeeper_bench_${name}_${process.pid}`;
  await admin(`CREATE DATABASE "${database}"`);
  try {
    return await work(pgUrl(database));
  } finally {
    await dropDatabase(database);
  }
}

const sqliteEnv = (file: string) => ({ DATABASE_URL: "", DATABASE_PATH: path.resolve(file) });
const freshSqlite = (file: string) => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(path.resolve(file) + suffix, { force: true });
  return sqliteEnv(file);
};

const BENCHES: Bench[] = [
  {
    name: "search",
    title: `lookup and profile at ${LOOKUP_CUSTOMERS.toLocaleString("en-US")} customers`,
    async measure(dialect) {
      const args = ["--customers", String(LOOKUP_CUSTOMERS)];
      if (dialect === "sqlite") return tsx("scripts/bench-search.ts", args, { DATABASE_URL: "" });
      // The same rows as SQLite's, loaded with COPY (much faster than seeding again).
      const database = `shopkeeper_bench_${LOOKUP_CUSTOMERS}`;
      const source = path.resolve(`data/bench/shopkeeper-${LOOKUP_CUSTOMERS}.db`);
      if (!(await databaseExists(database)) && fs.existsSync(source)) {
        await admin(`CREATE DATABASE "${database}"`);
        await tsx("scripts/bench-copy.ts", [source, pgUrl(database)]);
      } else if (!(await databaseExists(database))) {
        await admin(`CREATE DATABASE "${database}"`);
      }
      return tsx("scripts/bench-search.ts", args, { DATABASE_URL: pgUrl(database) });
    },
  },
  {
    name: "ingest",
    title: QUICK ? "events per second through a production server" : "2,000,000 events through a production server",
    async measure(dialect) {
      const go = async (env: Record<string, string>, database: string) => {
        await tsx("db/seed.ts", [], env);
        const server = await startServer(PORT, env);
        try {
          return await tsx("scripts/bench-ingest.ts", [...(QUICK ? ["--duration", "20"] : ["--long"]), "--database", database], { ...env, BASE_URL: server.url });
        } finally {
          await server.stop();
        }
      };
      if (dialect === "sqlite") {
        const env = freshSqlite("data/bench/ingest.db");
        return go(env, env.DATABASE_PATH);
      }
      return withScratchDatabase("ingest", (url) => go({ DATABASE_URL: url }, url));
    },
  },
  {
    name: "dashboard",
    title: "a busy store's dashboard, and the event loop meanwhile",
    async measure(dialect) {
      const scale = QUICK ? "0.2" : "1";
      if (dialect === "sqlite") return tsx("scripts/bench-dashboard.ts", ["--scale", scale], { DATABASE_URL: "" });
      const database = `shopkeeper_bench_dashboard_${scale.replace(".", "_")}`;
      if (!(await databaseExists(database))) await admin(`CREATE DATABASE "${database}"`);
      return tsx("scripts/bench-dashboard.ts", ["--scale", scale], { DATABASE_URL: pgUrl(database) });
    },
  },
  {
    name: "profile",
    title: "the profile page: throughput, size, suggestions",
    async measure(dialect) {
      if (dialect === "sqlite") return tsx("scripts/bench-profile.ts", ["--database", "sqlite"], { DATABASE_URL: "" });
      return withScratchDatabase("profile", (url) => tsx("scripts/bench-profile.ts", ["--database", "pg"], { DATABASE_URL: url }));
    },
  },
  {
    name: "paint",
    title: "first paint on a phone and a tablet",
    async measure(dialect) {
      // It makes (and drops) a database of its own on the server DATABASE_URL names.
      return tsx("scripts/bench-paint.ts", [], { DATABASE_URL: dialect === "pg" ? ADMIN_URL : "" });
    },
  },
];

if (!fs.existsSync(".next/BUILD_ID")) {
  console.log("No production build yet: building the app first.");
  await run("npm", ["run", "build"]);
}

const results: Array<BenchResult & { dialect: Dialect }> = [];
const failures: string[] = [];
for (const bench of BENCHES.filter((b) => !ONLY || ONLY.includes(b.name))) {
  for (const dialect of DIALECTS) {
    console.log(`\n=== ${bench.name} on ${dialect === "pg" ? "PostgreSQL" : "SQLite"}: ${bench.title} ===`);
    try {
      const found = parseBench(await bench.measure(dialect));
      if (!found.length) throw new Error("it printed no BENCH line");
      results.push(...found.map((r) => ({ ...r, dialect })));
    } catch (error) {
      failures.push(`${bench.name} on ${dialect}: ${(error as Error).message}`);
      console.error(`${bench.name} on ${dialect} failed: ${(error as Error).message}`);
    }
  }
}

const number = (n: number | undefined, unit = "") =>
  n === undefined || !Number.isFinite(n) ? "–" : `${n >= 100 ? Math.round(n).toLocaleString("en-US") : n >= 10 ? n.toFixed(1) : n.toFixed(2)}${unit ? ` ${unit}` : ""}`;
const ratio = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "–" : `${n.toFixed(2)}×`);
const verdict = (pass: boolean | undefined) => (pass === undefined ? "" : pass ? "met" : "MISSED");

console.log("\n## Benchmarks, same run for each figure and its baseline\n");
console.log("| benchmark | figure | database | value | baseline | ratio | target | |");
console.log("| --- | --- | --- | ---: | ---: | ---: | --- | --- |");
for (const result of results) {
  for (const f of result.figures) {
    const where = result.dialect === "pg" ? "PostgreSQL" : "SQLite";
    console.log(`| ${result.name} | ${f.label} | ${where} | ${number(f.value, f.unit)} | ${number(f.baseline, f.unit)} | ${ratio(f.ratio)} | ${f.target ?? ""} | ${verdict(f.pass)} |`);
  }
}
if (failures.length) {
  console.log(`\nDid not finish:\n${failures.map((f) => `- ${f}`).join("\n")}`);
  process.exitCode = 1;
}
