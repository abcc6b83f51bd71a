import { expect, test, openSignedIn, EXPIRED_LINK_TOKEN } from "./support/fixtures";
import { openProfileTab, searchCustomers } from "./support/staff";
import { latestMailTo } from "./support/mail";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test("Maya sends Alicia a private link to two holds; Alicia opens it on her phone; a changed or revoked link shows nothing", async ({ page, browser }) => {
  await openSignedIn(page);
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
  // The message starts with a greeting the associate can change, and is marked as required for an email.
  const messageBox = card.getByLabel("Personal message to Alicia");
  await expect(messageBox).toHaveValue("Hi Alicia, ");
  await expect(card.getByText("(required)")).toBeVisible();
  await messageBox.fill("Hi Alicia, both are in your size and ready to try on after court.");
  const sentAt = Date.now() - 1_000;
  await card.getByRole("button", { name: "Send Alicia a private link" }).click();
  await expect(card.getByRole("status")).toContainText("Sent by email");

  // Staff see that a link went out and until when, never the link itself.
  const message = card.getByRole("listitem").first();
  await expect(message).toContainText("Email to alicia.fernandez@gmail.com");
  await expect(message).toContainText(/Link active until/);
  await expect(message.getByRole("link", { name: /\/c\// })).toHaveCount(0);
  // The message is in her conversation, from Maya by email, and it went out.
  const sentMessage = page.getByRole("region", { name: "Conversation with Alicia" }).getByRole("listitem").filter({ hasText: "Hi Alicia, both are in your size" });
  await expect(sentMessage).toContainText("Maya Chen · Email");
  await expect(sentMessage).toContainText("Sent");
  await expect(sentMessage.getByRole("link", { name: /\/c\// })).toHaveCount(0);

  // Alicia's email, as the mail server received it, carries her link.
  const email = await latestMailTo("alicia.fernandez@gmail.com", sentAt);
  const url = email.text?.match(/https?:\/\/\S+\/c\/[A-Za-z0-9_-]+/)?.[0] ?? "";
  expect(url, email.text).toMatch(/\/c\//);
  expect(email.text?.match(/Hi Alicia/g), email.text).toHaveLength(1);
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
  // Her page's styles come inside its HTML: no stylesheet to fetch, nor one preloaded for another page, on a slow phone.
  await expect(alicia.locator('link[rel="stylesheet"], link[rel="preload"][as="style"]')).toHaveCount(0);
  expect(await alicia.evaluate(() => getComputedStyle(document.querySelector("h1")!).fontWeight)).toBe("600");

  // Alicia answers from her phone: she comes at the first time offered, lets one item go, asks a question.
  // The times offered follow the store's hours and the clock, so the spec reads what was recorded.
  await alicia.getByRole("group", { name: "When will you come by?" }).getByRole("radio").first().check();
  await alicia.getByRole("button", { name: "Let Maya know" }).click();
  await expect(alicia.getByText("Thank you, we will be ready for you.")).toBeVisible();
  const coming = `Will come: ${await alicia.getByText("You told Maya you will come:").locator("strong").textContent()}`;
  const items = alicia.getByRole("region", { name: "Set aside for you" }).getByRole("listitem");
  const released = (await items.nth(1).locator("p.font-medium").first().textContent()) ?? "";
  await items.nth(1).getByText("No longer want it?").click();
  await items.nth(1).getByRole("button", { name: `Release ${released}` }).click();
  await expect(items.nth(1)).toContainText("No longer held");
  await alicia.getByLabel("Ask Maya a question").fill("Could you also bring the navy scarf?");
  await alicia.getByRole("button", { name: "Send question" }).click();
  await expect(alicia.getByText("Sent. We will get back to you soon.")).toBeVisible();

  // The store's Today list shows her replies as new.
  const profileUrl = page.url();
  await page.getByRole("link", { name: "Today", exact: true }).click();
  const todayReplies = page.getByRole("region", { name: "From customers' pages" });
  await expect(todayReplies.getByRole("listitem").filter({ hasText: coming })).toContainText("New");
  await expect(todayReplies.getByRole("listitem").filter({ hasText: "Asked: Could you also bring the navy scarf?" })).toContainText("Alicia Fernández");

  // She stops text messages from her own page.
  await alicia.getByText("What we know about you").click();
  await expect(alicia.getByRole("region", { name: "Who at the store looked at or changed your details" })).toContainText("Maya, Fifth Avenue");
  await alicia.getByRole("button", { name: "Stop text messages" }).click();
  await expect(alicia.getByText("Done. We will not contact you that way again.")).toBeVisible();
  await alicia.getByText("Correct these").click();
  await alicia.getByLabel("shoes").fill("39");
  await alicia.getByRole("button", { name: "Save corrections" }).click();
  await expect(alicia.getByText("Thank you, your details are updated.")).toBeVisible();

  await page.goto(profileUrl);
  await expect(page.getByRole("region", { name: "Send to Alicia" }).getByRole("radio", { name: /SMS/ })).toBeDisabled();
  await expect(page.getByRole("list", { name: "Contact consent" })).toContainText("SMS: do not contact");
  await openProfileTab(page, "Sizes and details");
  await expect(page.getByRole("region", { name: "Preferences and sizes" })).toContainText(/shoes\s*39/i);
  await openProfileTab(page, "Put aside");
  // What she said from her page is in her thread; her question waits for an answer.
  const replies = page.getByRole("region", { name: "Conversation with Alicia" });
  await expect(replies.getByRole("listitem").filter({ hasText: coming })).toContainText("Alicia's page");
  await expect(replies.getByRole("listitem").filter({ hasText: "Asked: Could you also bring the navy scarf?" })).toContainText("Not answered");
  await expect(replies).toContainText(`No longer wants: ${released}`);
  await expect(page.getByRole("region", { name: "Holds" }).getByRole("listitem").filter({ hasText: released }).first()).toContainText("Released");
  // Its unit is free again: it is back among the suggestions, which only list items in stock here.
  await expect(page.getByRole("region", { name: "Set aside for Alicia?" })).toContainText(released);

  const last = path.at(-1) === "A" ? "B" : "A";
  await alicia.goto(`${path.slice(0, -1)}${last}`);
  await expect(alicia.getByRole("heading", { name: "This link is no longer active" })).toBeVisible();
  await expect(alicia.getByRole("link", { name: /Call the store/ })).toBeVisible();

  const sent = page.getByRole("region", { name: "Send to Alicia" }).getByRole("listitem").filter({ hasText: "Email to" }).first();
  await sent.getByRole("button", { name: "Revoke link" }).click();
  await expect(sent).toContainText("Link revoked");
  await alicia.goto(path);
  await expect(alicia.getByRole("heading", { name: "This link is no longer active" })).toBeVisible();
  await expect(alicia.getByText("both are in your size")).toHaveCount(0);
  await phone.close();

  // Alicia is in the store: the same page as a QR code on the tablet.
  const card2 = page.getByRole("region", { name: "Send to Alicia" });
  await card2.getByRole("radio", { name: /QR code here/ }).check();
  // A QR code needs no message: the field says so, and an empty one is fine.
  await expect(card2.getByText("(optional for a QR code)")).toBeVisible();
  await card2.getByLabel("Personal message to Alicia").fill("");
  await card2.getByRole("button", { name: "Send Alicia a private link" }).click();
  await expect(card2.getByRole("img", { name: "QR code of Alicia's private link" })).toBeVisible();
  await expect(card2.getByRole("listitem").filter({ hasText: "QR code shown in store" })).toHaveCount(1);
});

test("an expired link shows the same inactive page, with the store's number", async ({ browser }) => {
  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  await page.goto(`/c/${EXPIRED_LINK_TOKEN}`);
  await expect(page.getByRole("heading", { name: "This link is no longer active" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Call the store: (212) 555-0100" })).toBeVisible();
  await expect(page.getByText("This one has expired.")).toHaveCount(0);
  await phone.close();
});

test("the store's Outbox lists the messages sent", async ({ asMaya: page }) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "Outbox", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Outbox at Fifth Avenue" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: "Email to alicia.fernandez@gmail.com" }).first()).toContainText("Hi Alicia, both are in your size");
  // The outbox keeps no private link: staff of any store could otherwise act as the customer.
  await expect(page.getByRole("main")).not.toContainText("/c/");
});
