import type { Page } from "@playwright/test";
import { ACTIVE_LINK_TOKEN, GRACE, expect, openSignedIn, test, withSessionOf } from "./support/fixtures";
import { openProfileTab, searchCustomers } from "./support/staff";

/** Grace (her session kept for the run) on this page of hers. */
async function signInAsGrace(page: Page, first: string) {
  await withSessionOf(page, GRACE);
  await page.goto(first);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
}

// The associate's day on a tablet (issue 13): what is in reach, what asks
// first, and what reads in words. Each test leaves the data as it found it
// (what it changes, it undoes), so it depends on no other spec's order.

const LANDSCAPE = { width: 1024, height: 768 };
const PORTRAIT = { width: 820, height: 1180 };
const messages = (page: Page) => page.getByRole("status", { name: "Messages" });

async function openAlicia(page: Page) {
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alicia Fernández" })).toBeVisible();
}

/** Whether the element's top is on screen now, below the sticky bars. */
async function onScreen(page: Page, locator: ReturnType<Page["locator"]>) {
  const box = await locator.boundingBox();
  const height = page.viewportSize()!.height;
  return box !== null && box.y >= 0 && box.y < height;
}

for (const viewport of [LANDSCAPE, PORTRAIT]) {
  test(`Alicia's profile at ${viewport.width}×${viewport.height}: her post on the first screen, the header and its actions always in reach`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openAlicia(page);
    // What needs attention and her messages come first: the X post is on the first screen (answered or not).
    const post = page.getByRole("region", { name: "Conversation with Alicia" }).getByText("Too bold for court, or exactly right?");
    expect(await onScreen(page, post)).toBe(true);
    // The rest is one tap away, not a scroll through everything: one panel shown, the others behind their tabs.
    await expect(page.getByRole("tabpanel")).toHaveCount(1);
    await expect(page.locator('[role="tabpanel"][hidden]')).toHaveCount(4);

    // Scrolled down, the compact header and its actions stay in view.
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    const actions = page.getByRole("navigation", { name: "Actions for Alicia" });
    expect(await onScreen(page, page.getByRole("heading", { level: 1, name: "Alicia Fernández" }))).toBe(true);
    for (const name of ["Put aside", "Note", "Message", "Follow-up"]) await expect(actions.getByRole("link", { name })).toBeVisible();

    // "Note" opens the notes and puts the cursor in a new note.
    await actions.getByRole("link", { name: "Note" }).click();
    await expect(page.getByRole("tab", { name: /^Notes/ })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByLabel("New note")).toBeFocused();
    // The tab is kept in the address: a reload opens it again.
    await expect(page).toHaveURL(/[?&]view=notes/);
    await page.reload();
    await expect(page.getByRole("tab", { name: /^Notes/ })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("region", { name: "Notes" })).toBeVisible();
  });
}

