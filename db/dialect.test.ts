import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { currentDialect, limitsInText, literalCount, preparedRead, selectTuples, statementOfShape } from "@/db/dialect";
import { stores } from "@/db/schema";
import { createTestDb, openTestDatabase } from "@/lib/testing/db";
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

describe("literalCount", () => {
  it("writes a row limit into the statement's text, and takes nothing but a whole number", async () => {
    const db = await createTestDb();
    for (const name of ["Fifth Avenue", "SoHo", "Madison"]) await createStore(db, { name });
    // In a subquery of a compound statement, as the suggestions write their limits.
    const firstNames = (n: number) =>
      selectTuples<[string]>(db, sql`select name from (select name from stores order by name limit ${literalCount(n)}) as firsts union all select 'end'`);
    expect(await firstNames(2)).toEqual([["Fifth Avenue"], ["Madison"], ["end"]]);
    expect(await firstNames(0)).toEqual([["end"]]);
    for (const bad of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => literalCount(bad)).toThrow(`A row limit is a whole number, not ${bad}`);
  });
});

describe("limitsInText", () => {
  it("writes a whole-number .limit(n) into the text, in subqueries too; a placeholder limit stays a value", async () => {
    const db = await createTestDb();
    for (const name of ["Fifth Avenue", "SoHo", "Madison"]) await createStore(db, { name });
    const firstTwo = db.select({ name: stores.name }).from(stores).orderBy(stores.name).limit(2);
    const built = firstTwo.toSQL();
    expect(built.sql).toMatch(/ limit 2$/);
    expect(built.params).toEqual([]);
    expect(await firstTwo).toEqual([{ name: "Fifth Avenue" }, { name: "Madison" }]);

    const inner = db.select({ name: stores.name }).from(stores).orderBy(stores.name).limit(1).as("firsts");
    const outer = db.select({ name: inner.name }).from(inner);
    expect(outer.toSQL().sql).toMatch(/ limit 1\)/);
    expect(await outer).toEqual([{ name: "Fifth Avenue" }]);

    const placeheld = db.select({ name: stores.name }).from(stores).orderBy(stores.name).limit(sql.placeholder("n"));
    expect(placeheld.toSQL().sql).toMatch(currentDialect() === "pg" ? / limit \$1$/ : / limit \?$/);
    // Not a whole number: left to drizzle, which sends it as a value.
    expect(db.select({ name: stores.name }).from(stores).limit(1.5).toSQL().params).toEqual([1.5]);
  });

  it("refuses a database it cannot reach the select builder of", () => {
    expect(() => limitsInText({})).toThrow("limitsInText needs updating");
  });
});

describe("preparedRead", () => {
  const storeNamed = preparedRead("test_store_by_id", (db) =>
    db
      .select({ name: stores.name, createdAt: stores.createdAt })
      .from(stores)
      .where(eq(stores.id, sql.placeholder("id")))
      .limit(1),
  );

  it("runs a statement made once with each call's values, and reads what was written since", async () => {
    const db = await createTestDb();
    const fifth = await createStore(db, { name: "Fifth Avenue" });
    const soho = await createStore(db, { name: "SoHo" });
    expect(await storeNamed(db, { id: fifth.id })).toEqual([{ name: "Fifth Avenue", createdAt: expect.any(Date) }]);
    expect((await storeNamed(db, { id: soho.id }))[0]?.name).toBe("SoHo");
    expect(await storeNamed(db, { id: "no such store" })).toEqual([]);
    await db.update(stores).set({ name: "Fifth Avenue Flagship" }).where(eq(stores.id, fifth.id));
    expect((await storeNamed(db, { id: fifth.id }))[0]?.name).toBe("Fifth Avenue Flagship");
  });

  it("inside a transaction reads on the transaction's connection; outside it, never its rows", async () => {
    const db = await createTestDb();
    const existing = await createStore(db, { name: "Fifth Avenue" });
    // Made on the handle first: the transaction must not be given the handle's statement.
    expect((await storeNamed(db, { id: existing.id }))[0]?.name).toBe("Fifth Avenue");
    await db.transaction(async (tx) => {
      const [added] = await tx.insert(stores).values({ id: "store-in-tx", name: "Madison", city: "New York", address: "1 Madison Ave", phone: "+12125550100", timezone: "America/New_York", openingHours: {} }).returning({ id: stores.id });
      expect((await storeNamed(tx, { id: added!.id }))[0]?.name).toBe("Madison");
      expect(await storeNamed(db, { id: added!.id })).toEqual([]);
    });
    expect((await storeNamed(db, { id: "store-in-tx" }))[0]?.name).toBe("Madison");
  });

  it.runIf(currentDialect() === "sqlite")("on SQLite, waits for its turn in the line of reads rather than running at the call", async () => {
    const database = await openTestDatabase();
    const { id } = await createStore(database.db, { name: "Fifth Avenue" });
    const read = storeNamed(database.db, { id });
    // Written (and committed) once the call's promise work is done, before the read's turn comes: the read sees it.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => queueMicrotask(resolve));
    database.sqlite!.prepare("update stores set name = 'Renamed' where id = ?").run(id);
    expect((await read)[0]?.name).toBe("Renamed");
  });
});
