import { expect, test } from "./support/fixtures";
import { openProfileTab, searchCustomers, signIn, signInAsMaya } from "./support/staff";

// One story, told in order: each step builds on the last.
test.describe.configure({ mode: "serial" });

test("Maya puts the Milly coat aside in Alicia's size and the shelf count drops by one", async ({ asMaya: page }) => {
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();

  await openProfileTab(page, "Activity");
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

test("Maya answers Alicia's post and leaves a note; Priya at the same store sees the hold and the note", async ({ page }) => {
  // A sign-in of her own through the form: she signs out below, which ends every session of hers.
  await signInAsMaya(page);
  const results = await searchCustomers(page, "@aliciafdz");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();

  // The coat is held, so it is no longer suggested; hold the best remaining suggestion.
  const suggestions = page.getByRole("region", { name: "Set aside for Alicia?" });
  await expect(suggestions).not.toContainText("Milly Bonded Wool Coat");
  const pick = suggestions.getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Hold / }) }).first();
  const pickedName = (await pick.locator("p.font-medium").textContent()) ?? "";
  await pick.getByRole("button", { name: /^Hold / }).click();
  await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();
  await expect(page.getByRole("region", { name: "Holds" })).toContainText(pickedName);

  const mentions = page.getByRole("region", { name: "Conversation with Alicia" });
  await mentions.getByLabel("Reply to @aliciafdz").fill("It's exactly right for court and dinner. Shall I keep one in M for you at Fifth Avenue?");
  await mentions.getByRole("button", { name: "I answered on X myself" }).click();
  // The answer is in her thread, from Maya, on X.
  const answer = mentions.getByRole("listitem").filter({ hasText: "It's exactly right for court and dinner." });
  await expect(answer).toContainText("Maya Chen · X");
  await expect(answer).toContainText("Answered on the network, noted here");
  await expect(mentions.getByLabel("Reply to @aliciafdz")).toHaveCount(0);

  await openProfileTab(page, "Notes");
  const notes = page.getByRole("region", { name: "Notes" });
  await notes.getByLabel("New note").fill("Milly coat in M is in the stock room for her. She prefers a text; coming after 6pm.");
  await notes.getByRole("button", { name: "Save note" }).click();
  // Below the pinned note, above older ones.
  await expect(notes.getByRole("listitem").nth(1)).toContainText("Milly coat in M is in the stock room for her.");
  await expect(notes.getByLabel("New note")).toHaveValue("");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, "priya@shop.example");
  await page.getByRole("link", { name: "Holds", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Holds at Fifth Avenue" })).toBeVisible();
  const forAlicia = page.getByRole("listitem").filter({ hasText: "Alicia Fernández" });
  await expect(forAlicia).toHaveCount(2);
  await expect(forAlicia.filter({ hasText: pickedName })).toHaveCount(1);
  const held = forAlicia.filter({ hasText: "Milly Bonded Wool Coat" });
  await expect(held).toContainText("Cobalt blue · M");
  await held.getByRole("link", { name: "Alicia Fernández" }).click();
  await openProfileTab(page, "Notes");
  const priyaSees = page.getByRole("region", { name: "Notes" });
  await expect(priyaSees).toContainText("Milly coat in M is in the stock room for her.");
  await expect(priyaSees).toContainText("Maya Chen · Fifth Avenue");
  // Only the author may edit, and only briefly.
  await expect(priyaSees.getByText("Edit", { exact: true })).toHaveCount(0);
});

