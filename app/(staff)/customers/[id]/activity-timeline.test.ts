import { describe, expect, it } from "vitest";
import { TIMELINE_PAGE, timelineEntry, timelineLength } from "./activity-timeline";

describe("timelineLength", () => {
  it("shows the first page unless the address asks for more, in whole pages, up to a bound", () => {
    expect(timelineLength(undefined)).toBe(TIMELINE_PAGE);
    expect(timelineLength("20")).toBe(20);
    expect(timelineLength("25")).toBe(30);
    expect(timelineLength("abc")).toBe(TIMELINE_PAGE);
    expect(timelineLength("-40")).toBe(TIMELINE_PAGE);
    expect(timelineLength(["20", "30"])).toBe(TIMELINE_PAGE);
    expect(timelineLength("1000000")).toBe(500);
  });
});

describe("timelineEntry", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const base = { occurredAt: new Date("2026-03-10T11:00:00Z"), channel: "web", searchQuery: null, productName: null, imageUrl: null, productUrl: null, sku: null, valueCents: null, product: null, variant: null };
  type Event = Parameters<typeof timelineEntry>[0];

  it("words a catalogue item with its variant's picture, colour and size, price, and a way to put it aside", () => {
    const event = {
      ...base,
      id: "e1",
      type: "cart_added",
      channel: "app",
      product: { id: "p1", name: "Wool Coat", brand: "Milly", category: "coats", imageUrl: "/media/coat.svg", priceCents: 69_500 },
      variant: { id: "v1", sku: "C-1", size: "M", colour: "Navy", imageUrl: "/media/coat-navy.svg", priceCents: 65_000 },
    } as unknown as Event;
    expect(timelineEntry(event, now)).toEqual({
      id: "e1",
      picture: { src: "/media/coat-navy.svg" },
      verb: "Added to cart",
      wanted: true,
      name: "Wool Coat",
      detail: "Navy · M",
      when: "1 h ago",
      price: "$650",
      app: true,
      item: { productId: "p1", variantId: "v1", name: "Wool Coat" },
    });
  });

  it("links an item outside the catalogue to the retailer's page, with its own picture, and offers no put-aside", () => {
    const event = { ...base, id: "e2", type: "product_viewed", productName: "Linen Shirt", imageUrl: "https://shop.example/shirt.jpg", productUrl: "https://shop.example/shirt", sku: "LS-9", valueCents: 12_000 } as unknown as Event;
    expect(timelineEntry(event, now)).toEqual({
      id: "e2",
      picture: { src: "https://shop.example/shirt.jpg", outside: true },
      verb: "Viewed",
      wanted: false,
      name: "Linen Shirt",
      href: "https://shop.example/shirt",
      detail: "Not in our catalogue · SKU LS-9",
      when: "1 h ago",
      price: "$120",
    });
  });

  it("quotes a search, with no picture", () => {
    const event = { ...base, id: "e3", type: "searched", searchQuery: "silk scarf" } as unknown as Event;
    expect(timelineEntry(event, now)).toEqual({ id: "e3", picture: null, verb: "Searched", wanted: false, query: "silk scarf", when: "1 h ago" });
  });
});
