import { openDatabase, type Db } from "@/db";

/** A fresh, migrated in-memory database for one test. */
export function createTestDb(): Db {
  return openDatabase(":memory:").db;
}
