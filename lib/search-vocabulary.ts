// search_word_trigrams for whichever database this process runs on. db/schema.ts
// does not export it yet; once it does (add `searchWordTrigrams` to its list),
// import it from there and delete this file.
import type { PgTable } from "drizzle-orm/pg-core";
import { currentDialect } from "@/db/dialect";
import type { customerSearchTerms } from "@/db/schema";
import * as pgSchema from "@/db/schema.pg";
import * as sqliteSchema from "@/db/schema.sqlite";

// Typed as db/schema types its tables: PostgreSQL's, or SQLite's under tsconfig.sqlite.json.
type Vocabulary = typeof customerSearchTerms extends PgTable ? typeof pgSchema.searchWordTrigrams : typeof sqliteSchema.searchWordTrigrams;

export const searchWordTrigrams = (currentDialect() === "pg" ? pgSchema.searchWordTrigrams : sqliteSchema.searchWordTrigrams) as unknown as Vocabulary;
