import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { EXPIRED_LINK_TOKEN } from "./support/fixtures";
import { send as sendFrom, signInOverHttp, type Answer } from "./support/http";
import { E2E_DATABASE_PATH } from "./support/database";

// Every page and route handler, asked by nobody, an associate and a manager of
// each of two stores, for a record of each store. Plain HTTP requests carrying
// the session cookie (no browser), so the whole table takes seconds. They come
// from 127.0.0.3, so the per-address limits they count are not other specs'.
//
// The rules: signed out, a staff page redirects to /login; customers are the
// chain's, so any staff member may open any customer; holds, posts, the outbox
// and the store pages show the caller's own store only; the store pages and
// the CSV downloads are a 404 for associates, and another store's client book
// is not shown (the page) or a 404 (its download).

const CLIENT_ADDRESS = "127.0.0.3";
const send = (baseURL: string, target: string, options: Parameters<typeof sendFrom>[2] = {}) => sendFrom(baseURL, target, { ...options, localAddress: CLIENT_ADDRESS });
const signIn = (baseURL: string, email: string) => signInOverHttp(baseURL, email, CLIENT_ADDRESS);

type StoreKey = "fifth" | "oak";
type Who = "nobody" | "maya" | "grace" | "hannah" | "marcus";
const PEOPLE = {
  maya: { email: "maya@shop.example", store: "fifth", role: "associate" },
  grace: { email: "grace@shop.example", store: "fifth", role: "manager" },
  hannah: { email: "hannah@shop.example", store: "oak", role: "associate" },
  marcus: { email: "marcus@shop.example", store: "oak", role: "manager" },
} as const;
type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

interface StoreRecords {
  id: string;
  name: string;
  customer: { id: string; name: string };
  holdId: string;
  mentionId: string;
  /** An associate of the store: Maya at Fifth Avenue, Hannah at Oak Street. */
  associate: { id: string; name: string };
}
interface Records {
  stores: Record<StoreKey, StoreRecords>;
  productId: string;
  imageFile: string;
}

/** One record of each kind per store, read from the seeded database before any request. */
function readRecords(): Records {
  const db = new Database(E2E_DATABASE_PATH, { readonly: true });
  try {
    const one = <T>(sql: string, ...params: unknown[]) => {
      const row = db.prepare(sql).get(...params) as T | undefined;
      if (!row) throw new Error(`The e2e database has no row for: ${sql}`);
      return row;
    };
    const store = (name: string, associateEmail: string): StoreRecords => {
      const { id } = one<{ id: string }>("select id from stores where name = ?", name);
      const associate = one<{ id: string; name: string }>("select id, name from staff where email = ?", associateEmail);
      const customer = one<{ id: string; name: string }>(
        "select id, first_name || ' ' || last_name as name from customers where home_store_id = ? and assigned_staff_id = ? order by id limit 1",
        id,
        associate.id,
      );
      const hold = one<{ id: string }>("select id from holds where store_id = ? and status = 'active' order by id limit 1", id);
      const mention = one<{ id: string }>("select id from social_mentions where store_id = ? and status = 'new' order by posted_at, id limit 1", id);
      return { id, name, customer, holdId: hold.id, mentionId: mention.id, associate };
    };
    const product = one<{ id: string; image: string }>("select id, image_url as image from products order by id limit 1");
    return {
      stores: { fifth: store("Fifth Avenue", PEOPLE.maya.email), oak: store("Oak Street", PEOPLE.hannah.email) },
      productId: product.id,
      imageFile: product.image.split("/").at(-1)!,
    };
  } finally {
    db.close();
  }
}

/** What an answer should be; `shows`/`hides` are texts the body must or must not contain. */
type Expected = { status: number; shows?: string[]; hides?: string[] } | { redirect: string };
const ok = (shows: string[] = [], hides: string[] = []): Expected => ({ status: 200, shows, hides });
const notFound: Expected = { status: 404 };
const toLogin: Expected = { redirect: "/login" };

interface Row {
  name: string;
  /** The request for a record of `store`. */
  request: (store: StoreRecords, records: Records) => { path: string; method?: string; body?: string; headers?: Record<string, string> };
  /** What `me` (null: signed out) should get; `own` says whether the record is of their store. */
  expect: (me: Person | null, own: boolean, store: StoreRecords, mine: StoreRecords | null) => Expected;
}

/** A staff page: signed out to /login, else `signedIn`. */
const staffPage = (signedIn: (me: Person, own: boolean, store: StoreRecords, mine: StoreRecords) => Expected) => (me: Person | null, own: boolean, store: StoreRecords, mine: StoreRecords | null) =>
  me ? signedIn(me, own, store, mine!) : toLogin;
