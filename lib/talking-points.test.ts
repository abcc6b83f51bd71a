import { describe, expect, it } from "vitest";
import { talkingPoints, type TalkingPointInput } from "./talking-points";

const now = new Date("2026-11-23T18:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const coat = (name: string, brand = "Theory") => ({ name, brand, category: "coats" });

const base: TalkingPointInput = {
  activity: [],
  mentions: [],
  preferences: null,
  holds: [],
  purchases: [],
  lifetime: { spendCents: 0, purchaseCount: 0 },
};

describe("talkingPoints", () => {
  it("tells the seed story: blue coats viewed, the wishlist, the post, size and budget", () => {
    const milly = coat("Milly Bonded Wool Coat", "Milly");
    const points = talkingPoints(
      {
        ...base,
        activity: [
          { type: "wishlist_added", occurredAt: daysAgo(2), searchQuery: null, product: milly, variant: { colour: "Cobalt blue", size: "M" } },
          { type: "product_viewed", occurredAt: daysAgo(2), searchQuery: null, product: milly, variant: { colour: "Cobalt blue", size: "M" } },
          { type: "product_viewed", occurredAt: daysAgo(3), searchQuery: null, product: milly, variant: { colour: "Cobalt blue", size: "M" } },
          { type: "product_viewed", occurredAt: daysAgo(4), searchQuery: null, product: coat("Navy Wrap Coat"), variant: { colour: "Navy", size: "S" } },
          { type: "product_viewed", occurredAt: daysAgo(5), searchQuery: null, product: coat("Powder Car Coat", "Vince"), variant: { colour: "Powder blue", size: "M" } },
          { type: "product_viewed", occurredAt: daysAgo(5), searchQuery: null, product: coat("Camel Coat"), variant: { colour: "Camel", size: "M" } },
          { type: "product_viewed", occurredAt: daysAgo(20), searchQuery: null, product: coat("Old Blue Coat"), variant: { colour: "Blue", size: "M" } },
        ],
        mentions: [{ network: "x", postedAt: daysAgo(2), status: "new", text: "…", product: milly }],
        preferences: { sizes: { dresses: "6", coats: "M" }, priceMinCents: 25000, priceMaxCents: 100000 },
      },
      now,
    );
    expect(points).toEqual([
      "Viewed 3 blue coats this week",
      "Wishlisted the Milly Bonded Wool Coat in cobalt blue 2 days ago",
      "Posted about the Milly coat on X 2 days ago, not answered yet",
      "Size M in coats; budget $250–$1,000",
    ]);
  });

  it("says nothing it does not know", () => {
    expect(talkingPoints(base, now)).toEqual([]);
  });

  it("mentions active holds and spend, but not expired holds", () => {
    const points = talkingPoints(
      {
        ...base,
        holds: [
          { status: "active", expiresAt: daysAgo(-1) },
          { status: "active", expiresAt: daysAgo(1) },
        ],
        purchases: [{ purchasedAt: daysAgo(10) }],
        lifetime: { spendCents: 123450, purchaseCount: 3 },
      },
      now,
    );
    expect(points).toEqual(["1 item on hold for them", "$1,234.50 over 3 purchases, last 10 days ago"]);
  });
});
