import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { products } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { findProducts, PRODUCT_LOOKUP_LIMIT } from "./product-lookup";

let db: Db;

async function addProduct(name: string, brand: string, styleCode: string) {
  const id = randomUUID();
  await db.insert(products).values({ id, name, brand, styleCode, category: "coats", priceCents: 50000, imageUrl: "/media/products/coats-1f4fb8.svg" });
  return id;
}

const names = async (query: string) => (await findProducts(db, { query })).products.map((p) => p.name);

beforeEach(async () => {
  db = await createTestDb();
  await addProduct("Milly Bonded Wool Coat", "Milly", "MIL-CT-001");
  await addProduct("Wool Trench", "Harbour", "HAR-TR-010");
  await addProduct("Cashmere Scarf", "Harbour", "HAR-SC-100");
  await addProduct("100% Silk Scarf", "Lumen", "LUM_SC_7");
});

describe("findProducts", () => {
  it("matches name, brand or style code, without case, every word somewhere", async () => {
    expect(await names("bonded")).toEqual(["Milly Bonded Wool Coat"]);
    expect(await names("HARBOUR")).toEqual(["Cashmere Scarf", "Wool Trench"]);
    expect(await names("mil-ct")).toEqual(["Milly Bonded Wool Coat"]);
    expect(await names("harbour   scarf")).toEqual(["Cashmere Scarf"]);
    expect(await names("wool velvet")).toEqual([]);
    expect(await names("   ")).toEqual([]);
  });

  it("puts an exact style code first, then names that start with what was typed", async () => {
    await addProduct("Scarf Ring", "Lumen", "LUM-RG-1");
    expect(await names("scarf")).toEqual(["Scarf Ring", "100% Silk Scarf", "Cashmere Scarf"]);
    await addProduct("Coat hanger set", "Harbour", "HAR-SC");
    expect((await names("har-sc"))[0]).toBe("Coat hanger set");
  });

  it("takes % and _ literally", async () => {
    expect(await names("%")).toEqual(["100% Silk Scarf"]);
    expect(await names("_sc_")).toEqual(["100% Silk Scarf"]);
  });

  it("returns at most the limit, and says when there are more", async () => {
    for (let i = 0; i < 12; i++) await addProduct(`Knit ${String(i).padStart(2, "0")}`, "Knitwell", `KN-${i}`);
    const found = await findProducts(db, { query: "knit" });
    expect(found.products).toHaveLength(PRODUCT_LOOKUP_LIMIT);
    expect(found.limited).toBe(true);
    expect(found.products[0]).toEqual({ id: expect.any(String), name: "Knit 00", brand: "Knitwell", styleCode: "KN-0" });
    expect(await findProducts(db, { query: "knit 11" })).toMatchObject({ products: [{ name: "Knit 11" }], limited: false });
  });
});
