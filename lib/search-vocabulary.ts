// search_word_trigrams for whichever database this process runs on. db/schema.ts
// does not export it yet; once it does (add `searchWordTrigrams` to its list),
// import it from there and delete this file.
import { currentDialect } from "@/db/dialect";
import * as pgSchema from "@/db/schema.pg";
import * as sqliteSchema from "@/db/schema.sqlite";

export const searchWordTrigrams: typeof pgSchema.searchWordTrigrams =
  currentDialect() === "pg" ? pgSchema.searchWordTrigrams : (sqliteSchema.searchWordTrigrams as unknown as typeof pgSchema.searchWordTrigrams);
