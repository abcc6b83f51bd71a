import path from "node:path";

/**
 * The SQLite file an e2e server on this port runs on: data/e2e/<port>/, which
 * that server empties when it starts (scripts/e2e-server.ts), so two runs on
 * different ports (the two halves of `npm run test:e2e`) never touch each
 * other's database or kept sessions.
 */
export const e2eDatabasePath = (port: number | string) => path.resolve("data", "e2e", String(port), "shopkeeper-e2e.db");

/** This run's database, which specs read to check what was written (playwright.config.ts sets it). */
export const E2E_DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? e2eDatabasePath(process.env.E2E_PORT ?? 3107);