const managersOnly = (signedIn: (me: Person, own: boolean, store: StoreRecords, mine: StoreRecords) => Expected) =>
  staffPage((me, own, store, mine) => (me.role === "manager" ? signedIn(me, own, store, mine) : notFound));
const ownOrNot = (own: boolean, text: string) => (own ? ok([text]) : ok([], [text]));

const PAGES: Row[] = [
  { name: "sign-in page", request: () => ({ path: "/login" }), expect: (me) => (me ? { redirect: "/" } : ok()) },
  { name: "customer search", request: () => ({ path: "/" }), expect: staffPage(() => ok()) },
  { name: "my clients", request: () => ({ path: "/clients" }), expect: staffPage(() => ok()) },
  { name: "customer profile", request: (s) => ({ path: `/customers/${s.customer.id}` }), expect: staffPage((_me, _own, s) => ok([s.customer.name])) },
  { name: "put aside", request: (s, r) => ({ path: `/customers/${s.customer.id}/hold?product=${r.productId}` }), expect: staffPage((_me, _own, s) => ok([`Put aside for ${s.customer.name.split(" ")[0]}`])) },
  { name: "edit preferences", request: (s) => ({ path: `/customers/${s.customer.id}/preferences` }), expect: staffPage(() => ok()) },
  { name: "holds", request: () => ({ path: "/holds" }), expect: staffPage((_me, own, s, mine) => ok([`Holds at ${mine.name}`, ...(own ? [s.holdId] : [])], own ? [] : [s.holdId])) },
  {
    name: "mentions",
    request: () => ({ path: "/mentions" }),
    expect: staffPage((_me, own, s, mine) => ok([`Inbox at ${mine.name}`, ...(own ? [s.mentionId] : [])], own ? [] : [s.mentionId])),
  },
  { name: "outbox", request: () => ({ path: "/outbox" }), expect: staffPage((_me, _own, _s, mine) => ok([`Outbox at ${mine.name}`])) },
  { name: "today", request: () => ({ path: "/today" }), expect: staffPage((_me, _own, _s, mine) => ok([`Today at ${mine.name}`])) },
  { name: "store dashboard", request: () => ({ path: "/store" }), expect: managersOnly((_me, _own, _s, mine) => ok([mine.name])) },
  { name: "audit", request: (s) => ({ path: `/store/audit?customer=${s.customer.id}` }), expect: managersOnly((_me, _own, _s, mine) => ok([`Everything done at ${mine.name}`])) },
  {
    name: "client books",
    request: (s) => ({ path: `/store/clients?book=${s.associate.id}` }),
    expect: managersOnly((_me, own, s) => (own ? ok([`${s.associate.name}’s clients`]) : ok([], [s.associate.name]))),
  },
  { name: "import", request: () => ({ path: "/store/import" }), expect: managersOnly(() => ok()) },
  // The e2e server plants one write key, Fifth Avenue's "E2E website".
  { name: "event sources", request: () => ({ path: "/store/sources" }), expect: managersOnly((me) => ownOrNot(me.store === "fifth", "E2E website")) },
];

const csv = (me: Person | null) => (me ? (me.role === "manager" ? ok() : notFound) : toLogin);
const ROUTES: Row[] = [
  ...(["holds", "service", "trend", "audit"] as const).map((table): Row => ({ name: `${table} CSV`, request: () => ({ path: `/store/export/${table}` }), expect: csv })),
  {
    name: "client book CSV",
    request: (s) => ({ path: `/store/export/clients?book=${s.associate.id}` }),
    expect: (me, own, s) => (me?.role === "manager" && own ? ok([s.customer.id]) : me?.role === "manager" ? notFound : csv(me)),
  },
  { name: "live updates for a store", request: (s) => ({ path: `/api/live?topics=store:${s.id}` }), expect: (me, own) => (me ? (own ? ok() : { status: 403 }) : { status: 401 }) },
  { name: "live updates for a customer", request: (s) => ({ path: `/api/live?topics=customer:${s.customer.id}` }), expect: (me) => (me ? ok() : { status: 401 }) },
  { name: "session", request: () => ({ path: "/api/auth/session" }), expect: (me) => (me ? ok([me.email]) : ok(["null"])) },
  { name: "health", request: () => ({ path: "/api/health" }), expect: () => ok(['"status":"ok"']) },
  { name: "product picture", request: (_s, r) => ({ path: `/media/products/${r.imageFile}` }), expect: () => ok(["<svg"]) },
  // A staff session is no write key and no webhook signature.
  { name: "events without a write key", request: () => ({ path: "/api/v1/track", method: "POST", body: "{}", headers: { "content-type": "application/json" } }), expect: () => ({ status: 401 }) },
  { name: "batch without a write key", request: () => ({ path: "/api/v1/batch", method: "POST", body: '{"batch":[]}', headers: { "content-type": "application/json" } }), expect: () => ({ status: 401 }) },
  { name: "identify without a write key", request: () => ({ path: "/api/v1/identify", method: "POST", body: "{}", headers: { "content-type": "application/json" } }), expect: () => ({ status: 401 }) },
  { name: "X post without a signature", request: () => ({ path: "/api/v1/mentions/x", method: "POST", body: "{}", headers: { "content-type": "application/json" } }), expect: () => ({ status: 401 }) },
  { name: "Instagram post without a signature", request: () => ({ path: "/api/v1/mentions/instagram", method: "POST", body: "{}", headers: { "content-type": "application/json" } }), expect: () => ({ status: 401 }) },
  { name: "Twilio status callback without a signature", request: () => ({ path: "/api/webhooks/twilio/status", method: "POST", body: `MessageSid=SM${"0".repeat(32)}&MessageStatus=delivered`, headers: { "content-type": "application/x-www-form-urlencoded" } }), expect: () => ({ status: 403 }) },
  { name: "incoming text without a signature", request: () => ({ path: "/api/webhooks/twilio/sms", method: "POST", body: `MessageSid=SM${"1".repeat(32)}&From=%2B12125550143&To=%2B12125550100&Body=STOP`, headers: { "content-type": "application/x-www-form-urlencoded" } }), expect: () => ({ status: 403 }) },
  { name: "Instagram handshake with a wrong token", request: () => ({ path: "/api/v1/mentions/instagram?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1" }), expect: () => ({ status: 403 }) },
];

