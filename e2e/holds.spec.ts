import { expect, test } from "@playwright/test";
import { searchCustomers, signInAsMaya } from "./support/staff";

test("Maya puts the Milly coat aside in Alicia's size and the shelf count drops by one", async ({ page }) => {
  await signInAsMaya(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();

  const wishlisted = page.getByRole("region", { name: "Online activity" }).getByRole("listitem").filter({ hasText: "Added to wishlist Milly Bonded Wool Coat" });
  await wishlisted.getByRole("link", { name: "Put aside Milly Bonded Wool Coat" }).click();

  await expect(page.getByRole("heading", { name: "Put aside for Alicia" })).toBeVisible();
  const size = page.getByRole("radio", { name: /Cobalt blue, size M: \d+ available here/ });
  await expect(size).toBeChecked();
  const before = Number((await size.getAttribute("aria-label"))?.match(/: (\d+) available/)?.[1]);
  expect(before).toBeGreaterThan(0);

  await page.getByLabel(/Note for the stock room/).fill("Alicia comes by after 6pm.");
  await page.getByRole("button", { name: "Put aside Cobalt blue M at Fifth Avenue" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();
  const held = page.getByRole("region", { name: "Holds" }).getByRole("listitem").filter({ hasText: "Milly Bonded Wool Coat" });
  await expect(held).toContainText("Cobalt blue · M · Fifth Avenue");
  await expect(held).toContainText("On hold");

  await page.goBack();
  await page.reload();
  await expect(page.getByRole("radio", { name: `Cobalt blue, size M: ${before - 1} available here` })).toBeAttached();
});
