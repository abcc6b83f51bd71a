import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { changeFeed, products, socialMentions } from "@/db/schema";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStore, createVariantInStock } from "@/lib/testing/factories";
import { findStoreByKey, parseInstagramDelivery, parseXDelivery, storeMentions, type IncomingMention } from "./mentions";

/** A post as the X API v2 filtered stream sends it with expansions=author_id,attachments.media_keys. */
function xPost({ id = "1861873529107890176", username = "AliciaFdz", text = "Thinking about this coat from @hartleyrowe https://t.co/q1w2e3", expandedUrl = "https://shop.example/p/mil-ct-001?utm_source=x", tags = ["brand"] } = {}) {
  return {
    data: {
      id,
      edit_history_tweet_ids: [id],
      text,
      author_id: "1447002935398965248",
      created_at: "2026-03-02T14:05:09.000Z",
      attachments: { media_keys: ["3_1861873520000000000"] },
      entities: {
        mentions: [{ start: 30, end: 42, username: "hartleyrowe", id: "99" }],
        urls: [{ start: 44, end: 67, url: "https://t.co/q1w2e3", expanded_url: expandedUrl, display_url: "shop.example/p/mil-ct-001" }],
      },
    },
    includes: {
      users: [{ id: "1447002935398965248", name: "Alicia Fernández", username }],
      media: [{ media_key: "3_1861873520000000000", type: "photo", url: "https://pbs.twimg.com/media/GdXyZ.jpg" }],
    },
    matching_rules: tags.map((tag, i) => ({ id: String(1800000000000000000n + BigInt(i)), tag })),
  };
}

function instagram(changes: Array<{ field: string; value: unknown }>, object = "instagram") {
  return { object, entry: [{ id: "17841400000000000", time: 1772460309, changes }] };
}

const comment = { id: "17865799348089039", text: "Is this in a 6? https://www.shop.example/p/THE-CT-001/", from: { id: "232323232", username: "Alicia.Fernandez.NYC" }, media: { id: "17895695668004550", media_product_type: "FEED" } };

describe("parseXDelivery", () => {
  it("reads a stream post: id, lowercase handle, status URL, author id, time, links, media and store tags", async () => {
    const parsed = parseXDelivery(JSON.stringify(xPost({ tags: ["brand", "store:Union Square"] })));
    expect(parsed).toEqual({ ok: true, ignored: 0, mentions: [expect.any(Object)] });
    const [mention] = parsed.ok ? parsed.mentions : [];
    expect(mention).toMatchObject({
      network: "x",
      externalId: "1861873529107890176",
      kind: "post",
      handle: "aliciafdz",
      url: "https://x.com/AliciaFdz/status/1861873529107890176",
      authorExternalId: "1447002935398965248",
      postedAt: new Date("2026-03-02T14:05:09.000Z"),
      mediaUrl: "https://pbs.twimg.com/media/GdXyZ.jpg",
      storeKeys: ["Union Square"],
    });
    expect(mention?.links).toContain("https://shop.example/p/mil-ct-001?utm_source=x");
  });

  it("uses the full text of a long post, and reads several posts a line as the stream sends them", async () => {
    const long = xPost({ id: "2", text: "cut…" });
    const full = { ...long, data: { ...long.data, note_tweet: { text: "The whole long post about the coat" } } };
    const parsed = parseXDelivery(`${JSON.stringify(full)}\r\n\r\n${JSON.stringify(xPost({ id: "3" }))}\r\n`);
    expect(parsed.ok && parsed.mentions.map((m) => [m.externalId, m.text])).toEqual([
      ["2", "The whole long post about the coat"],
      ["3", "Thinking about this coat from @hartleyrowe https://t.co/q1w2e3"],
    ]);
  });

  it("keeps a post whose author was not expanded, with a link that works without the username", async () => {
    const { includes: _omit, ...bare } = xPost({ id: "4" });
    const parsed = parseXDelivery(JSON.stringify(bare));
    expect(parsed.ok && parsed.mentions[0]).toMatchObject({ handle: "unknown", url: "https://x.com/i/web/status/4" });
  });

  it("refuses malformed JSON, an empty body and objects that are not posts, saying what is wrong", async () => {
    expect(parseXDelivery('{"data": {')).toEqual({ ok: false, message: "The body is not valid JSON." });
    expect(parseXDelivery("\r\n")).toMatchObject({ ok: false, message: expect.stringMatching(/empty/) });
    expect(parseXDelivery(JSON.stringify({ errors: [{ title: "ConnectionException" }] }))).toMatchObject({ ok: false, message: expect.stringMatching(/data/) });
    expect(parseXDelivery(JSON.stringify({ data: { id: "5" } }))).toMatchObject({ ok: false, message: expect.stringMatching(/data\.text/) });
    expect(parseXDelivery(JSON.stringify({ data: { id: "5", text: "hi", created_at: "yesterday" } }))).toMatchObject({ ok: false, message: expect.stringMatching(/created_at/) });
    // Ids end up in links: only network ids get through.
    expect(parseXDelivery(JSON.stringify({ data: { id: "../../evil", text: "hi" } }))).toMatchObject({ ok: false, message: expect.stringMatching(/data\.id/) });
  });
});

