import { expect, test } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { latestMailTo } from "./support/mail";

// Issue 16, curated selections. Renée Chen (one of Maya's clients in the demo
// data, with her sizes on record and email consent) is used by no other spec,
// so her suggestions and holds are as the seed left them.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const EMAIL = "renee_chen@gmail.com";

test("Maya sends Renée a selection of 3; on her phone Renée holds one and says not for me to another; Maya sees both live", async ({ asMaya: page, browser }) => {
  // Two people, two devices, a dozen round trips on two cores.
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  const results = await searchCustomers(page, "renée chen");
  await results.getByRole("link", { name: /Renée Chen/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Renée Chen/ })).toBeVisible();

  // Three of the suggestions, one tap each.
  const suggestions = page.getByRole("region", { name: "Set aside for Renée?" });
  const card = page.getByRole("region", { name: "Selection for Renée" });
  const chosen = card.getByRole("list", { name: "Your selection" }).getByRole("listitem");
  for (let i = 1; i <= 3; i++) {
    await suggestions.getByRole("button", { name: /^Add to selection: / }).first().click();
    await expect(chosen).toHaveCount(i);
  }
  await expect(suggestions.getByText("In your selection")).toHaveCount(3);

  // Sending without a line for each item says so and sends nothing.
  await card.getByLabel("Message to Renée").fill("Hi Renée, a few things I think you will love for the holidays.");
  await card.getByRole("button", { name: "Send Renée the selection" }).click();
  await expect(chosen).toHaveCount(3);
  const lines = card.getByLabel(/^Your line for /);
  for (let i = 0; i < 3; i++) {
    await lines.nth(i).fill(`Line ${i + 1}: in your size, and the colour you like.`);
  }
  await page.screenshot({ path: "test-results/selection-staff-building.png", fullPage: true });
  const sentAt = Date.now() - 1_000;
  await card.getByRole("button", { name: "Send Renée the selection" }).click();
  await expect(card.getByRole("status")).toContainText("Selection sent by email");
  const answers = card.getByRole("list", { name: "Her answers" }).first().getByRole("listitem");
  await expect(answers).toHaveCount(3);
  await expect(answers.filter({ hasText: "Not answered yet" })).toHaveCount(3);
  // It is in her conversation, from Maya by email.
  await expect(page.getByRole("region", { name: "Conversation with Renée" }).getByRole("listitem").filter({ hasText: "a few things I think you will love" })).toContainText("Maya Chen · Email");

  const email = await latestMailTo(EMAIL, sentAt);
  expect(email.text).toContain("See what I picked for you:");
  const url = email.text?.match(/https?:\/\/\S+\/c\/[A-Za-z0-9_-]+/)?.[0] ?? "";
  expect(url, email.text).toMatch(/\/c\//);

  // The profile stays open: what follows must arrive without a reload.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const phone = await browser.newContext(PHONE);
  const renee = await phone.newPage();
  await renee.goto(new URL(url).pathname);
  const picked = renee.getByRole("region", { name: "Picked for you by Maya" });
  await expect(picked.getByRole("listitem")).toHaveCount(3);
  await expect(picked).toContainText("Line 1: in your size");
  await renee.screenshot({ path: "test-results/selection-customer-phone.png", fullPage: true });

  const [first, second] = [picked.getByRole("listitem").nth(0), picked.getByRole("listitem").nth(1)];
  const holdButton = first.getByRole("button", { name: /^Hold it for me: / });
  const box = await holdButton.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await holdButton.click();
  await expect(first).toContainText("Held for you until");
  // The hold is with the rest of what is set aside for her.
  await expect(renee.getByRole("region", { name: "Set aside for you" }).getByRole("listitem")).toHaveCount(1);

  await second.getByRole("button", { name: /^Not for me: / }).click();
  await second.getByLabel("Why not?").fill("Not my colour");
  await second.getByRole("button", { name: "Tell Maya it is not for me" }).click();
  await expect(second).toContainText("Not for you (Not my colour)");
  await renee.screenshot({ path: "test-results/selection-customer-answered.png", fullPage: true });

  // Maya's profile, still open, shows both answers.
  await expect(answers.filter({ hasText: "Holding it" })).toHaveCount(1);
  await expect(answers.filter({ hasText: "Not for me: Not my colour" })).toHaveCount(1);
  await expect(answers.filter({ hasText: "Not answered yet" })).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  // The declined item is no longer suggested; the held one is on hold for her.
  await expect(page.getByRole("region", { name: "Set aside for Renée?" }).getByText("In your selection")).toHaveCount(0);
  await page.screenshot({ path: "test-results/selection-staff-answers.png", fullPage: true });
  await phone.close();
});

test("Grace's dashboard credits Maya with the selection, the hold and the views that followed it", async ({ asGrace: page }) => {
  await page.goto("/store?days=7");
  const credits = page.getByRole("region", { name: "Selections" });
  const maya = credits.getByRole("row", { name: /Maya Chen/ });
  // Sent, views (at least her one open), holds, purchases.
  await expect(maya.getByRole("cell").nth(0)).toHaveText("1");
  await expect(maya.getByRole("cell").nth(2)).toHaveText("1");
  await expect(maya.getByRole("cell").nth(3)).toHaveText("0");
  expect(Number(await maya.getByRole("cell").nth(1).textContent())).toBeGreaterThanOrEqual(1);
});
