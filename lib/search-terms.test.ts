import { describe, expect, it } from "vitest";
import { customerSearchTerms, fold, namePairTerms, nameTerms, parseQuery } from "./search-terms";

describe("fold", () => {
  it("lowercases and removes accents", () => {
    expect(fold("Zoë Fernández-Ångström")).toBe("zoe fernandez-angstrom");
    expect(fold("Müller Straße")).toBe("muller strasse");
  });
});

describe("nameTerms", () => {
  it("splits names into words and joins punctuated ones", () => {
    expect(nameTerms("Seán O'Brien")).toEqual(["sean", "o", "brien", "obrien"]);
    expect(nameTerms("Anne-Marie Van der Berg")).toEqual(["anne", "marie", "annemarie", "van", "der", "berg"]);
  });
});

describe("customerSearchTerms", () => {
  it("indexes name words, email, local part, phone forms and handles", () => {
    const terms = customerSearchTerms({
      firstName: "Alicia",
      lastName: "Fernández",
      email: "Alicia.Fernandez@Gmail.com",
      phone: "+12125550143",
      handles: ["@AliciaFdz"],
    }).map((t) => t.term);
    expect(terms).toEqual(
      expect.arrayContaining(["alicia", "fernandez", "alicia.fernandez@gmail.com", "alicia.fernandez", "12125550143", "2125550143", "0143", "aliciafdz"]),
    );
  });

  it("pairs the name words both ways, marked so no typed prefix reaches them", () => {
    const pairs = customerSearchTerms({ firstName: "Seán", lastName: "O'Brien" }).filter((t) => t.kind === "pair").map((t) => t.term);
    expect(pairs).toEqual(expect.arrayContaining(["~sean obrien", "~obrien sean", "~sean brien", "~brien o"]));
    expect(pairs).toHaveLength(12);
    expect(namePairTerms(["a", "b", "c", "d", "e", "f", "g", "h"])).toHaveLength(30);
    expect(parseQuery("~sean obrien")).toEqual({ mode: "text", tokens: ["sean", "obrien"] });
  });
});

describe("parseQuery", () => {
  it("reads a phone number in any formatting as digits", () => {
    expect(parseQuery("(212) 555-0143")).toEqual({ mode: "phone", tokens: ["2125550143"] });
    expect(parseQuery("+1 212.555.0143")).toEqual({ mode: "phone", tokens: ["12125550143"] });
  });

  it("keeps an email whole and strips the @ from handles", () => {
    expect(parseQuery("Alicia.Fernandez@gmail.com")).toEqual({ mode: "text", tokens: ["alicia.fernandez@gmail.com"] });
    expect(parseQuery("@AliciaFdz")).toEqual({ mode: "text", tokens: ["aliciafdz"] });
  });

  it("folds accents and drops tokens that are prefixes of others", () => {
    expect(parseQuery("  FERNÁN  fern ali ")).toEqual({ mode: "text", tokens: ["fernan", "ali"] });
  });

  it("returns null when there is nothing to search", () => {
    expect(parseQuery("   ")).toBeNull();
    expect(parseQuery("12")).toBeNull();
    expect(parseQuery("!!")).toBeNull();
  });
});
