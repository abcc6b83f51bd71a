// Runs before `npm run dev`: migrates the database and, if it is empty, fills
// it with the demo retailer, so a fresh clone needs no manual steps.
import { execFileSync } from "node:child_process";
import { openDatabase } from "@/db";
import { isSeeded } from "../db/seed/index";
import { resolveAuthSecret } from "../lib/env";

resolveAuthSecret(process.env);
const database = await openDatabase();
const seeded = await isSeeded(database.db);
await database.close();
if (!seeded) execFileSync(process.execPath, ["--import", "tsx", "db/seed.ts", "--if-empty"], { stdio: "inherit" });
