import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import pg from "pg";
import { E2E_WRITE_KEY, PRIYA, expect, openSignedIn, test } from "../support/fixtures";
import { openProfileTab, searchCustomers, signIn } from "../support/staff";

// The story on a chain's setup: two app instances on one PostgreSQL database
// (playwright.pg.config.ts), a browser context on each. Instance A is the
// config's baseURL; instance B is E2E_SECOND_URL.
test.describe.configure({ mode: "serial" });

const SECOND_URL = process.env.E2E_SECOND_URL!;
const ALICIA_EMAIL = "alicia.fernandez@gmail.com";

async function onInstanceB(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: SECOND_URL, viewport: { width: 1024, height: 768 } });
  return context.newPage();
}

async function query<Row>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

test.beforeAll(async ({ request }) => {
  // Instance B starts beside A; wait until it answers too.
  await expect(async () => expect((await request.get(`${SECOND_URL}/api/health`)).status()).toBe(200)).toPass({ timeout: 60_000 });
});

test("both instances answer their health check from the same PostgreSQL database", async ({ request, baseURL }) => {
  for (const url of [baseURL, SECOND_URL]) {
    const response = await request.get(`${url}/api/health`);
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "pg" });
  }
});

test("an event posted to instance B shows on Alicia's profile open on instance A within 2 seconds", async ({ page, request }) => {
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  const liveStream = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alicia Fernández" })).toBeVisible();
  expect((await liveStream).status()).toBe(200);

  const productName = `Harbour Silk Scarf ${randomUUID().slice(0, 8)}`;
  await openProfileTab(page, "Activity");
  const viewed = page.getByRole("region", { name: "Online activity" }).getByRole("listitem").filter({ hasText: `Viewed ${productName}` });
  const response = await request.post(`${SECOND_URL}/api/v1/track`, {
    headers: { authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString("base64")}` },
    data: {
      type: "track",
      event: "Product Viewed",
      messageId: randomUUID(),
      userId: `e2e-pg-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      context: { traits: { email: ALICIA_EMAIL } },
      properties: { product_id: `e2e-pg-${randomUUID()}`, sku: `E2E-PG-${randomUUID().slice(0, 8)}`, name: productName, brand: "Harbour", price: 145 },
    },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const posted = Date.now();
  await expect(viewed).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - posted).toBeLessThan(2_000);
});

