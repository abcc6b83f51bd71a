import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { changeFeed, products, socialMentions } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStore, createVariantInStock } from "@/lib/testing/factories";
import { getCustomerProfile } from "@/lib/customer-profile";
import { listMentionInbox } from "@/lib/mentions";
import { signBody } from "@/lib/webhook-signature";

// The route handlers run for real against a test database; only getDb is pointed at it.
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const xRoute = await import("./x/route");
const instagramRoute = await import("./instagram/route");

const X_SECRET = "x-route-test-secret-0123456789";
const META_SECRET = "meta-route-test-app-secret-0123";
const VERIFY_TOKEN = "route-test-verify-token";

let db: Db;
let ids: { fifth: string; oak: string; alicia: string; coat: string };

beforeEach(async () => {
  vi.stubEnv("X_WEBHOOK_SECRET", X_SECRET);
  vi.stubEnv("META_APP_SECRET", META_SECRET);
  vi.stubEnv("META_VERIFY_TOKEN", VERIFY_TOKEN);
  db = await createTestDb();
  testDb.current = db;
  const fifth = (await createStore(db, { name: "Fifth Avenue", city: "New York", isFlagship: true })).id;
  const oak = (await createStore(db, { name: "Oak Street", city: "Chicago" })).id;
  const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", homeStoreId: fifth, handles: [["x", "aliciafdz"], ["instagram", "alicia.fernandez.nyc"]] });
  const coat = (await createVariantInStock(db, { storeId: fifth, onHand: 2 })).productId;
  await db.update(products).set({ styleCode: "MIL-CT-001", name: "Milly Bonded Wool Coat", onlineUrl: "https://shop.example/p/mil-ct-001" }).where(eq(products.id, coat));
  ids = { fifth, oak, alicia, coat };
});

afterEach(async () => {
  vi.unstubAllEnvs();
});

/** One post exactly as the X API v2 filtered stream delivers it (expansions=author_id). */
function streamPost({ id, username, text, expandedUrl, tag }: { id: string; username: string; text: string; expandedUrl?: string; tag?: string }) {
  return {
    data: {
      id,
      edit_history_tweet_ids: [id],
      text,
      author_id: `${id}9`,
      created_at: "2026-03-02T14:05:09.000Z",
      entities: expandedUrl ? { urls: [{ start: 0, end: 23, url: "https://t.co/AbCdEf1234", expanded_url: expandedUrl, display_url: expandedUrl.replace(/^https:\/\//, "") }] } : undefined,
    },
    includes: { users: [{ id: `${id}9`, name: username, username }] },
    matching_rules: [{ id: "1798000000000000001", tag: tag ?? "brand mentions" }],
  };
}

function instagramComment(id: string) {
  return {
    object: "instagram",
    entry: [
      {
        id: "17841400000000000",
        time: 1772460309,
        changes: [{ field: "comments", value: { from: { id: "232323232", username: "alicia.fernandez.nyc" }, media: { id: "17895695668004550", media_product_type: "FEED" }, id, text: "Do you have this in a 6?" } }],
      },
    ],
  };
}

const postX = (body: string, signature: string | null = signBody(body, X_SECRET)) =>
  xRoute.POST(new Request("http://localhost/api/v1/mentions/x", { method: "POST", body, headers: { "content-type": "application/json", ...(signature ? { "X-Shopkeeper-Signature": signature } : {}) } }));
const postInstagram = (body: string, signature: string | null = signBody(body, META_SECRET)) =>
  instagramRoute.POST(new Request("http://localhost/api/v1/mentions/instagram", { method: "POST", body, headers: { "content-type": "application/json", ...(signature ? { "X-Hub-Signature-256": signature } : {}) } }));
const mentionCount = async () => (await db.select().from(socialMentions)).length;

describe("POST /api/v1/mentions/x", () => {
  it("puts a post from a known handle on the customer's profile, with the product its link points at", async () => {
    const body = JSON.stringify(streamPost({ id: "1861873529107890176", username: "AliciaFdz", text: "Too bold for court? https://t.co/AbCdEf1234", expandedUrl: "https://shop.example/p/mil-ct-001?utm_source=x" }));
    const response = await postX(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 1, duplicates: 0 });

    const profile = await getCustomerProfile(db, { customerId: ids.alicia });
    expect(profile?.mentions).toEqual([
      expect.objectContaining({ network: "x", handle: "aliciafdz", text: "Too bold for court? https://t.co/AbCdEf1234", url: "https://x.com/AliciaFdz/status/1861873529107890176", status: "new", storeId: ids.fifth, product: expect.objectContaining({ id: ids.coat, name: "Milly Bonded Wool Coat" }) }),
    ]);
    expect(await db.select().from(changeFeed)).toEqual([expect.objectContaining({ kind: "mention", customerId: ids.alicia, storeId: ids.fifth })]);
  });

  it("lands a post from an unknown handle in the flagship's inbox, or the store its rule is tagged with", async () => {
    expect((await postX(JSON.stringify(streamPost({ id: "2001", username: "NewFan", text: "Best window on Fifth" })))).status).toBe(200);
    expect((await postX(JSON.stringify(streamPost({ id: "2002", username: "ChiShopper", text: "Oak Street staff are great", tag: "store:oak-street" })))).status).toBe(200);
    expect((await listMentionInbox(db, { storeId: ids.fifth })).map((m) => [m.handle, m.customer?.id ?? null])).toEqual([["newfan", null]]);
    expect((await listMentionInbox(db, { storeId: ids.oak })).map((m) => m.handle)).toEqual(["chishopper"]);
  });

  it("stores a replayed post once", async () => {
    const body = JSON.stringify(streamPost({ id: "3001", username: "aliciafdz", text: "Picked it up!" }));
    expect(await (await postX(body)).json()).toEqual({ stored: 1, duplicates: 0 });
    expect(await (await postX(body)).json()).toEqual({ stored: 0, duplicates: 1 });
    expect(await mentionCount()).toBe(1);
    expect(await db.select().from(changeFeed)).toHaveLength(1);
  });

  it("answers 401 for a missing or wrong signature and stores nothing", async () => {
    const body = JSON.stringify(streamPost({ id: "4001", username: "aliciafdz", text: "hello" }));
    const missing = await postX(body, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: expect.stringMatching(/X-Shopkeeper-Signature header is missing/) });
    expect((await postX(body, signBody(body, "someone-elses-secret-0123456789"))).status).toBe(401);
    expect((await postX(body.replace("hello", "HELLO"), signBody(body, X_SECRET))).status).toBe(401);
    expect(await mentionCount()).toBe(0);
  });

  it("answers 400 for malformed JSON and for a body that is not a stream post, saying why", async () => {
    expect((await postX('{"data": {"id": "1",')).status).toBe(400);
    const wrong = await postX(JSON.stringify({ data: { id: "5001" } }));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: expect.stringMatching(/data\.text/) });
    expect(await mentionCount()).toBe(0);
  });

  it("answers 413 for a body over 256 KB and 503 when no secret is configured, storing nothing", async () => {
    const big = JSON.stringify(streamPost({ id: "6001", username: "aliciafdz", text: "x".repeat(270_000) }));
    expect((await postX(big)).status).toBe(413);
    vi.stubEnv("X_WEBHOOK_SECRET", "");
    const body = JSON.stringify(streamPost({ id: "6002", username: "aliciafdz", text: "hi" }));
    const unconfigured = await postX(body, signBody(body, ""));
    expect(unconfigured.status).toBe(503);
    expect(await unconfigured.json()).toEqual({ error: expect.stringContaining("X_WEBHOOK_SECRET") });
    expect(await mentionCount()).toBe(0);
  });
});

