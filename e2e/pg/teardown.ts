import pg from "pg";

// Drops the database this run made (playwright.pg.config.ts names it), even when
// the app instances are still connected: they are stopped right after.
export default async function dropE2eDatabase() {
  const name = process.env.E2E_PG_DATABASE;
  if (!name || !/^shopkeeper_e2e_[a-z0-9_]+$/.test(name)) return;
  const admin = new URL(process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const client = new pg.Client({ connectionString: admin.toString() });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