test("Maya holds the Milly coat and notes it on instance A; Priya on instance B sees both", async ({ page, browser }) => {
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await openProfileTab(page, "Activity");
  const wishlisted = page.getByRole("region", { name: "Online activity" }).getByRole("listitem").filter({ hasText: "Added to wishlist Milly Bonded Wool Coat" });
  await wishlisted.getByRole("link", { name: "Put aside Milly Bonded Wool Coat" }).click();
  await expect(page.getByRole("radio", { name: /Cobalt blue, size M: \d+ available here/ })).toBeChecked();
  await page.getByRole("button", { name: "Put aside Cobalt blue M at Fifth Avenue" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();

  await openProfileTab(page, "Notes");
  const notes = page.getByRole("region", { name: "Notes" });
  await notes.getByLabel("New note").fill("Milly coat in M is in the stock room for her; coming after 6pm.");
  await notes.getByRole("button", { name: "Save note" }).click();
  await expect(notes).toContainText("Milly coat in M is in the stock room for her");

  const priya = await onInstanceB(browser);
  await openSignedIn(priya, PRIYA);
  await priya.getByRole("link", { name: "Holds", exact: true }).click();
  const held = priya.getByRole("listitem").filter({ hasText: "Alicia Fernández" }).filter({ hasText: "Milly Bonded Wool Coat" });
  await expect(held).toContainText("Cobalt blue · M");
  await held.getByRole("link", { name: "Alicia Fernández" }).click();
  await openProfileTab(priya, "Notes");
  await expect(priya.getByRole("region", { name: "Notes" })).toContainText("Milly coat in M is in the stock room for her");
  await priya.context().close();
});

test("100 hold attempts through both instances at the last free unit: exactly one is placed", async ({ page, browser }) => {
  // A variant at Fifth Avenue with exactly one unit and no holds.
  const [variant] = await query<{ variant_id: string; product_id: string }>(
    `select s.variant_id, v.product_id from store_stock s join stores st on st.id = s.store_id join product_variants v on v.id = s.variant_id
      where st.name = 'Fifth Avenue' and not exists (select 1 from holds h where h.variant_id = s.variant_id)
      order by s.variant_id limit 1`,
  );
  await query(`update store_stock set on_hand = 1 where variant_id = $1 and store_id = (select id from stores where name = 'Fifth Avenue')`, [variant!.variant_id]);
  const [alicia] = await query<{ id: string }>(`select id from customers where email = $1`, [ALICIA_EMAIL]);

  const priya = await onInstanceB(browser);
  await openSignedIn(page);
  await openSignedIn(priya, PRIYA);
  await expect(priya.getByLabel("Search customers")).toBeVisible();
  const holdPage = `/customers/${alicia!.id}/hold?product=${variant!.product_id}&variant=${variant!.variant_id}`;
  // Each tablet submits the hold form 50 times at once, each with its own idempotency key,
  // exactly as the browser would without JavaScript (a multipart POST to the page).
  const fire = async (tablet: Page) => {
    await tablet.goto(holdPage);
    await expect(tablet.getByRole("button", { name: /^Put aside / })).toBeVisible();
    return tablet.evaluate(async () => {
      const form = document.querySelector("form:has(input[name=idempotencyKey])") as HTMLFormElement;
      const attempts = Array.from({ length: 50 }, () => {
        const data = new FormData(form);
        data.set("idempotencyKey", crypto.randomUUID());
        // Placed: redirected to the profile. Refused: the hold page again, saying none are left.
        return fetch(location.href, { method: "POST", body: data }).then(async (r) => (r.redirected ? "placed" : (await r.text()).includes("None left to hold") ? "refused" : `other ${r.status}`));
      });
      return Promise.all(attempts);
    });
  };
  const outcomes = (await Promise.all([fire(page), fire(priya)])).flat();
  expect(outcomes).toHaveLength(100);
  expect(outcomes.filter((o) => o === "placed")).toHaveLength(1);
  expect(outcomes.filter((o) => o === "refused")).toHaveLength(99);
  const holds = await query<{ n: string }>(`select count(*) as n from holds where variant_id = $1`, [variant!.variant_id]);
  expect(Number(holds[0]!.n)).toBe(1);
  await priya.context().close();
});

test("wrong passwords sent to both instances count together toward the sign-in throttle", async ({ page, browser }) => {
  test.setTimeout(60_000);
  // Sam is not used by other specs.
  const email = "sam@shop.example";
  const other = await onInstanceB(browser);
  const status = (tablet: Page) => tablet.locator("#sign-in-status").getByRole("alert");
  for (let attempt = 1; attempt <= 5; attempt++) {
    const tablet = attempt % 2 ? page : other;
    await signIn(tablet, email, `wrong-${attempt}`);
    await expect(status(tablet)).toHaveText(/don't match/);
  }
  // Instance B has served two of the five, A three: the next attempt waits on either, right password or not.
  await signIn(other, email, "wrong-6");
  await expect(status(other)).toHaveText(/Too many sign-in attempts\. Wait \d+ seconds?/);
  await signIn(page, email, "shopkeeper");
  await expect(status(page)).toHaveText(/Too many sign-in attempts/);
  // Slowed down, never locked: after the wait Sam signs in on instance B.
  await other.waitForTimeout(5_000);
  await signIn(other, email, "shopkeeper");
  await expect(other.getByLabel("Search customers")).toBeVisible();
  await other.context().close();
});
