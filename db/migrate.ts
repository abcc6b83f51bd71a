import { databasePath, openDatabase } from "./index";

const file = databasePath();
openDatabase(file).sqlite.close();
console.log(`Database is up to date: ${file}`);