test("the inbox pages waiting posts oldest first, answers stay closed until needed, and a dismissed one leaves", async ({ asSam: page }) => {
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Inbox at Fifth Avenue" })).toBeVisible();
  const summary = page.getByRole("main").locator("h1 + p");
  const waiting = async () => Number((await summary.textContent())?.match(/^(\d+) conversations? waiting/)?.[1]);
  const before = await waiting();
  expect(before).toBeGreaterThan(1);
  const posts = page.getByRole("main").getByRole("list").first().getByRole("listitem");
  // One page at a time, and no reply form open until asked for (61 open forms were 26,600 px).
  expect(await posts.count()).toBeLessThanOrEqual(20);
  await expect(page.getByRole("button", { name: "Send reply" })).toHaveCount(0);
  const first = posts.first();
  const url = await first.getByRole("link", { name: /Open on/ }).getAttribute("href");
  await first.getByText("Answer…").click();
  await first.getByRole("button", { name: "Dismiss, no reply needed" }).click();
  await expect.poll(waiting).toBe(before - 1);
  await expect(page.locator(`a[href="${url}"]`)).toHaveCount(0);
  // Dismissed posts are one filter away, newest first.
  await page.getByLabel("Show").selectOption("dismissed");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/status=dismissed/);
  await expect(page.locator(`a[href="${url}"]`)).toHaveCount(1);
});

test("preferences are edited with validation, and the change is on record", async ({ page }) => {
  // Another of Maya's clients, so Alicia's seeded preferences stay as other specs expect.
  await signInAsMaya(page);
  await page.getByRole("region", { name: /Your client book/ }).getByRole("link").nth(2).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await openProfileTab(page, "Sizes and details");
  await page.getByRole("region", { name: "Preferences and sizes" }).getByRole("link", { name: "Edit" }).click();

  await page.getByLabel("From").fill("1200");
  await page.getByLabel("Up to").fill("300");
  await page.getByLabel("Favourite colours").fill("Blue, Navy, Ivory, Camel");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("The top of the budget must be at least the bottom.")).toBeVisible();
  // What was typed is still there to correct.
  await expect(page.getByLabel("Favourite colours")).toHaveValue("Blue, Navy, Ivory, Camel");

  await page.getByLabel("From").fill("300");
  await page.getByLabel("Up to").fill("1200");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Preferences saved." })).toBeVisible();
  const card = page.getByRole("region", { name: "Preferences and sizes" });
  await expect(card).toContainText("$300–$1,200");
  await expect(card).toContainText("Camel");
  await card.getByText(/history/).click();
  await expect(card).toContainText("Maya Chen changed colours");
  await expect(card).toContainText("Maya Chen changed budget (from)");
});

test("at the counter: a held item is marked picked up and another released", async ({ asPriya: page }) => {
  await page.getByRole("link", { name: "Holds", exact: true }).click();
  const forAlicia = page.getByRole("main").getByRole("listitem").filter({ hasText: "Alicia Fernández" });
  await expect(forAlicia).toHaveCount(2);

  // Maya placed both: closing a colleague's hold asks first, naming her.
  await forAlicia.filter({ hasText: "Milly Bonded Wool Coat" }).getByRole("button", { name: /^Picked up:/ }).click();
  await forAlicia.getByRole("group", { name: "Mark Maya's hold for Alicia Fernández as picked up?" }).getByRole("button", { name: "Yes, picked up" }).click();
  await expect(forAlicia).toHaveCount(1);
  await forAlicia.first().getByRole("button", { name: /^Release:/ }).click();
  await forAlicia.first().getByRole("button", { name: "Release Maya's hold" }).click();
  await expect(forAlicia).toHaveCount(0);

  // The pick-up is now a purchase on her profile, credited to the store.
  await page.goto("/?q=alicia%20fern");
  await page.locator("#search-results").getByRole("link", { name: /Alicia Fernández/ }).click();
  await openProfileTab(page, "Activity");
  const purchases = page.getByRole("region", { name: "Purchases" });
  await expect(purchases.getByRole("listitem").first()).toContainText("In store at Fifth Avenue");
  await expect(purchases.getByRole("listitem").first()).toContainText("Milly Bonded Wool Coat");
  await openProfileTab(page, "Put aside");
  const holds = page.getByRole("region", { name: "Holds" });
  await expect(holds.getByRole("listitem").filter({ hasText: "Milly Bonded Wool Coat" })).toContainText("Picked up");
});
