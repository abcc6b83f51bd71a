import { describe, expect, it } from "vitest";
import { rankSuggestions, type CandidateVariant, type CustomerSignals } from "./suggestion-scoring";

const now = new Date("2026-11-23T18:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

function item(overrides: Partial<CandidateVariant>): CandidateVariant {
  return {
    variantId: `${overrides.productId ?? "p"}-v`,
    productId: "p",
    name: "Plain Coat",
    brand: "Nobody",
    category: "coats",
    style: "minimal",
    description: "",
    size: "M",
    colour: "Black",
    priceCents: 50000,
    imageUrl: "/x.svg",
    available: 1,
    ...overrides,
  };
}

const signals: CustomerSignals = {
  preferences: { sizes: { coats: "M", shoes: "38" }, colours: ["Blue"], brands: ["Milly"], styles: ["statement"], dislikes: ["Animal print"], priceMinCents: 25000, priceMaxCents: 100000 },
  events: [
    { type: "wishlist_added", productId: "milly", occurredAt: daysAgo(2) },
    { type: "product_viewed", productId: "milly", occurredAt: daysAgo(2) },
    { type: "product_viewed", productId: "navy", occurredAt: daysAgo(4) },
  ],
  mentions: [{ productId: "milly", network: "x", postedAt: daysAgo(2) }],
  purchasedProductIds: new Set(["bought"]),
  purchasedBrands: new Set(["Theory"]),
  heldProductIds: new Set(["held"]),
};

describe("rankSuggestions", () => {
  it("puts the wishlisted, posted-about coat first and explains why", () => {
    const ranked = rankSuggestions(
      [
        item({ productId: "plain" }),
        item({ productId: "navy", name: "Navy Coat", colour: "Navy", brand: "Theory" }),
        item({ productId: "milly", name: "Milly Bonded Wool Coat", brand: "Milly", colour: "Cobalt blue", style: "statement", priceCents: 69500 }),
      ],
      signals,
      now,
    );
    expect(ranked.map((s) => s.productId)).toEqual(["milly", "navy", "plain"]);
    expect(ranked[0]!.reasons).toEqual(["on their wishlist", "mentioned on X", "viewed 2 days ago", "blue", "in their $250–$1,000 band", "Milly, a favourite brand", "statement"]);
    expect(ranked[1]!.reasons).toEqual(["viewed 4 days ago", "blue", "in their $250–$1,000 band", "a brand they bought before"]);
    expect(ranked[0]!.score).toBeCloseTo(4 + 4 + 3 * 0.5 ** (2 / 7) + 3 + 2 + 2 + 1, 5);
  });

  it("leaves out other sizes, sold-out units, holds, purchases and dislikes", () => {
    const ranked = rankSuggestions(
      [
        item({ productId: "small", size: "S", colour: "Blue" }),
        item({ productId: "gone", colour: "Blue", available: 0 }),
        item({ productId: "held", colour: "Blue" }),
        item({ productId: "bought", colour: "Blue" }),
        item({ productId: "leopard", colour: "Blue", name: "Animal Print Coat" }),
        item({ productId: "scarf", category: "scarves", size: "One size", colour: "Navy" }),
      ],
      signals,
      now,
    );
    expect(ranked.map((s) => s.productId)).toEqual(["scarf"]);
  });

  it("shows each product once, in the colour they like, and at most the limit", () => {
    const ranked = rankSuggestions(
      [item({ productId: "two", colour: "Black", variantId: "black" }), item({ productId: "two", colour: "Navy", variantId: "navy" })],
      signals,
      now,
    );
    expect(ranked.map((s) => s.variantId)).toEqual(["navy"]);
    const many = Array.from({ length: 12 }, (_, i) => item({ productId: `p${i}`, name: `Coat ${i}`, colour: "Blue" }));
    expect(rankSuggestions(many, signals, now)).toHaveLength(8);
  });

  it("suggests nothing without a size to go by", () => {
    expect(rankSuggestions([item({ colour: "Blue" })], { ...signals, preferences: null }, now)).toEqual([]);
  });
});
