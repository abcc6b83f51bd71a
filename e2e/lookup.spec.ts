import { MAYA, expect, test } from "./support/fixtures";
import { openProfileTab, searchCustomers } from "./support/staff";

test.beforeEach(async ({ signedInAs }) => {
  await signedInAs(MAYA);
});

test("Maya finds Alicia by part of her name, her X handle and her email", async ({ page }) => {
  for (const query of ["ferna", "ali fern", "@aliciafdz", "alicia.fernandez@gmail.com", "(212) 555-0143"]) {
    const results = await searchCustomers(page, query);
    await expect(results.getByRole("link", { name: /Alicia Fernández/ })).toHaveCount(1);
  }
});

test("results come in groups: Maya's own clients, then Fifth Avenue's customers, then other stores'", async ({ page }) => {
  const results = await searchCustomers(page, "ali");
  const headings = await results.getByRole("heading", { level: 3 }).allTextContents();
  const groups = headings.map((h) => h.replace(/\s*·.*$/, ""));
  expect(groups[0]).toBe("Your clients");
  expect(groups.length).toBeGreaterThan(1);
  // Always in this order, each at most once.
  const order = ["Your clients", "Fifth Avenue", "Other stores"];
  expect(groups.map((g) => order.indexOf(g))).toEqual([...groups.map((g) => order.indexOf(g))].sort());
  expect(groups.every((g) => order.includes(g))).toBe(true);
  // Each group is a labelled region holding a list; Alicia, her client, is in the first.
  const own = results.getByRole("region", { name: /Your clients/ });
  await expect(own.getByRole("list")).toHaveCount(1);
  await expect(own.getByRole("link", { name: /Alicia Fernández/ })).toHaveCount(1);
  await expect(results.getByRole("link", { name: /Alicia Fernández/ })).toHaveCount(1);
});

test("a name typed wrong finds close matches, and says so", async ({ page }) => {
  const results = await searchCustomers(page, "alicai fernadez");
  await expect(results.getByRole("heading", { name: "No exact match for “alicai fernadez”; showing close matches." })).toBeVisible();
  await expect(results.getByRole("region", { name: /Your clients/ }).getByRole("link", { name: /Alicia Fernández/ })).toHaveCount(1);
});

test("a search with no match says so", async ({ page }) => {
  await searchCustomers(page, "qqqzzz");
  await expect(page.getByText("No customer matches “qqqzzz”.")).toBeVisible();
});

test("Alicia's profile shows her blue coat browsing, the wishlisted Milly coat and her post", async ({ page }) => {
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Alicia Fernández" })).toBeVisible();
  const points = page.getByRole("region", { name: "Talking points" });
  await expect(points).toContainText(/Viewed \d+ blue coats this week/);
  await expect(points).toContainText("Posted about the Milly coat on X 2 days ago");

  await openProfileTab(page, "Activity");
  const activity = page.getByRole("region", { name: "Online activity" });
  await expect(activity.getByRole("listitem").filter({ hasText: /Viewed .*Coat/ }).filter({ hasText: /Navy|Cobalt blue|Powder blue/ })).not.toHaveCount(0);
  await expect(activity.getByRole("listitem").filter({ hasText: "Added to wishlist Milly Bonded Wool Coat" })).toContainText("Cobalt blue · M");

  const mentions = page.getByRole("region", { name: "Conversation with Alicia" });
  await expect(mentions).toContainText("Too bold for court, or exactly right?");
  await expect(mentions).toContainText("@aliciafdz");
  await expect(mentions.getByRole("link", { name: /Open on X/ })).toHaveAttribute("href", /x\.com\/aliciafdz\/status\//);

  await openProfileTab(page, "Sizes and details");
  const preferences = page.getByRole("region", { name: "Preferences and sizes" });
  await expect(preferences).toContainText("$250–$1,000");

  // Opening the profile is on record: she is now first among recently viewed.
  await page.getByRole("link", { name: "Customers" }).click();
  const recent = page.getByRole("region", { name: "Recently viewed" });
  await expect(recent.getByRole("link").first()).toContainText("Alicia Fernández");
});

test("an unknown customer id shows a not-found page", async ({ page }) => {
  // A real 404, not a 200 carrying the not-found page (issue 14): the customer is looked up before anything streams.
  for (const path of ["/customers/00000000-0000-4000-a000-000000000000", "/customers/not%20an%20id", "/customers/00000000-0000-4000-a000-000000000000/preferences"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "No such customer" })).toBeVisible();
  }
});
