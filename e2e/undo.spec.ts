import type { Page } from "@playwright/test";
import { expect, test, openSignedIn } from "./support/fixtures";

// Each story leaves the holds as it found them: what it does, it undoes.
test.describe.configure({ mode: "serial" });

const messages = (page: Page) => page.getByRole("status", { name: "Messages" });

async function openHolds(page: Page) {
  await openSignedIn(page);
  await page.getByRole("link", { name: "Holds", exact: true }).click();
  await expect(page.getByRole("heading", { name: /^Holds at/ })).toBeVisible();
  return page.getByRole("main").getByRole("listitem");
}

test("Maya releases her own hold, sees what happened after the row is gone, and undoes it", async ({ page }) => {
  const rows = await openHolds(page);
  const mine = rows.filter({ hasText: /by Maya\b/ }).first();
  const release = mine.getByRole("button", { name: /^Release:/ });
  const label = (await release.getAttribute("aria-label"))!;
  const held = rows.filter({ has: page.getByRole("button", { name: label, exact: true }) });
  await expect(held).toHaveCount(1);

  await release.click();
  // No question for her own hold: it goes at once, and the notice stays when the row has left.
  await expect(held).toHaveCount(0);
  await expect(messages(page)).toContainText(/Released the hold for .+ is back on the shelf\./);
  const undo = messages(page).getByRole("button", { name: "Undo" });
  await expect(undo).toBeVisible();

  await undo.click();
  await expect(messages(page)).toContainText("Undone: the hold is back.");
  await expect(held).toHaveCount(1);
  await expect(messages(page).getByRole("button", { name: "Undo" })).toHaveCount(0);
  await page.reload();
  await expect(held).toHaveCount(1);
});

test("releasing a colleague's hold asks first, naming them; cancelling changes nothing, and Undo brings it back", async ({ page }) => {
  const rows = await openHolds(page);
  const theirs = rows.filter({ hasNotText: /by Maya\b/ }).first();
  const release = theirs.getByRole("button", { name: /^Release:/ });
  const label = (await release.getAttribute("aria-label"))!;
  const customer = label.replace(/^.*, for /, "");
  const colleague = (await theirs.textContent())!.match(/· by (\S+)/)![1]!;
  const row = rows.filter({ hasText: customer }).filter({ hasText: `by ${colleague}` }).first();

  await release.click();
  const question = row.getByRole("group", { name: `Release ${colleague}'s hold for ${customer}?` });
  await expect(question).toBeVisible();
  await expect(question.getByRole("button", { name: `Release ${colleague}'s hold` })).toBeFocused();
  await question.getByRole("button", { name: "Cancel" }).click();
  await expect(question).toHaveCount(0);
  await expect(row.getByRole("button", { name: label, exact: true })).toBeFocused();

  // Escape leaves the question too.
  await row.getByRole("button", { name: label, exact: true }).click();
  await page.keyboard.press("Escape");
  await expect(row.getByRole("group")).toHaveCount(0);

  const before = await rows.count();
  await row.getByRole("button", { name: label, exact: true }).click();
  await row.getByRole("button", { name: `Release ${colleague}'s hold` }).click();
  await expect(messages(page)).toContainText(`Released ${colleague}'s hold for ${customer}:`);
  await expect(rows).toHaveCount(before - 1);

  await messages(page).getByRole("button", { name: "Undo" }).click();
  await expect(messages(page)).toContainText("Undone: the hold is back.");
  await expect(rows).toHaveCount(before);
  await messages(page).getByRole("button", { name: "Close message" }).click();
  await expect(messages(page)).toBeEmpty();
});

test("a dismissed post comes back to the inbox with Undo", async ({ asMaya: page }) => {
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  const posts = page.getByRole("main").getByRole("list").first().getByRole("listitem");
  const url = await posts.first().getByRole("link", { name: /Open on/ }).getAttribute("href");
  const post = page.locator(`main a[href="${url}"]`);

  await posts.first().getByText("Answer…").click();
  await posts.first().getByRole("button", { name: "Dismiss, no reply needed" }).click();
  await expect(post).toHaveCount(0);
  await expect(messages(page)).toContainText("Dismissed; no reply needed.");

  await messages(page).getByRole("button", { name: "Undo" }).click();
  await expect(messages(page)).toContainText("Undone: the post is back in the inbox.");
  await expect(post).toHaveCount(1);
});
