// Starts the built app for Playwright on a fresh, migrated and seeded database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databasePath, openDatabase } from "../db/index";
import { seedDatabase } from "../db/seed/index";

const file = databasePath();
fs.rmSync(path.dirname(file), { recursive: true, force: true });
const { db, sqlite } = openDatabase(file);
await seedDatabase(db, { customers: 2400 });
sqlite.close();

const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", process.env.PORT ?? "3107"], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
