import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { E2E_WRITE_KEY } from "./support/fixtures";
import { MAYA, searchCustomers, signIn, signInAsMaya } from "./support/staff";

test("a visitor without a session is sent to sign-in, then back where they were going", async ({ page }) => {
  await page.goto("/customers/some-id");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "Sign in to Shopkeeper" })).toBeVisible();

  await page.goto("/?q=alicia");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(MAYA);
  await page.getByLabel("Password").fill("shopkeeper");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/\?q=alicia$/);
  await expect(page.getByLabel("Search customers")).toHaveValue("alicia");
});

test("a wrong password shows one plain message and no session", async ({ page }) => {
  await signIn(page, MAYA, "not-the-password");
  await expect(page.locator("#sign-in-status").getByRole("alert")).toHaveText(/email and password don't match/);
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown email gets the same message as a wrong password", async ({ page }) => {
  await signIn(page, "nobody@shop.example", "shopkeeper");
  await expect(page.locator("#sign-in-status").getByRole("alert")).toHaveText(/email and password don't match/);
});

test("repeated wrong passwords slow sign-in down, the same for an unknown email, and the owner gets in after the wait", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const fiveWrong = async (tablet: Page, email: string) => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signIn(tablet, email, `wrong-${attempt}`);
      await expect(tablet.locator("#sign-in-status").getByRole("alert")).toHaveText(/don't match/);
    }
  };
  // Daniel is not used by other specs. After five wrong passwords the next attempt waits
  // a few seconds, right password or not (it is not even checked); nothing is locked.
  await fiveWrong(page, "daniel@shop.example");
  await signIn(page, "daniel@shop.example", "shopkeeper");
  await expect(page.locator("#sign-in-status").getByRole("alert")).toHaveText(/Too many sign-in attempts\. Wait \d+ seconds?, then try again/);
  await page.waitForTimeout(5_000);
  await signIn(page, "daniel@shop.example", "shopkeeper");
  await expect(page.getByLabel("Search customers")).toBeVisible();

  // An email that is nobody's is answered exactly alike (on a tablet with no session).
  const other = await (await browser.newContext({ baseURL })).newPage();
  await fiveWrong(other, "not-daniel@shop.example");
  await signIn(other, "not-daniel@shop.example", "wrong-6");
  await expect(other.locator("#sign-in-status").getByRole("alert")).toHaveText(/Too many sign-in attempts\. Wait \d+ seconds?, then try again/);
  await other.context().close();
});

test("signing out ends the session, and a tablet still open elsewhere says it is signed out", async ({ page, browser, baseURL, request }) => {
  test.setTimeout(60_000);
  // Maya's tablet, with Alicia's profile open and listening for changes.
  const tablet = await (await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 } })).newPage();
  await signInAsMaya(tablet);
  const results = await searchCustomers(tablet, "alicia fern");
  const liveStream = tablet.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await expect(tablet.getByRole("heading", { level: 1, name: "Alicia Fernández" })).toBeVisible();
  expect((await liveStream).status()).toBe(200);

  // Maya signs out on another device: every session of hers ends.
  await signIn(page);
  await expect(page.getByLabel("Search customers")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);

  // Something changes for Alicia: the tablet's stream checks the session before passing it on, and ends instead.
  const response = await request.post("/api/v1/track", {
    headers: { authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString("base64")}` },
    data: {
      type: "track",
      event: "Product Viewed",
      messageId: randomUUID(),
      userId: `e2e-signed-out-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      context: { traits: { email: "alicia.fernandez@gmail.com" } },
      properties: { product_id: `e2e-signed-out-${randomUUID()}`, name: "Harbour Silk Scarf", brand: "Harbour", price: 145 },
    },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const note = tablet.getByRole("status").filter({ hasText: "You are signed out" });
  await expect(note).toBeVisible();
  await expect(tablet.getByText("reconnecting")).toHaveCount(0);
  await expect(note.getByRole("link", { name: "Sign in again" })).toHaveAttribute("href", /^\/login\?callbackUrl=%2Fcustomers%2F/);
  expect(await (await tablet.request.get("/api/auth/session")).json()).toBeNull();
  await tablet.context().close();
});
