import { defineConfig } from "drizzle-kit";

// PostgreSQL migrations, generated from db/schema.pg.ts (the SQLite ones: drizzle.config.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
});
