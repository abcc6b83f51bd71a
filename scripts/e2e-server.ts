// Starts the built app for Playwright on a fresh, migrated and seeded database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databasePath, openDatabase } from "../db/index";
import { seedDatabase } from "../db/seed/index";
import { customerLinks, sourceKeys } from "../db/schema";
import { hashLinkToken } from "../lib/link-tokens";
import { hashWriteKey, writeKeyPrefix } from "../lib/ingest/write-key-format";
import { E2E_WRITE_KEY, EXPIRED_LINK_TOKEN } from "../e2e/support/fixtures";

const file = databasePath();
fs.rmSync(path.dirname(file), { recursive: true, force: true });
const { db, sqlite } = openDatabase(file);
const { story, stores } = await seedDatabase(db, { customers: 2400 });
// A link that ended yesterday, so the inactive page can be checked for an expired link.
db.insert(customerLinks)
  .values({
    id: "e2e-expired-link",
    customerId: story.customerId,
    storeId: stores[0]!.id,
    staffId: stores[0]!.associateIds[0]!,
    tokenHash: hashLinkToken(EXPIRED_LINK_TOKEN),
    channel: "email",
    message: "This one has expired.",
    createdAt: new Date(Date.now() - 3 * 86_400_000),
    expiresAt: new Date(Date.now() - 86_400_000),
  })
  .run();
// A known write key for Fifth Avenue, so specs can post events as a retailer's website would.
db.insert(sourceKeys)
  .values({ id: "e2e-write-key", storeId: stores[0]!.id, name: "E2E website", keyHash: hashWriteKey(E2E_WRITE_KEY), keyPrefix: writeKeyPrefix(E2E_WRITE_KEY), createdByStaffId: stores[0]!.managerId })
  .run();
sqlite.close();

const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", process.env.PORT ?? "3107"], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
