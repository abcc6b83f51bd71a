// For `tsc -p tsconfig.sqlite.json` only: SQLite's tables under the names the domain imports.
export * from "../schema-constants";
export * from "../schema.sqlite";
