import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { Db } from "@/db";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { basicAuthorization } from "@/lib/ingest/write-key-format";
import { postmarkInboundEmail } from "@/lib/testing/postmark";
import { buildTwoStores, CALLERS, changes, person, snapshot, type Person, type StoreKey, type StoreWorld, type Who, type World } from "@/lib/testing/two-stores";

// Every route handler that reads or writes the shop's records, called with no
// session, an associate's and a manager's of each of two stores, for a record
// of each store: its status, that it shows nothing of the other store, and
// that a refusal changes nothing. A staff session is never a write key or a
// webhook signature. /api/live, /api/health and /api/auth are in the same
// table in e2e/authorization.spec.ts (they need the running app's stream hub,
// database and Auth.js); /api/live also in app/api/live/route.test.ts.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
vi.stubEnv("X_WEBHOOK_SECRET", "route-authorization-x-secret-0123456789");
vi.stubEnv("META_APP_SECRET", "route-authorization-meta-secret-0123456789");
vi.stubEnv("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef");
vi.stubEnv("TWILIO_AUTH_TOKEN", "route-authorization-twilio-token-0123");
vi.stubEnv("INBOUND_EMAIL_WEBHOOK_USER", "postmark");
vi.stubEnv("INBOUND_EMAIL_WEBHOOK_PASSWORD", "route-authorization-inbound-password");
vi.stubEnv("X_CLIENT_ID", "route-authorization-x-client");
vi.stubEnv("X_CLIENT_SECRET", "route-authorization-x-client-secret-0123");

const { GET: exportCsv } = await import("./(staff)/store/export/[table]/route");
const { POST: track } = await import("./api/v1/track/route");
const { POST: identify } = await import("./api/v1/identify/route");
const { POST: batch } = await import("./api/v1/batch/route");
const { POST: xMentions } = await import("./api/v1/mentions/x/route");
const { POST: instagramMentions } = await import("./api/v1/mentions/instagram/route");
const { POST: twilioStatus } = await import("./api/webhooks/twilio/status/route");
const { POST: twilioSms } = await import("./api/webhooks/twilio/sms/route");
const { POST: inboundEmail } = await import("./api/webhooks/email/route");
const { GET: productPicture } = await import("./media/products/[file]/route");
const { GET: connectX } = await import("./api/oauth/x/start/route");
const { GET: xCallback } = await import("./api/oauth/x/callback/route");
const { POST: offlineChange } = await import("./api/offline/changes/route");

let db: Db;
let world: World;
/** Whether `world` is as built: most of these only read, and the next case reuses it. */
let pristine = false;

beforeEach(async () => {
  testSession.current = null;
  if (pristine) return;
  db = await createTestDb();
  testDb.current = db;
  world = await buildTwoStores(db);
});

const other = (store: StoreKey): StoreKey => (store === "fifth" ? "oak" : "fifth");
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const form = (path: string, params: Record<string, string>) =>
  new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });
const call = (userId: string) => ({ type: "track", event: "Product Viewed", userId, messageId: `m-${userId}`, properties: { name: "Scarf" } });

interface Expected {
  status: number;
  /** Texts the body must hold (the caller's own store's). */
  shows?: string[];
  /** Whether it may write; if so, only rows of `writesFor`'s store. */
  writesFor?: StoreKey;
}
interface Route {
  name: string;
  request: (s: StoreWorld, key: StoreKey) => Promise<Response>;
  expect: (me: Person | null, key: StoreKey) => Expected;
}

const csv = (table: string, query = "") => (s: StoreWorld) => exportCsv(new Request(`http://localhost/store/export/${table}${query.replace("BOOK", s.associate)}`), { params: Promise.resolve({ table }) });
const managersOnly = (me: Person | null, shows: string[] = []): Expected => (me ? (me.role === "manager" ? { status: 200, shows } : { status: 404 }) : { status: 401 });
/** The per-associate tables and the audit name the store's own people. */
const ownPeople = (me: Person | null) => (me ? [`${world.stores[me.store].name} Associate`] : []);

