// Runs once per vitest project: migrates a template database that every test
// copies (SQLite) or clones (PostgreSQL), and removes it afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/index";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopkeeper-template-"));
  const file = path.join(dir, "template.db");
  const lite = await openDatabase({ dialect: "sqlite", file });
  await lite.close();
  // A file copied whole for each test: no WAL beside it (needs the only connection).
  const single = new Database(file);
  single.pragma("journal_mode = DELETE");
  single.close();
  project.provide("sqliteTemplate", file);

  let pgTemplate = "";
  if (project.config.env?.SHOPKEEPER_TEST_DIALECT === "pg") {
    const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    pgTemplate = `shopkeeper_test_tpl_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    admin.on("error", () => {});
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`PostgreSQL does not answer at ${adminUrl} (${(error as Error).message}). Start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start`);
    }
    await admin.query(`CREATE DATABASE "${pgTemplate}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${pgTemplate}`;
    const database = await openDatabase({ dialect: "pg", url: url.toString() }, { poolSize: 1 });
    await database.close();
    await admin.end();
  }
  project.provide("pgTemplate", pgTemplate);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgTemplate) {
      const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
      admin.on("error", () => {});
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${pgTemplate}" WITH (FORCE)`);
      await admin.end();
    }
  };
}
