import fs from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test, openSignedIn } from "./support/fixtures";
import { openProfileTab } from "./support/staff";

const GRACE = "grace@shop.example";

async function signInAsGrace(page: Page) {
  await openSignedIn(page, GRACE);
  await expect(page.getByLabel("Search customers")).toBeVisible();
}

test.describe.configure({ mode: "serial" });

test("a manager spreads clients from one associate to another, sees the dashboard, exports it and audits a customer", async ({ page }) => {
  await signInAsGrace(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Store" }).click();
  await expect(page.getByRole("heading", { name: "Last 30 days" })).toBeVisible();

  // Client books: Daniel's first three clients go to Priya in one move.
  await page.getByRole("navigation", { name: "Store management" }).getByRole("link", { name: "Client books" }).click();
  const books = page.getByRole("navigation", { name: "Client books" });
  const count = async (name: string) => Number(await books.getByRole("link", { name: new RegExp(`^${name}`) }).locator("span.tabular-nums").textContent());
  const danielBefore = await count("Daniel Brooks");
  const priyaBefore = await count("Priya Raman");
  await books.getByRole("link", { name: /^Daniel Brooks/ }).click();
  await expect(page.getByRole("heading", { name: "Daniel Brooks’s clients" })).toBeVisible();
  // Body rows only: the header row has the select-all box.
  const rows = page.getByRole("table").locator("tbody").getByRole("row");
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    const row = rows.nth(i);
    names.push((await row.getByRole("link").first().textContent())!.trim());
    await row.getByRole("checkbox").check();
  }
  await page.getByRole("group", { name: "Move clients to" }).getByLabel("Priya Raman").check();
  await page.getByRole("button", { name: "Move clients" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Moved 3 customers." })).toBeVisible();
  await expect.poll(() => count("Daniel Brooks")).toBe(danielBefore - 3);
  expect(await count("Priya Raman")).toBe(priyaBefore + 3);
  for (const name of names) await expect(page.getByRole("table").getByRole("link", { name, exact: true })).toHaveCount(0);

  // Priya's book has them at once. Wait for her book before filtering it.
  await books.getByRole("link", { name: /^Priya Raman/ }).click();
  await expect(page.getByRole("heading", { name: "Priya Raman’s clients" })).toBeVisible();
  const profiles: string[] = [];
  for (const name of names) {
    await page.getByLabel("Find a client by name").fill(name);
    await page.getByRole("button", { name: "Find" }).click();
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === name);
    const link = page.getByRole("table").getByRole("link", { name, exact: true });
    await expect(link.first()).toBeVisible();
    profiles.push((await link.first().getAttribute("href"))!);
  }

  // The dashboard for the last 30 days, with its charts and table.
  await page.getByRole("navigation", { name: "Store management" }).getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "30 days" }).click();
  await expect(page).toHaveURL(/\/store\?days=30$/);
  await expect(page.getByRole("img", { name: /^Holds per day\./ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Social posts per day\./ })).toBeVisible();
  const table = page.getByRole("table", { name: /Holds by associate/ });
  await expect(table.getByRole("rowheader", { name: "Maya Chen" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "Whole store" })).toBeVisible();
  await table.getByRole("button", { name: "Holds placed" }).click();
  await expect(table.getByRole("columnheader", { name: "Holds placed" })).toHaveAttribute("aria-sort", "descending");

  // The table as CSV.
  const holdsSection = page.getByRole("region", { name: "Holds by associate" });
  const [download] = await Promise.all([page.waitForEvent("download"), holdsSection.getByRole("link", { name: "Download this table (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^Fifth_Avenue-holds-.+\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "").split("\r\n");
  expect(csv[0]).toBe("Associate,Holds placed,Picked up,Released,Expired,Still open,Conversion of ended holds (%),Picked-up value (USD)");
  expect(csv.some((line) => line.startsWith("Maya Chen,"))).toBe(true);
  expect(csv.some((line) => line.startsWith("Whole store,"))).toBe(true);

  // The audit trail of one moved customer, from their profile (names are not unique: go by the link from Priya's book).
  await page.goto(profiles[0]!);
  await openProfileTab(page, "Sizes and details");
  await page.getByRole("link", { name: "Who viewed or changed this profile" }).click();
  await expect(page.getByText(`Customer: ${names[0]}`)).toBeVisible();
  const entries = page.getByRole("table", { name: /Audit entries/ }).getByRole("row");
  await expect(entries.filter({ hasText: "Moved to another associate" })).toContainText("Grace Whitaker");
  await expect(entries.filter({ hasText: "Moved to another associate" })).toContainText("From Daniel Brooks to Priya Raman");
  // Every entry shown is about this customer.
  const customerCells = await entries.locator("td:nth-child(4)").allTextContents();
  expect(new Set(customerCells)).toEqual(new Set([names[0]]));
});

test("an associate gets nothing from the manager pages and exports", async ({ asMaya: page }) => {
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Store" })).toHaveCount(0);
  for (const path of ["/store", "/store/clients", "/store/audit", "/store/sources", "/store/import"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  for (const table of ["holds", "service", "trend", "clients", "audit"]) {
    const response = await page.request.get(`/store/export/${table}?days=30`);
    expect(response.status(), table).toBe(404);
  }
});