const ROUTES: Route[] = [
  ...["holds", "service", "audit"].map((table): Route => ({ name: `the ${table} CSV`, request: csv(table), expect: (me) => managersOnly(me, ownPeople(me)) })),
  { name: "the trend CSV", request: csv("trend"), expect: (me) => managersOnly(me) },
  {
    name: "a client book's CSV",
    request: csv("clients", "?book=BOOK"),
    expect: (me, key) => (me?.role === "manager" && me.store !== key ? { status: 404 } : managersOnly(me, [world.stores[key].customer])),
  },
  // The write key decides the store, whoever's session comes along.
  ...(
    [
      ["track", track, (s: StoreWorld) => call(`t-${s.id}`)],
      ["identify", identify, (s: StoreWorld) => ({ userId: `i-${s.id}`, traits: { email: `i-${s.id}@example.com`, firstName: "New" } })],
      ["batch", batch, (s: StoreWorld) => ({ batch: [call(`b-${s.id}`)] })],
    ] as const
  ).flatMap(([endpoint, handler, body]): Route[] => [
    { name: `${endpoint} without a write key`, request: (s) => handler(post(`/api/v1/${endpoint}`, body(s))), expect: () => ({ status: 401 }) },
    { name: `${endpoint} with the store's write key`, request: (s) => handler(post(`/api/v1/${endpoint}`, body(s), { authorization: basicAuthorization(s.writeKey) })), expect: (_me, key) => ({ status: 200, writesFor: key }) },
  ]),
  { name: "an X post without a signature", request: () => xMentions(post("/api/v1/mentions/x", { data: { id: "1", text: "hi" } })), expect: () => ({ status: 401 }) },
  { name: "an Instagram post without a signature", request: () => instagramMentions(post("/api/v1/mentions/instagram", { object: "instagram", entry: [] })), expect: () => ({ status: 401 }) },
  // Twilio's posts carry X-Twilio-Signature; a staff session is no substitute.
  {
    name: "a Twilio status callback without a signature",
    request: () => twilioStatus(form("/api/webhooks/twilio/status", { MessageSid: `SM${"0".repeat(32)}`, MessageStatus: "delivered" })),
    expect: () => ({ status: 403 }),
  },
  {
    name: "an incoming text without a signature",
    request: (s) => twilioSms(form("/api/webhooks/twilio/sms", { MessageSid: `SM${"1".repeat(32)}`, From: "+12125550143", To: "+12125550100", Body: `STOP ${s.name}` })),
    expect: () => ({ status: 403 }),
  },
  // Postmark's inbound emails carry the webhook URL's Basic credentials; a staff session is no substitute.
  {
    name: "an inbound email without the webhook's credentials",
    request: (s) => inboundEmail(post("/api/webhooks/email", postmarkInboundEmail({ from: "someone@example.com", to: "store@reply.example.com", text: `Hello ${s.name}` }))),
    expect: () => ({ status: 401 }),
  },
  // Connecting the store's X account is the manager's; the callback keeps nothing without the sign-in that manager started.
  {
    name: "connecting X",
    request: () => connectX(new Request("http://localhost/api/oauth/x/start")),
    expect: (me) => (me ? (me.role === "manager" ? { status: 303 } : { status: 404 }) : { status: 401 }),
  },
  { name: "X's callback without a pending sign-in", request: () => xCallback(new NextRequest("http://localhost/api/oauth/x/callback?code=abc&state=def")), expect: () => ({ status: 303 }) },
  // A change a tablet kept offline: as online, anyone signed in may note any
  // customer and put an item aside for them, always at their own store.
  ...(
    [
      ["an offline note", (s: StoreWorld) => ({ kind: "note.add", body: "Kept offline", pinned: false, customerId: s.customer })],
      ["an offline hold request", (s: StoreWorld) => ({ kind: "hold.request", variantId: world.variant, days: 1, customerId: s.customer })],
    ] as const
  ).map(
    ([name, fields]): Route => ({
      name,
      request: (s) =>
        offlineChange(post("/api/offline/changes", { key: randomUUID(), madeAt: Date.now(), basis: { assignedStaffId: s.associate }, ...fields(s) }, { "sec-fetch-site": "same-origin" })),
      expect: (me) => (me ? { status: 200, shows: ['"status":"applied"'], writesFor: me.store } : { status: 401 }),
    }),
  ),
  { name: "a product picture", request: async () => productPicture(new Request("http://localhost/media/products/coats-1f4fb8.svg"), { params: Promise.resolve({ file: "coats-1f4fb8.svg" }) }), expect: () => ({ status: 200 }) },
];

const CASES = ROUTES.flatMap((route) => CALLERS.flatMap((who) => (["fifth", "oak"] as const).map((key) => [route.name, who, key, route] as const)));

describe("every route handler, by role and store", () => {
  it.each(CASES)("%s, asked by %s, for a %s record", async (_name, who: Who, key, route) => {
    const me = person(who);
    testSession.current = me ? { user: { id: world.staff[who as Exclude<Who, "nobody">] } } : null;
    const store = world.stores[key];
    const expected = route.expect(me, key);
    pristine = false;
    const before = await snapshot(db);
    const response = await route.request(store, key);
    const body = await response.text();
    const written = changes(before, await snapshot(db));
    pristine = written.length === 0;

    expect(response.status, body.slice(0, 200)).toBe(expected.status);
    for (const text of expected.shows ?? []) expect(body).toContain(text);
    // Nothing of the other store: not its records, not its people.
    const hidden = world.stores[other(expected.writesFor ?? me?.store ?? key)];
    for (const text of [hidden.customer, hidden.associate, `${hidden.name} Associate`]) expect(body).not.toContain(text);
    if (!expected.writesFor) {
      expect(written).toEqual([]);
      return;
    }
    const storeId = world.stores[expected.writesFor].id;
    const stores = written.flatMap(({ row }) => [row.storeId, row.homeStoreId]).filter((id) => id !== undefined && id !== null);
    expect(written.length).toBeGreaterThan(0);
    expect(stores.filter((id) => id !== storeId)).toEqual([]);
  });
});
