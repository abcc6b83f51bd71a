import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { ACTIVE_LINK_TOKEN, EXPIRED_LINK_TOKEN, GRACE, MAYA, expect, test, withSessionOf } from "./support/fixtures";

// Every staff screen at the two iPad orientations, and the customer's page on
// a phone: each is screenshotted (test-results/screens, `npm run screens`), and
// checked the way a person would look at it: nothing wider than the screen,
// no serious or critical accessibility violation (axe-core) on the screens
// used most. The spec only looks: it changes nothing in the database.

const OUT = path.resolve("test-results", "screens");
const TABLETS = [
  { name: "landscape", width: 1024, height: 768 },
  { name: "portrait", width: 820, height: 1180 },
] as const;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

/** axe-core's serious and critical findings on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

async function look(page: Page, name: string, { axe = false, fullPage = true }: { axe?: boolean; fullPage?: boolean } = {}) {
  // Lazy pictures further down load as a person scrolls (the page itself has loaded: each caller waited for its heading).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => window.scrollTo(0, 0));
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
  // Nothing is wider than the screen: wide tables scroll inside their own box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is wider than the screen`).toBeLessThanOrEqual(0);
  if (axe) expect(await seriousViolations(page), name).toEqual([]);
}

/** A tablet signed in as this person (their session kept for the run), on its first screen. */
async function tablet(browser: Browser, viewport: (typeof TABLETS)[number], email: string, first: string) {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: 1, hasTouch: true });
  const page = await withSessionOf(await context.newPage(), email);
  await page.goto(first);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  return { page, close: () => context.close() };
}

for (const viewport of TABLETS) {
  test(`the associate's screens, ${viewport.name} (${viewport.width}×${viewport.height})`, async ({ browser }) => {
    const { page, close } = await tablet(browser, viewport, MAYA, "/");
    const at = (name: string) => `${name}-${viewport.name}`;
    await expect(page.getByRole("heading", { name: /Your client book/ })).toBeVisible();
    // Her own clients' rows leave out her store and name, so emails and phones are whole.
    await expect(page.locator("#book-heading + ul").getByText("Fifth Avenue · Maya Chen")).toHaveCount(0);
    await look(page, at("home"));

    await page.goto("/?q=ali%20fer");
    await expect(page.getByRole("heading", { name: /found|matches/ })).toBeVisible();
    await look(page, at("search"));

    await page.getByRole("link", { name: /Alicia Fernández/ }).first().click();
    await expect(page.getByRole("heading", { name: "Alicia Fernández", level: 1 })).toBeVisible();
    await look(page, at("profile"), { axe: viewport.name === "portrait" });

    await page.getByRole("link", { name: /^Put aside / }).first().click();
    await expect(page.getByRole("heading", { name: /Put aside for/ })).toBeVisible();
    await look(page, at("hold-form"));

    for (const [screen, heading, axe] of [
      ["holds", /Holds at Fifth Avenue/, true],
      ["mentions", /Inbox/, true],
      ["today", /Today|Your day/, false],
      ["clients", /clients|Client/, false],
      ["outbox", /Outbox at Fifth Avenue/, false],
      ["calendar", /Your appointments/, true],
      ["calendar/hours", /Your hours for appointments/, true],
    ] as const) {
      await page.goto(`/${screen}`);
      await expect(page.getByRole("heading", { name: heading }).first()).toBeVisible();
      await look(page, at(screen.replace("/", "-")), { axe: axe && viewport.name === "landscape" });
    }
    await close();
  });

  test(`the manager's screens, ${viewport.name} (${viewport.width}×${viewport.height})`, async ({ browser }) => {
    const { page, close } = await tablet(browser, viewport, GRACE, "/store");
    const at = (name: string) => `${name}-${viewport.name}`;
    await expect(page.getByRole("heading", { name: "Holds per day" }).or(page.getByText("Holds per day")).first()).toBeVisible();
    // Chart axis labels are legible at this width (they were 8 px).
    const sizes = await page.locator("[data-axis]").evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height && parseFloat(getComputedStyle(l).fontSize)));
    expect(sizes.length).toBeGreaterThan(4);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    // A table too wide for the screen says that it scrolls, and scrolls on a tap.
    const wide = page.locator('[data-scrolls="yes"]');
    if ((await wide.count()) > 0) {
      await expect(wide.first().getByText("Scroll sideways for more columns")).toBeVisible();
      const box = wide.first().getByRole("region");
      const before = await box.evaluate((b) => b.scrollLeft);
      await wide.first().getByRole("button", { name: "More columns" }).click();
      await expect.poll(() => box.evaluate((b) => b.scrollLeft)).toBeGreaterThan(before);
    }
    await look(page, at("dashboard"), { axe: viewport.name === "landscape" });

    for (const [screen, heading] of [
      ["store/clients", /Client books|client book/i],
      ["store/audit", /Who viewed or changed which customer/],
      ["store/sources", /Event sources/],
      ["store/import", /Import/],
      ["store/hours", /hours/i],
      ["store/appointments", /Appointments/],
      ["store/accounts", /accounts/i],
    ] as const) {
      await page.goto(`/${screen}`);
      await expect(page.getByRole("heading", { name: heading }).first()).toBeVisible();
      await look(page, at(screen.replace("store/", "")));
    }
    await close();
  });
}

test("the customer's page on a phone (and a tablet), and the sign-in page", async ({ browser }) => {
  // Mostly opened on a phone; now and then on a tablet at home.
  for (const viewport of TABLETS) {
    const tabletContext = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: 1, hasTouch: true });
    const tablet = await tabletContext.newPage();
    await tablet.goto(`/c/${ACTIVE_LINK_TOKEN}`);
    await expect(tablet.getByRole("heading", { level: 1 })).toBeVisible();
    await look(tablet, `customer-${viewport.name}`);
    await tabletContext.close();
  }
  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  await page.goto(`/c/${ACTIVE_LINK_TOKEN}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await look(page, "customer-phone", { axe: true });
  await page.goto(`/c/${EXPIRED_LINK_TOKEN}`);
  await expect(page.getByRole("heading", { name: "This link is no longer active" })).toBeVisible();
  await look(page, "customer-inactive-phone");
  await page.goto("/login");
  await look(page, "login-phone", { axe: true });
  await phone.close();
});
