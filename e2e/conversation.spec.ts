import { expect, test, openSignedIn, ACTIVE_LINK_TOKEN } from "./support/fixtures";

// Issue 12: a question the customer asks from her page waits in her
// conversation on the profile, is answered there, and the answer shows on her page.

test("a customer's question from her page is answered from her conversation, and the answer shows on her page", async ({ browser, page }) => {
  const question = `Could you check the fit in a smaller size? (${Date.now()})`;
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const customer = await phone.newPage();
  await customer.goto(`/c/${ACTIVE_LINK_TOKEN}`);
  const firstName = (await customer.getByRole("heading", { level: 1 }).textContent())!.match(/^Hi (\S+),/)![1]!;
  const item = (await customer.getByRole("region", { name: "Set aside for you" }).getByRole("listitem").first().locator("p").first().textContent())!.trim();
  await customer.getByLabel(/^Ask .+ a question$/).fill(question);
  await customer.getByRole("button", { name: "Send question" }).click();
  await expect(customer.getByRole("region", { name: "Your questions" })).toContainText(question);
  await expect(customer.getByRole("region", { name: "Your questions" })).toContainText("will answer here");

  // It waits in the store inbox with every other channel's messages.
  await openSignedIn(page);
  await page.goto("/mentions?channel=page");
  await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: question })).toContainText(`Asked on her page`);

  // Maya finds the customer from the hold and sees the question waiting in her conversation.
  await page.goto("/holds");
  await page.getByRole("main").getByRole("listitem").filter({ hasText: item }).filter({ hasText: `for ${firstName}` }).first().getByRole("link", { name: new RegExp(`^${firstName} `) }).click();
  const conversation = page.getByRole("region", { name: `Conversation with ${firstName}` });
  const asked = conversation.getByRole("listitem").filter({ hasText: question });
  await expect(asked).toContainText("Not answered");
  await expect(page.getByRole("region", { name: "Needs attention" })).toContainText(question);

  await asked.getByLabel(`Answer on ${firstName}'s page`).fill("Yes: the next size down is in the fitting room for you.");
  await asked.getByRole("button", { name: "Answer" }).click();
  await expect(conversation.getByRole("listitem").filter({ hasText: "the next size down is in the fitting room" })).toContainText("On her page");
  await expect(conversation.getByRole("listitem").filter({ hasText: question })).not.toContainText("Not answered");

  // Answered, it has left the inbox's waiting list.
  await page.goto("/mentions?channel=page");
  await expect(page.getByRole("main").getByText(question)).toHaveCount(0);

  // On her phone, under her question.
  await customer.reload();
  const answered = customer.getByRole("region", { name: "Your questions" }).getByRole("listitem").filter({ hasText: question });
  await expect(answered).toContainText("Maya: Yes: the next size down is in the fitting room for you.");
  await phone.close();
});

test("an associate claims a waiting post in the inbox; 'Who answers: Me' then lists it", async ({ asMaya: page }) => {
  await page.goto("/mentions?assigned=nobody");
  const posts = page.getByRole("main").getByRole("list").first().getByRole("listitem");
  const first = posts.first();
  await expect(first).toContainText("Nobody is answering");
  const url = await first.getByRole("link", { name: /Open on/ }).getAttribute("href");
  await first.getByRole("button", { name: "Claim" }).click();
  await expect(page.getByRole("status", { name: "Messages" })).toContainText("Claimed: it is yours to answer.");

  await page.getByLabel("Who answers").selectOption("me");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  const mine = page.locator(`main li:has(a[href="${url}"])`);
  await expect(mine).toContainText("Yours to answer");
  await expect(mine.getByRole("button", { name: "Claim" })).toHaveCount(0);
});
