import { randomUUID } from "node:crypto";
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The story on PostgreSQL with two app instances sharing one database.
// The database name is chosen once, in the main process; workers inherit it.
process.env.E2E_PG_DATABASE ??= `shopkeeper_e2e_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const PG_ADMIN = new URL(process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
PG_ADMIN.pathname = `/${process.env.E2E_PG_DATABASE}`;
const DATABASE_URL = PG_ADMIN.toString();
process.env.DATABASE_URL = DATABASE_URL;

// Beside the SQLite run's ports when E2E_PORT moves them (E2E_PORT + 20…23 are its mail, Twilio, X and Graph fakes).
const PORT_A = Number(process.env.E2E_PG_PORT ?? (process.env.E2E_PORT ? Number(process.env.E2E_PORT) + 10 : 3108));
const PORT_B = PORT_A + 1;
process.env.E2E_SECOND_URL = `http://localhost:${PORT_B}`;

export default defineConfig({
  ...base,
  testDir: "e2e/pg",
  testIgnore: [],
  outputDir: "test-results/pg",
  globalTeardown: "./e2e/pg/teardown.ts",
  use: { ...base.use, baseURL: `http://localhost:${PORT_A}` },
  webServer: {
    ...(Array.isArray(base.webServer) ? base.webServer[0] : base.webServer)!,
    url: `http://localhost:${PORT_A}/login`,
    env: {
      ...(Array.isArray(base.webServer) ? base.webServer[0]?.env : base.webServer?.env),
      DATABASE_URL,
      PUBLIC_URL: `http://localhost:${PORT_A}`,
      E2E_PORTS: `${PORT_A},${PORT_B}`,
      PORT: String(PORT_A),
    },
  },
});
