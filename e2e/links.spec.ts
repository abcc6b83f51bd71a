import { expect, test } from "@playwright/test";
import { searchCustomers, signInAsMaya } from "./support/staff";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test("Maya sends Alicia a private link to two holds; Alicia opens it on her phone; a changed or revoked link shows nothing", async ({ page, browser }) => {
  await signInAsMaya(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();

  // Two suggested items, one tap each.
  for (let i = 0; i < 2; i++) {
    await page.getByRole("region", { name: "Set aside for Alicia?" }).getByRole("button", { name: /^Hold / }).first().click();
    await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();
  }

  const card = page.getByRole("region", { name: "Send to Alicia" });
  await expect(card.getByRole("checkbox")).toHaveCount(2);
  await expect(card.getByRole("radio", { name: /Email/ })).toBeChecked();
  await card.getByLabel("Personal message to Alicia").fill("both are in your size and ready to try on after court.");
  await card.getByRole("button", { name: "Send Alicia a private link" }).click();
  await expect(card.getByRole("status")).toContainText("Sent by email");

  const message = card.getByRole("listitem").first();
  await expect(message).toContainText("Email to alicia.fernandez@gmail.com");
  await expect(message).toContainText("Hi Alicia, both are in your size");
  const url = (await message.getByRole("link", { name: /\/c\// }).getAttribute("href")) ?? "";
  const path = new URL(url).pathname;

  const phone = await browser.newContext(PHONE);
  const alicia = await phone.newPage();
  const response = await alicia.goto(path);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response?.headers()["x-robots-tag"]).toContain("noindex");
  await expect(alicia.getByRole("heading", { name: "Hi Alicia, this is waiting for you" })).toBeVisible();
  await expect(alicia.getByText("both are in your size and ready to try on after court.")).toBeVisible();
  await expect(alicia.getByRole("region", { name: "Set aside for you" }).getByRole("listitem")).toHaveCount(2);
  await expect(alicia.getByRole("region", { name: "Set aside for you" })).toContainText(/Held until .* left/);
  await alicia.screenshot({ path: "test-results/customer-page-phone.png", fullPage: true });

  const last = path.at(-1) === "A" ? "B" : "A";
  await alicia.goto(`${path.slice(0, -1)}${last}`);
  await expect(alicia.getByRole("heading", { name: "This link is no longer active" })).toBeVisible();
  await expect(alicia.getByRole("link", { name: /Call the store/ })).toBeVisible();

  await message.getByRole("button", { name: "Revoke link" }).click();
  await expect(message).toContainText("Link revoked");
  await alicia.goto(path);
  await expect(alicia.getByRole("heading", { name: "This link is no longer active" })).toBeVisible();
  await expect(alicia.getByText("both are in your size")).toHaveCount(0);
  await phone.close();
});