describe("a delivery whose sender hangs up mid-body", () => {
  it("answers 400 on both endpoints, never a 500, and stores nothing", async () => {
    const aborted = (url: string, header: string) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"object":"instagram","entry":['));
        },
        pull(controller) {
          controller.error(new Error("client aborted"));
        },
      });
      return new Request(url, { method: "POST", body: stream, headers: { "content-type": "application/json", [header]: signBody("{}", X_SECRET) }, duplex: "half" } as RequestInit);
    };
    const x = await xRoute.POST(aborted("http://localhost/api/v1/mentions/x", "X-Shopkeeper-Signature"));
    expect(x.status).toBe(400);
    expect(await x.json()).toEqual({ error: expect.stringMatching(/could not be read/) });
    expect((await instagramRoute.POST(aborted("http://localhost/api/v1/mentions/instagram", "X-Hub-Signature-256"))).status).toBe(400);
    expect(await mentionCount()).toBe(0);
  });
});

describe("POST /api/v1/mentions/instagram", () => {
  it("stores a signed comment on the commenter's profile, once", async () => {
    const body = JSON.stringify(instagramComment("17865799348089039"));
    const response = await postInstagram(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 1, duplicates: 0, ignored: 0 });
    const profile = await getCustomerProfile(db, { customerId: ids.alicia });
    expect(profile?.mentions).toEqual([expect.objectContaining({ network: "instagram", handle: "alicia.fernandez.nyc", text: "Do you have this in a 6?" })]);
    expect(await db.select({ kind: socialMentions.kind, mediaId: socialMentions.mediaId }).from(socialMentions)).toEqual([{ kind: "comment", mediaId: "17895695668004550" }]);
    expect(await (await postInstagram(body)).json()).toEqual({ stored: 0, duplicates: 1, ignored: 0 });
    expect(await mentionCount()).toBe(1);
  });

  it("answers 401 for an invalid signature and stores nothing", async () => {
    const body = JSON.stringify(instagramComment("17865799348089040"));
    expect((await postInstagram(body, signBody(body, "not-the-app-secret-0123456789"))).status).toBe(401);
    expect((await postInstagram(body, "sha256=00")).status).toBe(401);
    expect((await postInstagram(body, null)).status).toBe(401);
    // The X signature header means nothing to Meta's endpoint.
    const xSigned = await instagramRoute.POST(new Request("http://localhost/api/v1/mentions/instagram", { method: "POST", body, headers: { "X-Shopkeeper-Signature": signBody(body, META_SECRET) } }));
    expect(xSigned.status).toBe(401);
    expect(await mentionCount()).toBe(0);
  });

  it("refuses another object type and malformed JSON with 400", async () => {
    const page = await postInstagram(JSON.stringify({ object: "page", entry: [] }));
    expect(page.status).toBe(400);
    expect(await page.json()).toEqual({ error: expect.stringContaining("Only Instagram notifications") });
    expect((await postInstagram("{")).status).toBe(400);
    expect(await mentionCount()).toBe(0);
  });
});

describe("GET /api/v1/mentions/instagram (Meta's handshake)", () => {
  const handshake = (params: Record<string, string>) => instagramRoute.GET(new Request(`http://localhost/api/v1/mentions/instagram?${new URLSearchParams(params)}`));

  it("echoes the challenge as plain text for the right verify token", async () => {
    const response = await handshake({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("1158201444");
  });

  it("answers 403 for a wrong token or mode, and 503 when no token is configured", async () => {
    expect((await handshake({ "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake({ "hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake({ "hub.challenge": "1" })).status).toBe(403);
    vi.stubEnv("META_VERIFY_TOKEN", "");
    expect((await handshake({ "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" })).status).toBe(503);
  });
});
