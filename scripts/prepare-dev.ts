// Runs before `npm run dev`: migrates the database and, if it is empty, fills
// it with the demo retailer, so a fresh clone needs no manual steps.
import { execFileSync } from "node:child_process";
import { databasePath, openDatabase } from "../db/index";
import { isSeeded } from "../db/seed/index";
import { resolveAuthSecret } from "../lib/env";

resolveAuthSecret(process.env);
const { db, sqlite } = openDatabase(databasePath());
const seeded = await isSeeded(db);
sqlite.close();
if (!seeded) execFileSync(process.execPath, ["--import", "tsx", "db/seed.ts", "--if-empty"], { stdio: "inherit" });
