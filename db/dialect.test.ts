import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { currentDialect, selectTuples, statementOfShape } from "@/db/dialect";
import { createTestDb } from "@/lib/testing/db";
import { createStore } from "@/lib/testing/factories";

describe("statementOfShape", () => {
  it("makes a statement's text once and runs it with each call's own values", async () => {
    const db = await createTestDb();
    const fifth = (await createStore(db, { name: "Fifth Avenue" })).id;
    const soho = (await createStore(db, { name: "SoHo" })).id;
    const named = (id: string, extra: number) =>
      selectTuples<[string, number]>(
        db,
        statementOfShape("test:store-named", (value) => sql`select name, cast(${value("extra", extra)} as integer) + 1 from stores where id = ${value("id", id)} or name = ${value("id", id)}`),
        "test_store_named",
      );
    expect((await named(fifth, 1)).map(([name, n]) => [name, Number(n)])).toEqual([["Fifth Avenue", 2]]);
    // The same shape again, other values: the kept text, these values.
    expect((await named(soho, 41)).map(([name, n]) => [name, Number(n)])).toEqual([["SoHo", 42]]);
    expect(await named("no such store", 0)).toEqual([]);
  });

  it("refuses one name with two values, and a text with a parameter's mark that is no parameter", () => {
    expect(() => statementOfShape("test:two-values", (value) => sql`select ${value("a", 1)}, ${value("a", 2)}`)).toThrow("Statement test:two-values: a has two values");
    const mark = currentDialect() === "pg" ? "$1" : "?";
    expect(() => statementOfShape("test:literal-mark", (value) => sql`select ${value("a", 1)}, ${sql.raw(`'${mark}'`)}`)).toThrow("its text has a parameter's mark where no parameter is");
  });
});
