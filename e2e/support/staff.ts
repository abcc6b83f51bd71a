import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "shopkeeper";
/** Maya Chen, associate at the Fifth Avenue flagship, looks after Alicia. */
export const MAYA = "maya@shop.example";

export async function signIn(page: Page, email = MAYA, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAsMaya(page: Page) {
  await signIn(page);
  await expect(page.getByLabel("Search customers")).toBeVisible();
}

/**
 * Types into the lookup the way an associate does (key by key, so the debounce
 * runs) and returns the results once they are the ones for this query.
 */
export async function searchCustomers(page: Page, query: string) {
  const box = page.getByLabel("Search customers");
  await box.fill("");
  await box.pressSequentially(query, { delay: 15 });
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === query);
  const results = page.locator("#search-results").locator(`[data-query="${query.replace(/"/g, '\\"')}"]`);
  await expect(results).toBeVisible();
  return results;
}

/** Opens one of the profile's tabs ("Put aside", "Notes", "Follow-ups", "Sizes and details", "Activity"). */
export async function openProfileTab(page: Page, name: string) {
  const tab = page.getByRole("tablist", { name: /^More about / }).getByRole("tab", { name: new RegExp(`^${name}`) });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
}
