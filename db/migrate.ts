import { describeDatabase, openDatabase } from "@/db";

// Applies pending migrations to the database DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite) names.
const database = await openDatabase();
await database.close();
console.log(`Database is up to date: ${describeDatabase()}`);