test("after putting an item aside from the profile, the notice is on screen", async ({ page }) => {
  await page.setViewportSize(PORTRAIT);
  // One of Maya's other clients, so Alicia's holds stay as the other specs expect.
  await openSignedIn(page);
  const releaseLabels = async () => {
    await page.goto("/holds");
    return page.getByRole("main").getByRole("button", { name: /^Release:/ }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")!));
  };
  const before = new Set(await releaseLabels());
  await page.goto("/");
  await page.getByRole("region", { name: /Your client book/ }).getByRole("link").nth(4).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const hold = page.getByRole("region", { name: /^Set aside for / }).getByRole("button", { name: /^Hold 2 days: / }).first();
  await hold.scrollIntoViewIfNeeded();
  await hold.click();
  const notice = page.getByRole("status").filter({ hasText: "Put aside." });
  await expect(notice).toBeVisible();
  expect(await onScreen(page, notice)).toBe(true);

  // Leave the data as it was: release the new hold (Maya's own, so no question) and see it go.
  const added = (await releaseLabels()).filter((label) => !before.has(label));
  expect(added).toHaveLength(1);
  await page.getByRole("button", { name: added[0]!, exact: true }).click();
  await expect(messages(page)).toContainText("is back on the shelf");
  await expect(page.getByRole("button", { name: added[0]!, exact: true })).toHaveCount(0);
});

test("logging a contact with a client marked 'Phone: do not contact' starts on a way she agreed to", async ({ page }) => {
  await openAlicia(page);
  await expect(page.getByRole("list", { name: "Contact consent" })).toContainText("Phone: do not contact");
  await openProfileTab(page, "Follow-ups");
  await page.getByText("Log a call, message or visit").click();
  const how = page.getByRole("group", { name: "How", exact: true });
  await expect(how.getByRole("radio", { name: /^Message/ })).toBeChecked();
  await expect(how.getByRole("radio", { name: /^Call/ })).not.toBeChecked();
  await expect(how).toContainText("asked not to be called");
});

test("moving a whole client book asks first with how many and to whom; Cancel moves nobody", async ({ page }) => {
  await signInAsGrace(page, "/store/clients");
  const books = page.getByRole("navigation", { name: "Client books" });
  await books.getByRole("link", { name: /^Sam Okafor/ }).click();
  const before = await books.getByRole("link", { name: /^Sam Okafor/ }).locator("span.tabular-nums").textContent();
  await page.getByRole("group", { name: "Move clients to" }).getByLabel("Priya Raman").check();
  await page.getByText(/^Move all \d[\d,]* clients in this book$/).click();
  await page.getByRole("button", { name: "Move clients" }).click();
  const question = page.getByRole("alertdialog");
  await expect(question).toContainText(new RegExp(`^Move all ${before} clients in this book to Priya Raman\\?`));
  await question.getByRole("button", { name: "Cancel" }).click();
  await expect(question).toHaveCount(0);
  await page.reload();
  await expect(books.getByRole("link", { name: /^Sam Okafor/ }).locator("span.tabular-nums")).toHaveText(before!);
});

test("event sources say how to send once, with the new key in the whole example", async ({ page }) => {
  await page.setViewportSize(PORTRAIT);
  await signInAsGrace(page, "/store/sources");
  await expect(page.getByRole("heading", { name: "How to send events" })).toHaveCount(1);
  await page.getByLabel("Name").fill(`Tablet spec ${Date.now()}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByLabel("New write key").inputValue();
  expect(key).toMatch(/^shk_/);
  await expect(page.getByRole("heading", { name: "How to send events" })).toHaveCount(1);
  const example = page.getByLabel("Example request with your new key");
  await expect(example).toContainText(`-u '${key}:'`);
  // The whole command is visible: it wraps rather than running off the edge.
  expect(await example.evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  // Revoke it again, so the list stays as it was.
  await page.getByRole("button", { name: /^Revoke Tablet spec/ }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
});

test("an import's report comes into view when it arrives", async ({ page }) => {
  await page.setViewportSize(LANDSCAPE);
  await signInAsGrace(page, "/store/import");
  // A row with no name is refused: the report says so and nothing is saved.
  await page.getByLabel("Customer file (CSV)").setInputFiles({ name: "one-bad-row.csv", mimeType: "text/csv", buffer: Buffer.from("First name,Last name,Email\n,,not-an-email\n") });
  await page.getByRole("button", { name: "Import customers" }).click();
  const heading = page.getByRole("heading", { name: /imported one-bad-row\.csv/i });
  await expect(heading).toBeVisible();
  await expect.poll(() => heading.evaluate((h) => h.getBoundingClientRect().top >= 0 && h.getBoundingClientRect().top < window.innerHeight)).toBe(true);
  await expect(heading).toBeFocused();
});

test("the audit view reads in words: the actions once missing are labelled and offered", async ({ page }) => {
  await signInAsGrace(page, "/store/audit");
  const filter = page.getByLabel("Action");
  for (const label of ["Added a customer", "Linked a post to a customer"]) await expect(filter.locator("option", { hasText: label })).toHaveCount(1);
  const table = page.getByRole("table", { name: /Audit entries/ });
  await expect(table).toBeVisible();
  const text = await table.textContent();
  expect(text).not.toMatch(/in_store|item\(s\)|\b\d{4}-\d{2}-\d{2}\b|[a-z]+\.[a-z_]+_[a-z]+/);
});

test("the customer's page: what the store knows about her says that it opens", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await page.goto(`/c/${ACTIVE_LINK_TOKEN}`);
  // Whose page this is: the retailer's name above the store's.
  await expect(page.getByRole("banner").or(page.locator("header")).first()).toContainText("Hartley Rowe");
  await expect(page.locator("header").first()).toContainText("Fifth Avenue");
  // One clock: every time on the page in 12-hour form, none on a 24-hour one.
  const text = (await page.locator("main").textContent()) ?? "";
  expect(text).toMatch(/\d{1,2}:\d{2}\s?[AP]M/);
  expect(text).not.toMatch(/\b(1[3-9]|2[0-3]):[0-5]\d\b/);
  const summary = page.getByText("What we know about you");
  await expect(page.getByText(/Tap to see or change/)).toBeVisible();
  await summary.click();
  await expect(page.getByRole("heading", { name: "How we may contact you" })).toBeVisible();
  await expect(page.getByText("Tap to close.")).toBeVisible();
  await phone.close();
});