describe("parseInstagramDelivery", () => {
  it("reads a comment with its author, media and time, and a mention with only ids", async () => {
    const parsed = parseInstagramDelivery(
      JSON.stringify(
        instagram([
          { field: "comments", value: comment },
          { field: "mentions", value: { media_id: "17918195224117851", comment_id: "17894227972186120" } },
          { field: "mentions", value: { media_id: "17918195224117852" } },
          { field: "story_insights", value: { media_id: "1", impressions: 4 } },
        ]),
      ),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.ignored).toBe(1);
    expect(parsed.mentions).toEqual([
      expect.objectContaining({ network: "instagram", kind: "comment", externalId: comment.id, handle: "alicia.fernandez.nyc", mediaId: "17895695668004550", authorExternalId: "232323232", postedAt: new Date(1772460309 * 1000), url: "https://www.instagram.com/alicia.fernandez.nyc/" }),
      expect.objectContaining({ kind: "mention", externalId: "17894227972186120", mediaId: "17918195224117851", handle: "unknown", text: "Mentioned the store in a comment" }),
      expect.objectContaining({ kind: "mention", externalId: "17918195224117852", handle: "unknown", text: "Mentioned the store in a post" }),
    ]);
  });

  it("refuses other objects, malformed JSON and wrongly shaped changes", async () => {
    expect(parseInstagramDelivery(JSON.stringify(instagram([], "page")))).toEqual({ ok: false, message: expect.stringContaining('not "page"') });
    expect(parseInstagramDelivery("{not json")).toEqual({ ok: false, message: "The body is not valid JSON." });
    expect(parseInstagramDelivery(JSON.stringify(instagram([{ field: "comments", value: { text: "no id" } }])))).toMatchObject({ ok: false, message: expect.stringMatching(/comments change.*id/) });
    expect(parseInstagramDelivery(JSON.stringify(instagram([{ field: "mentions", value: { comment_id: "1" } }])))).toMatchObject({ ok: false, message: expect.stringMatching(/media_id/) });
    expect(parseInstagramDelivery(JSON.stringify({ object: "instagram", entry: "x" }))).toMatchObject({ ok: false, message: expect.stringMatching(/entry/) });
    expect(parseInstagramDelivery(JSON.stringify({ object: "instagram", entry: [{ time: 1e20, changes: [] }] }))).toMatchObject({ ok: false, message: expect.stringMatching(/time/) });
  });
});

