import { expect, test } from "./support/fixtures";

// Issue 16, the part built so far: the day's appointments on Today. The demo
// data books Alicia with Maya for a fitting at 6 pm today.

test("Today lists Alicia's 6 pm fitting with Maya, and her profile is one tap away", async ({ asMaya: page }) => {
  await page.goto("/today");
  const appointments = page.getByRole("region", { name: "Appointments today" });
  const alicia = appointments.getByRole("listitem").filter({ hasText: "Alicia Fernández" });
  await expect(alicia).toContainText("6:00 PM");
  await expect(alicia).toContainText("Fitting · with you");
  await expect(alicia).toContainText("Nothing on hold for them yet.");
  await alicia.getByRole("link", { name: "Alicia Fernández" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Alicia Fernández/ })).toBeVisible();
});

test("Priya sees the same appointment on her Today, as Maya's", async ({ asPriya: page }) => {
  await page.goto("/today");
  await expect(page.getByRole("region", { name: "Appointments today" }).getByRole("listitem").filter({ hasText: "Alicia Fernández" })).toContainText("Fitting · with Maya Chen");
});

test("Grace's dashboard counts the day's booking, still to come", async ({ asGrace: page }) => {
  await page.goto("/store");
  const appointments = page.getByRole("region", { name: "Appointments" });
  await expect(appointments.getByRole("definition").first()).toHaveText("1");
  await expect(appointments).toContainText("1 still to come · 0 cancelled");
  await expect(appointments).toContainText("No-shows");
});

test("Maya's week shows the fitting on today, and the store's week shows it too", async ({ asMaya: page }) => {
  await page.goto("/today");
  await page.getByRole("link", { name: "Appointments" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your appointments" })).toBeVisible();
  const today = page.getByRole("listitem").filter({ has: page.getByText("Today", { exact: true }) });
  await expect(today.getByRole("listitem").filter({ hasText: "Alicia Fernández" })).toContainText("6:00 PM–6:30 PM");
  await expect(today).toContainText("Fitting · with you");
  await page.getByRole("link", { name: "The whole store" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Appointments at Fifth Avenue" })).toBeVisible();
  await expect(page.getByText("Alicia Fernández")).toHaveCount(1);
  // Next week has nothing booked yet; the day says so.
  await page.getByRole("link", { name: "Week after ›" }).click();
  await expect(page.getByText("No appointments.")).toHaveCount(7);
});
