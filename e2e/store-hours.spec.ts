import { expect, test, openSignedIn } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { latestMailTo } from "./support/mail";

// Issue 13: holds end at the store's closing time, and the customer's page
// offers only times when the store is open and shows what was chosen.
// The demo stores close at 8 pm, at 9 pm on Thursday and Friday, at 6 pm on Sunday.
const CLOSING = /(6|8|9):00 PM$/;
/** A time on the 24-hour clock past noon ("18:00"): the page must not mix clocks. */
const TWENTY_FOUR_HOUR = /\b(1[3-9]|2[0-3]):[0-5]\d\b/;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test("the holds page shows holds ending at closing time, and +1 day moves one to the next closing time", async ({ asMaya: page }) => {
  await page.getByRole("link", { name: "Holds", exact: true }).click();
  const due = page.getByRole("main").getByText(/^(Until|Due today,) .*[AP]M$/);
  await expect(due.first()).toBeVisible();
  const ends = await due.allTextContents();
  for (const end of ends) expect(end).toMatch(CLOSING);

  await page.getByRole("button", { name: /^\+1 day, to closing time on the next open day: / }).first().click();
  await expect(page.getByText(/^Extended .+ until \w{3}, \w{3} \d{1,2}, (6|8|9):00 PM\.$/)).toBeVisible();
});

test("Alicia picks a time the store is open; her page shows it after answering and after a reload", async ({ page, browser }) => {
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await page.getByRole("region", { name: "Set aside for Alicia?" }).getByRole("button", { name: /^Hold / }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();
  const holds = page.getByRole("region", { name: "Holds" });
  await expect(holds.getByText(/Until .*(6|8|9):00 PM/).first()).toBeVisible();

  const card = page.getByRole("region", { name: "Send to Alicia" });
  await card.getByLabel("Personal message to Alicia").fill("it is ready to try on.");
  const sentAt = Date.now() - 1_000;
  await card.getByRole("button", { name: "Send Alicia a private link" }).click();
  await expect(card.getByRole("status")).toContainText("Sent by email");
  const email = await latestMailTo("alicia.fernandez@gmail.com", sentAt);
  const url = email.text?.match(/https?:\/\/\S+\/c\/[A-Za-z0-9_-]+/)?.[0] ?? "";
  expect(url, email.text).toMatch(/\/c\//);

  const phone = await browser.newContext(PHONE);
  const alicia = await phone.newPage();
  await alicia.goto(new URL(url).pathname);
  const when = alicia.getByRole("group", { name: "When will you come by?" });
  const radios = when.getByRole("radio");
  // Nothing is chosen for her, and every time is on one clock.
  await expect(when.getByRole("radio", { checked: true })).toHaveCount(0);
  expect(await alicia.locator("main").textContent()).not.toMatch(TWENTY_FOUR_HOUR);
  const offered = (await radios.count()) - 1;
  expect(offered, "days offered besides “Another time”").toBeGreaterThan(0);

  // The last day offered: never the pre-ticked one, so a form that snaps back would show.
  const choice = radios.nth(offered - 1);
  const label = (await choice.evaluate((input) => input.closest("label")?.textContent ?? "")).trim();
  await choice.check();
  await alicia.getByRole("button", { name: "Let Maya know" }).click();
  await expect(alicia.getByText("Thank you, we will be ready for you.")).toBeVisible();
  const told = alicia.getByText("You told Maya you will come:");
  await expect(told).toBeVisible();
  const chosen = (await told.locator("strong").textContent()) ?? "";
  expect(chosen).toMatch(/^\w{3}, \w{3} \d{1,2}, \d{1,2}:\d\d [AP]M – \d{1,2}:\d\d [AP]M$/);
  const group = alicia.getByRole("group", { name: "Change when you will come by" });
  await expect(group.getByRole("radio", { name: label })).toBeChecked();
  await expect(group.getByRole("radio", { checked: true })).toHaveCount(1);

  await alicia.reload();
  await expect(alicia.getByText("You told Maya you will come:").locator("strong")).toHaveText(chosen);
  await expect(alicia.getByRole("group", { name: "Change when you will come by" }).getByRole("radio", { name: label })).toBeChecked();
  await phone.close();
});

test("a manager sees the week's hours and the holidays the store is closed", async ({ asGrace: page }) => {
  await page.goto("/store/hours");
  await expect(page.getByRole("heading", { name: "Opening hours" })).toBeVisible();
  await expect(page.getByLabel("Monday closes at")).toHaveValue("20:00");
  const closed = page.getByRole("region", { name: "Closed days" });
  await expect(closed).toContainText("Thanksgiving");
  await expect(closed).toContainText("Christmas Day");
});
