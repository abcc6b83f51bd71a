import { expect, test } from "@playwright/test";
import { MAYA, signIn } from "./support/staff";

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

test("repeated wrong passwords slow sign-in down, the same for an unknown email, and the owner gets in after the wait", async ({ page }) => {
  test.setTimeout(60_000);
  const status = page.locator("#sign-in-status").getByRole("alert");
  // Daniel is not used by other specs. An email that is nobody's is answered exactly alike.
  for (const email of ["daniel@shop.example", "not-daniel@shop.example"]) {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signIn(page, email, `wrong-${attempt}`);
      await expect(status).toHaveText(/don't match/);
    }
    await signIn(page, email, "wrong-6");
    await expect(status).toHaveText(/Too many sign-in attempts\. Wait \d+ seconds?, then try again/);
  }
  // During the wait even the right password is not checked; after it, Daniel is in. Nothing is locked.
  await signIn(page, "daniel@shop.example", "shopkeeper");
  await expect(status).toHaveText(/Too many sign-in attempts/);
  await page.waitForTimeout(5_000);
  await signIn(page, "daniel@shop.example", "shopkeeper");
  await expect(page.getByLabel("Search customers")).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page);
  await expect(page.getByLabel("Search customers")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
