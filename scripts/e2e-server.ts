// Starts the built app for Playwright on a fresh, migrated and seeded database.
// SQLite (default): one instance on PORT, the file at DATABASE_PATH.
// PostgreSQL (DATABASE_URL=postgres://…/shopkeeper_e2e_…): creates that
// database, and starts one instance per port in E2E_PORTS (e.g. "3108,3109"),
// all sharing it; the database is dropped when the run ends.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { databasePath, defaultTarget, openDatabase } from "@/db";
import { seedDatabase } from "../db/seed/index";
import { and, asc, eq, gt, ne } from "drizzle-orm";
import { customerLinkHolds, customerLinks, customers, holds, sourceKeys, storeSocialAccounts } from "@/db/schema";
import { hashLinkToken } from "../lib/link-tokens";
import { hashWriteKey, writeKeyPrefix } from "../lib/ingest/write-key-format";
import { ACTIVE_LINK_TOKEN, ALICIA_LINK_TOKEN, E2E_WRITE_KEY, EXPIRED_LINK_TOKEN } from "../e2e/support/tokens";
import { startMailCatcher } from "../e2e/support/mail-catcher";
import { startFakeTwilio } from "../lib/testing/fake-twilio";
import { startFakeX } from "../lib/testing/fake-x";
import { startFakeGraph } from "../lib/testing/fake-graph";
import { sealSecret, SOCIAL_TOKEN_PURPOSE } from "../lib/secret-box";

const target = defaultTarget();
let dropDatabase = async () => {};