describe("storeMentions", () => {
  let db: Db;
  let ids: { fifth: string; oak: string; union: string; alicia: string; coat: string; wrap: string };

  const incoming = (overrides: Partial<IncomingMention> = {}): IncomingMention => ({
    network: "x",
    externalId: "100",
    kind: "post",
    handle: "someone",
    text: "Lovely window display",
    url: "https://x.com/someone/status/100",
    mediaUrl: null,
    mediaId: null,
    authorExternalId: "9",
    postedAt: new Date("2026-03-02T14:00:00Z"),
    links: [],
    storeKeys: [],
    ...overrides,
  });
  const mentionRow = async (externalId = "100") => (await db.select().from(socialMentions).where(eq(socialMentions.externalId, externalId)).limit(1))[0];

  beforeEach(async () => {
    db = await createTestDb();
    const fifth = (await createStore(db, { name: "Fifth Avenue", city: "New York", isFlagship: true })).id;
    const oak = (await createStore(db, { name: "Oak Street", city: "Chicago" })).id;
    const union = (await createStore(db, { name: "Union Square", city: "San Francisco" })).id;
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: oak, handles: [["x", "aliciafdz"], ["instagram", "alicia.fernandez.nyc"]] });
    const coat = (await createVariantInStock(db, { storeId: fifth, onHand: 1 })).productId;
    const wrap = (await createVariantInStock(db, { storeId: fifth, onHand: 1 })).productId;
    await db.update(products).set({ styleCode: "MIL-CT-001", onlineUrl: "https://shop.example/p/mil-ct-001" }).where(eq(products.id, coat));
    await db.update(products).set({ styleCode: "THE-CT-001", onlineUrl: null }).where(eq(products.id, wrap));
    ids = { fifth, oak, union, alicia, coat, wrap };
  });

  it("puts a post from a known handle on that customer, in their home store's inbox, and announces it", async () => {
    expect(await storeMentions(db, [incoming({ handle: "aliciafdz", storeKeys: ["union-square"] })])).toEqual({ stored: 1, duplicates: 0 });
    expect(await mentionRow()).toMatchObject({ customerId: ids.alicia, storeId: ids.oak, status: "new", kind: "post", authorExternalId: "9" });
    expect(await db.select().from(changeFeed)).toEqual([expect.objectContaining({ kind: "mention", customerId: ids.alicia, storeId: ids.oak })]);
  });

  it("matches the handle on the same network only", async () => {
    await storeMentions(db, [incoming({ network: "instagram", handle: "aliciafdz" })]);
    expect((await mentionRow())?.customerId).toBeNull();
  });

  it("sends an unknown author to the store named by a matching rule tag, else to the flagship", async () => {
    await storeMentions(db, [
      incoming({ externalId: "1", storeKeys: ["nowhere", "union-square"] }),
      incoming({ externalId: "2", storeKeys: ["CHICAGO"] }),
      incoming({ externalId: "3", storeKeys: [ids.union] }),
      incoming({ externalId: "4", storeKeys: ["nyc-unknown-key"] }),
      incoming({ externalId: "5" }),
    ]);
    expect(await Promise.all(["1", "2", "3", "4", "5"].map(async (id) => (await mentionRow(id))?.storeId))).toEqual([ids.union, ids.oak, ids.union, ids.fifth, ids.fifth]);
  });

  it("stores a replayed id once, counting it as a duplicate, with no second announcement", async () => {
    await storeMentions(db, [incoming()]);
    expect(await storeMentions(db, [incoming({ text: "edited" }), incoming()])).toEqual({ stored: 0, duplicates: 2 });
    expect(await db.select().from(socialMentions)).toHaveLength(1);
    expect((await mentionRow())?.text).toBe("Lovely window display");
    expect(await db.select().from(changeFeed)).toHaveLength(1);
    // The same id on another network is another post.
    expect(await storeMentions(db, [incoming({ network: "instagram" })])).toEqual({ stored: 1, duplicates: 0 });
  });

  it("stores an id repeated within one delivery once, the first copy winning", async () => {
    expect(await storeMentions(db, [incoming(), incoming({ text: "again" }), incoming({ externalId: "101" })])).toEqual({ stored: 2, duplicates: 1 });
    expect((await mentionRow())?.text).toBe("Lovely window display");
    expect(await db.select().from(changeFeed)).toHaveLength(2);
  });

  it("links the product whose page a link points at, however the link is dressed up", async () => {
    const links = [
      ["1", "https://shop.example/p/mil-ct-001"],
      ["2", "http://www.shop.example/p/mil-ct-001/?utm_source=x#reviews"],
      ["3", "https://SHOP.example/p/MIL-CT-001"],
      ["4", "https://shop.example/coats/milly-bonded-wool-coat-mil-ct-001.html"],
      ["5", "https://anywhere.example/products/the-ct-001"],
    ] as const;
    await storeMentions(db, links.map(([externalId, link]) => incoming({ externalId, links: [link] })));
    expect(await Promise.all(links.map(async ([id]) => (await mentionRow(id))?.productId))).toEqual([ids.coat, ids.coat, ids.coat, ids.coat, ids.wrap]);
  });

  it("links nothing for a style code on another site, a network link or no link", async () => {
    await storeMentions(db, [
      incoming({ externalId: "1", links: ["https://elsewhere.example/p/mil-ct-001"] }),
      incoming({ externalId: "2", links: ["https://t.co/q1w2e3", "https://x.com/aliciafdz/status/1"] }),
      incoming({ externalId: "3", links: ["not a url at all ::::"] }),
    ]);
    expect(await Promise.all(["1", "2", "3"].map(async (id) => (await mentionRow(id))?.productId))).toEqual([null, null, null]);
  });
});

describe("findStoreByKey", () => {
  const rows = [
    { id: "s1", name: "Fifth Avenue", city: "New York" },
    { id: "s2", name: "Oak Street", city: "Chicago" },
  ];
  it("finds a store by id, name or city without case or punctuation", async () => {
    expect(findStoreByKey(rows, "s2")?.id).toBe("s2");
    expect(findStoreByKey(rows, "fifth-avenue")?.id).toBe("s1");
    expect(findStoreByKey(rows, "New_York")?.id).toBe("s1");
    expect(findStoreByKey(rows, "oak")).toBeUndefined();
    expect(findStoreByKey(rows, "--")).toBeUndefined();
  });
});
