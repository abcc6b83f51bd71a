import os from "node:os";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// The whole unit suite runs twice: once on SQLite, once on PostgreSQL. The
// dialect follows DATABASE_URL (db/dialect.ts); on PostgreSQL it names a
// database that does not exist, so code that forgets the test database fails
// instead of writing somewhere real. Each test gets its own database
// (lib/testing/db.ts).
const shared = {
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // "server-only" throws outside React Server Components; lib modules are plain Node here.
      "server-only": path.join(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
};

const test = {
  include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
  environment: "node" as const,
  // Worker threads start far quicker than a forked process per file, and each file still gets a
  // fresh one (isolate stays on).
  pool: "threads" as const,
  testTimeout: 30_000,
  hookTimeout: 30_000,
  globalSetup: ["lib/testing/global-setup.ts"],
};

const projects: TestProjectInlineConfiguration[] = [
  { ...shared, test: { ...test, name: "sqlite", env: { SHOPKEEPER_TEST_DIALECT: "sqlite", DATABASE_URL: "" } } },
  {
    ...shared,
    test: {
      ...test,
      name: "pg",
      env: { SHOPKEEPER_TEST_DIALECT: "pg", DATABASE_URL: "postgres://postgres@127.0.0.1:5432/shopkeeper_test_no_such_database" },
    },
  },
];

// Vitest's default is one worker fewer than the cores: one on a two-core CI machine, which then
// waits idle on PostgreSQL and SQLite's disk for much of each test. Two at least.
const MAX_WORKERS = Math.max(2, os.availableParallelism() - 1);

export default defineConfig({ test: { projects, maxWorkers: MAX_WORKERS } });