if (target.dialect === "pg") {
  const url = new URL(target.url);
  const name = url.pathname.slice(1);
  // Only ever a database this run names for itself.
  if (!/^shopkeeper_e2e_[a-z0-9_]+$/.test(name)) throw new Error(`Refusing to use ${name}: e2e databases are named shopkeeper_e2e_…`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    client.on("error", () => {});
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await run(`CREATE DATABASE "${name}"`);
  dropDatabase = () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
} else {
  fs.rmSync(path.dirname(databasePath()), { recursive: true, force: true });
}

const database = await openDatabase(target);
const { db } = database;
const { story, stores } = await seedDatabase(db, { customers: 2400, sqlite: database.sqlite });
// A link that ended yesterday, so the inactive page can be checked for an expired link.
await db.insert(customerLinks).values({
  id: "e2e-expired-link",
  customerId: story.customerId,
  storeId: stores[0]!.id,
  staffId: stores[0]!.associateIds[0]!,
  tokenHash: hashLinkToken(EXPIRED_LINK_TOKEN),
  channel: "email",
  message: "This one has expired.",
  createdAt: new Date(Date.now() - 3 * 86_400_000),
  expiresAt: new Date(Date.now() - 86_400_000),
});
// An active link for Alicia from Maya, holding nothing (no outbox row, so her profile lists no message): booking a visit from her page.
const [alicia] = await db.select({ staffId: customers.assignedStaffId }).from(customers).where(eq(customers.id, story.customerId)).limit(1);
await db.insert(customerLinks).values({
  id: "e2e-alicia-link",
  customerId: story.customerId,
  storeId: stores[0]!.id,
  staffId: alicia?.staffId ?? stores[0]!.associateIds[0]!,
  tokenHash: hashLinkToken(ALICIA_LINK_TOKEN),
  channel: "email",
  message: "",
  createdAt: new Date(Date.now() - 3_600_000),
  expiresAt: new Date(Date.now() + 7 * 86_400_000),
});
// An active link for a customer other than Alicia, to a hold of theirs at Fifth Avenue: what the customer page looks like.
const [held] = await db
  .select({ id: holds.id, customerId: holds.customerId, staffId: holds.staffId, expiresAt: holds.expiresAt })
  .from(holds)
  .where(and(eq(holds.storeId, stores[0]!.id), eq(holds.status, "active"), ne(holds.customerId, story.customerId), gt(holds.expiresAt, new Date(Date.now() + 3_600_000))))
  .orderBy(asc(holds.expiresAt))
  .limit(1);
if (!held) throw new Error("The seed has no active hold at Fifth Avenue for anyone but Alicia.");
await db.insert(customerLinks).values({
  id: "e2e-active-link",
  customerId: held.customerId,
  storeId: stores[0]!.id,
  staffId: held.staffId,
  tokenHash: hashLinkToken(ACTIVE_LINK_TOKEN),
  channel: "email",
  message: "Hi, your dress is ready to try on whenever suits you.",
  createdAt: new Date(Date.now() - 3_600_000),
  expiresAt: held.expiresAt,
});
await db.insert(customerLinkHolds).values({ linkId: "e2e-active-link", holdId: held.id });
// A known write key for Fifth Avenue, so specs can post events as a retailer's website would.
await db.insert(sourceKeys).values({
  id: "e2e-write-key",
  storeId: stores[0]!.id,
  name: "E2E website",
  keyHash: hashWriteKey(E2E_WRITE_KEY),
  keyPrefix: writeKeyPrefix(E2E_WRITE_KEY),
  createdByStaffId: stores[0]!.managerId,
});
// Replies to posts go through the app's real X and Graph clients to fakes on this machine,
// and Fifth Avenue's X account is connected to the fake X (as a manager would under Store › Accounts).
const fakeX = process.env.E2E_X_PORT ? await startFakeX({ port: Number(process.env.E2E_X_PORT), logFile: process.env.E2E_X_LOG, controlFile: `${process.env.E2E_X_LOG}.control.json` }) : null;
const fakeGraph = process.env.E2E_GRAPH_PORT ? await startFakeGraph({ port: Number(process.env.E2E_GRAPH_PORT) }) : null;
if (fakeX) {
  const tokens = fakeX.issueTokens({ expiresInSeconds: 24 * 3600 });
  await db.insert(storeSocialAccounts).values({
    storeId: stores[0]!.id,
    network: "x",
    accountId: fakeX.account.id,
    username: fakeX.account.username,
    accessToken: sealSecret(tokens.accessToken, SOCIAL_TOKEN_PURPOSE),
    refreshToken: sealSecret(tokens.refreshToken, SOCIAL_TOKEN_PURPOSE),
    expiresAt: new Date(Date.now() + 24 * 3600_000),
    connectedByStaffId: stores[0]!.managerId,
    connectedAt: new Date(),
  });
}
await database.close();

// Emails go through the app's real SMTP transport to a catcher on this machine.
const mail = process.env.E2E_SMTP_PORT ? await startMailCatcher({ port: Number(process.env.E2E_SMTP_PORT), folder: process.env.E2E_MAIL_DIR! }) : null;

// Texts go through the app's real Twilio client to a fake Twilio on this machine.
const twilio = process.env.E2E_TWILIO_PORT
  ? await startFakeTwilio({ port: Number(process.env.E2E_TWILIO_PORT), accountSid: process.env.TWILIO_ACCOUNT_SID, authToken: process.env.TWILIO_AUTH_TOKEN, logFile: process.env.E2E_TWILIO_LOG })
  : null;

const ports = (process.env.E2E_PORTS ?? process.env.PORT ?? "3107").split(",").map((p) => p.trim());
const servers: ChildProcess[] = ports.map((port) =>
  spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], { stdio: "inherit", env: { ...process.env, PORT: port } }),
);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const server of servers) if (server.exitCode === null) server.kill("SIGTERM");
  await Promise.all(servers.map((server) => (server.exitCode === null ? new Promise((resolve) => server.once("exit", resolve)) : null)));
  await dropDatabase().catch((error) => console.error("Could not drop the e2e database", error));
  mail?.close();
  await twilio?.close();
  await fakeX?.close();
  await fakeGraph?.close();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
for (const server of servers) server.on("exit", (code) => void stop(code ?? 0));
