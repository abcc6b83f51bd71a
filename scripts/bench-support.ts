// What the benchmark runners share: flags, a PostgreSQL admin connection,
// child processes whose output is echoed and kept, a production server on a
// port of its own, and the one-line `BENCH {…}` result every benchmark prints.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";

export const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** postgres://…/<database> on the admin URL's server. */
export const pgUrl = (database: string) => Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();

export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function textFlag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  const inline = process.argv.find((arg) => arg.startsWith(`${name}=`));
  return i >= 0 ? process.argv[i + 1] : inline?.slice(name.length + 1);
}

export async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  client.on("error", () => {});
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string) {
  return Boolean((await admin(`select 1 from pg_database where datname = '${name.replace(/'/g, "''")}'`)).rowCount);
}

export async function dropDatabase(name: string) {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Runs a command, echoing its output, and returns what it printed. */
export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** A TypeScript script run as the app's server code runs (react-server conditions). */
export const tsx = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], env);

export async function waitForHealth(url: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
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

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** `next start` from the last build, on `port`, with the given database settings. */
export async function startServer(port: number, env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      // No background work while measuring.
      SHOPKEEPER_REMINDERS: "off",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "bench-only-secret-0123456789abcdef0123456789",
      PUBLIC_URL: `http://localhost:${port}`,
      PORT: String(port),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://localhost:${port}`;
  try {
    await waitForHealth(`${url}/api/health`);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** One measured figure, next to the baseline measured in the same run. */
export interface BenchFigure {
  label: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value ÷ baseline (or as the benchmark defines it, e.g. slowest window ÷ first). */
  ratio?: number;
  /** e.g. "≤ 1.5×", "≤ 1 ms". */
  target?: string;
  pass?: boolean;
}

export interface BenchResult {
  name: string;
  database?: string;
  figures: BenchFigure[];
}

/** Prints the line `npm run bench` collects. */
export function printBench(result: BenchResult) {
  console.log(`BENCH ${JSON.stringify(result)}`);
}

/** Every `BENCH {…}` line in a benchmark's output. */
export function parseBench(output: string): BenchResult[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("BENCH "))
    .flatMap((line) => {
      try {
        return [JSON.parse(line.slice(6)) as BenchResult];
      } catch {
        return [];
      }
    });
}