/** A customer's private page is public: the same inactive page for anyone, signed in or not. */
const CUSTOMER_PAGES: Row[] = [
  { name: "expired customer link", request: () => ({ path: `/c/${EXPIRED_LINK_TOKEN}` }), expect: () => ok(["This link is no longer active"]) },
  // Booking a visit and managing it need no account either.
  { name: "a store's booking page", request: () => ({ path: "/book/fifth-avenue" }), expect: () => ok(["Book a visit", "What would you like to book?"]) },
  { name: "a manage link that opens nothing", request: () => ({ path: `/a/${"x".repeat(43)}` }), expect: () => ok(["This link does not open an appointment"]) },
  { name: "the invite of a manage link that opens nothing", request: () => ({ path: `/a/${"x".repeat(43)}/invite.ics` }), expect: () => ({ status: 404 }) },
];

/** The page's text as a reader sees it: without React's text separators, with entities decoded. */
function readable(html: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };
  return html.replaceAll("<!-- -->", "").replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_m, name: string) => entities[name]!);
}

function mismatch(answer: Answer, expected: Expected): string | null {
  if ("redirect" in expected) {
    const to = answer.location ? new URL(answer.location, "http://x").pathname : "";
    return answer.status >= 300 && answer.status < 400 && to === expected.redirect ? null : `expected a redirect to ${expected.redirect}, got ${answer.status} ${answer.location}`;
  }
  if (answer.status !== expected.status) return `expected ${expected.status}, got ${answer.status} ${answer.location}`;
  const body = readable(answer.body);
  const missing = (expected.shows ?? []).filter((text) => !body.includes(text));
  const leaked = (expected.hides ?? []).filter((text) => body.includes(text));
  if (missing.length) return `missing ${JSON.stringify(missing)}`;
  if (leaked.length) return `shows ${JSON.stringify(leaked)}`;
  return null;
}

let records: Records;
test.beforeAll(() => {
  records = readRecords();
});

for (const who of ["nobody", "maya", "grace", "hannah", "marcus"] as const satisfies readonly Who[]) {
  test(`every page and route handler, asked by ${who === "nobody" ? "nobody signed in" : who}, for Fifth Avenue's and Oak Street's records`, async ({ baseURL }) => {
    const me = who === "nobody" ? null : PEOPLE[who];
    const cookie = me ? await signIn(baseURL!, me.email) : "";
    const mine = me ? records.stores[me.store] : null;
    const problems: string[] = [];
    for (const row of [...PAGES, ...ROUTES, ...CUSTOMER_PAGES]) {
      for (const key of ["fifth", "oak"] as const) {
        const store = records.stores[key];
        const { path: target, ...options } = row.request(store, records);
        const answer = await send(baseURL!, target, { ...options, cookie });
        const problem = mismatch(answer, row.expect(me, me?.store === key, store, mine));
        if (problem) problems.push(`${row.name} (${store.name}) ${target}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
}

test("a customer id that does not exist is a 404 on every customer page", async ({ baseURL }) => {
  const cookie = await signIn(baseURL!, PEOPLE.maya.email);
  for (const target of ["/customers/no-such-customer", "/customers/no-such-customer/preferences", `/customers/no-such-customer/hold?product=${records.productId}`]) {
    expect((await send(baseURL!, target, { cookie })).status, target).toBe(404);
  }
});
