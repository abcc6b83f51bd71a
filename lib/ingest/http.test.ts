import { beforeEach, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { changeFeed, customers, onlineEvents } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createStaff, createStore } from "@/lib/testing/factories";
import { createSourceKey } from "@/lib/source-keys";
import { basicAuthorization } from "./write-key-format";

// How the Segment endpoints read a body: a client's malformed JSON is a 400
// with a reason, never a 500 from whatever walks the parsed value next.
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { handleSegmentRequest, MAX_JSON_DEPTH } = await import("./http");

let db: Db;
let key: string;

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const storeId = (await createStore(db, { name: "Fifth Avenue" })).id;
  const managerId = (await createStaff(db, { storeId, role: "manager" })).id;
  ({ key } = await createSourceKey(db, { storeId, staffId: managerId, name: "Website" }));
});

const post = (endpoint: "track" | "batch", body: string) =>
  handleSegmentRequest(
    new Request(`http://localhost/api/v1/${endpoint}`, { method: "POST", headers: { "content-type": "application/json", authorization: basicAuthorization(key) }, body }),
    endpoint,
  );
const written = async () => {
  const counts = [];
  for (const table of [onlineEvents, customers, changeFeed]) counts.push((await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table))[0]?.n);
  return counts;
};
/** `depth` arrays or objects inside one another, as JSON text. */
const nested = (depth: number, kind: "array" | "object") => (kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1));
const call = (properties: string) => `{"type":"track","event":"Product Viewed","userId":"u-1","messageId":"m-${properties.length}","properties":{"name":"Scarf","extra":${properties}}}`;

describe("handleSegmentRequest and deeply nested JSON", () => {
  it.each([
    // As deep as fits in a 500 KB batch: 100,000 arrays, 60,000 objects.
    ["an array nested 100,000", "array", 100_000],
    ["an object nested 60,000", "object", 60_000],
  ] as const)("answers 400 with a reason for %s deep in a batch, and stores nothing", async (_case, kind, depth) => {
    const before = await written();
    const response = await post("batch", `{"batch":[${call(nested(depth, kind))}]}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, error: `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep. Send flatter objects.` });
    expect(await written()).toEqual(before);
  });

  it("answers 400 for a deep single call and for a body that is nothing but nesting", async () => {
    expect((await post("track", call(nested(5_000, "object")))).status).toBe(400);
    expect((await post("batch", nested(100_000, "array"))).status).toBe(400);
  });

  it("takes nesting up to the limit", async () => {
    // The batch, its array, the call and its properties are four levels already.
    const response = await post("batch", `{"batch":[${call(nested(MAX_JSON_DEPTH - 4, "object"))}]}`);
    expect(await response.json()).toMatchObject({ success: true, accepted: 1 });
    const tooDeep = await post("batch", `{"batch":[${call(nested(MAX_JSON_DEPTH - 3, "object"))}]}`);
    expect(tooDeep.status).toBe(400);
  });
});
