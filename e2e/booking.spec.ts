import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import ICAL from "ical.js";
import type { Download, Locator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { ALICIA_LINK_TOKEN } from "./support/tokens";
import { latestMailTo } from "./support/mail";

// Customers book a visit on a phone, with no account: from the store's public
// page, and from Alicia's private page with Maya chosen for her. Every booking
// here is on a later day than today (e2e/appointments.spec.ts counts today's)
// and is cancelled before the test ends, so later specs see the seeded week.

// Whole journeys with an accessibility check at every step: longer than the default 30 s on a busy two-core box.
test.setTimeout(90_000);

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const NY = "America/New_York";
/** A picture of the step, which must fit the phone's width and have no serious or critical axe-core finding. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/booking/${name}.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} is wider than the screen`).toBeLessThanOrEqual(0);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), name).toEqual([]);
}
const storeDay = (at: Date) => new Intl.DateTimeFormat("en-US", { timeZone: NY, weekday: "short", month: "short", day: "numeric" }).format(at);
const storeDateTime = (at: Date) => new Intl.DateTimeFormat("en-US", { timeZone: NY, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(at);

/** The one event of a downloaded invite, read back by Mozilla's parser. */
async function readInvite(download: Download) {
  const text = fs.readFileSync((await download.path())!, "utf8");
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent("vevent")!);
  return { summary: event.summary, start: event.startDate.toJSDate(), location: event.location };
}

/** Chooses a day after today (tomorrow when it has times) and, on it, `time` if free, else the first time. */
async function chooseLaterTime(page: Page, time: string): Promise<{ day: string; time: string }> {
  const days = page.getByRole("group", { name: "Day" }).getByRole("button");
  const today = storeDay(new Date());
  let index = 0;
  // A day's button reads "Mon Nov 30"; the summary and the times' group say "Mon, Nov 30".
  const labelOf = async (button: Locator) => (await button.textContent())!.trim().replace(" ", ", ");
  if ((await labelOf(days.nth(0))) === today) index = 1;
  const day = days.nth(index);
  const label = await labelOf(day);
  await day.click();
  const times = page.getByRole("group", { name: `Times on ${label}` }).getByRole("button");
  const wanted = times.filter({ hasText: new RegExp(`^${time}$`) });
  const button: Locator = (await wanted.count()) ? wanted : times.first();
  const chosen = (await button.textContent())!;
  await button.click();
  return { day: label, time: chosen };
}

async function enterCode(page: Page, email: string, since: number) {
  const mail = await latestMailTo(email, since);
  const code = /\b(\d{6})\b/.exec(mail.text ?? "")?.[1];
  expect(code, mail.text).toBeTruthy();
  await page.getByLabel("Six-digit code").fill(code!);
}

test("a customer books a styling session on the store's page, saves the invite, moves it and cancels it", async ({ browser }) => {
  const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("/book");
  await page.getByRole("link", { name: /Fifth Avenue/ }).click();
  await expect(page).toHaveURL(/\/book\/fifth-avenue$/);
  await expect(page.getByRole("heading", { name: "Book a visit", level: 1 })).toBeVisible();
  await shot(page, "1-what");

  await page.getByRole("radio", { name: /Styling session/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("radio", { name: "Anyone available" })).toBeChecked();
  await page.getByRole("radio", { name: "Daniel" }).check();
  await shot(page, "2-who");
  await page.getByRole("button", { name: "See free times" }).click();
  await expect(page.getByRole("heading", { name: "Choose a day and time" })).toBeVisible();
  await shot(page, "3-when");
  const chosen = await chooseLaterTime(page, "11:00 AM");

  await expect(page.getByRole("heading", { name: "Your details" })).toBeVisible();
  await expect(page.getByText(`${chosen.day}, ${chosen.time}`)).toBeVisible();
  const email = "ines.booking@example.com";
  await page.getByLabel("Your name").fill("Inés Moreno");
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("radio", { name: "By email" }).check();
  await shot(page, "4-details");
  const since = Date.now() - 1_000;
  await page.getByRole("button", { name: "Send me a code" }).click();
  await expect(page.getByText(`We emailed a code to ${email}.`)).toBeVisible();
  await enterCode(page, email, since);
  await shot(page, "5-code");
  await page.getByRole("button", { name: "Book" }).click();

  await expect(page.getByRole("heading", { name: "You are booked" })).toBeVisible();
  await expect(page.getByText("Daniel", { exact: true })).toBeVisible();
  const when = (await page.locator("dt", { hasText: "When" }).locator("+ dd").textContent())!;
  expect(when).toBe(`${chosen.day}, ${chosen.time}`);
  await shot(page, "6-booked");
  // Her confirmation went to the email she confirmed, with the invite.
  const confirmation = await latestMailTo(email, since);
  expect(confirmation.subject).toContain("Booked: Styling session");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to my calendar" }).click();
  const invite = await readInvite(await downloading);
  expect(invite.summary).toBe("Styling session at Fifth Avenue");
  expect(invite.location).toContain("Fifth Avenue, ");
  expect(storeDateTime(invite.start)).toBe(when);

  // The manage page: move to another time, then cancel.
  await page.getByRole("link", { name: "Change or cancel this booking" }).click();
  await expect(page).toHaveURL(/\/a\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("heading", { name: "Your styling session with Daniel" })).toBeVisible();
  await shot(page, "7-manage");
  await page.getByRole("button", { name: "See Daniel’s free times" }).click();
  const moved = await chooseLaterTime(page, "2:00 PM");
  await shot(page, "8-move");
  await page.getByRole("button", { name: `Move to ${moved.day}, ${moved.time}` }).click();
  await expect(page.getByText("Moved. We sent you the new time.")).toBeVisible();
  await expect(page.locator("dt", { hasText: "When" }).locator("+ dd")).toContainText(`${moved.day}, ${moved.time}`);
  const again = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to my calendar" }).click();
  expect(storeDateTime((await readInvite(await again)).start)).toBe(`${moved.day}, ${moved.time}`);

  await page.getByRole("button", { name: "Cancel this appointment" }).click();
  await shot(page, "9-cancel");
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByRole("heading", { name: "This appointment is cancelled" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Book another visit" })).toHaveAttribute("href", "/book/fifth-avenue");
  await shot(page, "10-cancelled");
  await context.close();
});

test("Alicia books a fitting with Maya from her page, 6 pm the next day, and the invite reads back", async ({ browser }) => {
  const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`/c/${ALICIA_LINK_TOKEN}`);
  const section = page.getByRole("region", { name: "Book a visit" });
  await section.getByRole("radio", { name: /Fitting/ }).check();
  await section.getByRole("button", { name: "Continue" }).click();
  // Her own associate is chosen for her.
  await expect(section.getByRole("radio", { name: /^Maya/ })).toBeChecked();
  await expect(section.getByText("Your associate")).toBeVisible();
  await section.screenshot({ path: "test-results/booking/alicia-who.png" });
  await section.getByRole("button", { name: "See free times" }).click();
  const chosen = await chooseLaterTime(page, "6:00 PM");
  expect(chosen.time).toBe("6:00 PM");

  // Her details are filled in from her record.
  await expect(section.getByLabel("Your name")).toHaveValue("Alicia Fernández");
  await expect(section.getByRole("textbox", { name: "Email" })).toHaveValue("alicia.fernandez@gmail.com");
  const since = Date.now() - 1_000;
  await section.getByRole("button", { name: "Send me a code" }).click();
  await enterCode(page, "alicia.fernandez@gmail.com", since);
  await section.getByRole("button", { name: "Book" }).click();
  await expect(section.getByRole("heading", { name: "You are booked" })).toBeVisible();
  await expect(section.getByText("Maya", { exact: true })).toBeVisible();
  await section.screenshot({ path: "test-results/booking/alicia-booked.png" });

  const downloading = page.waitForEvent("download");
  await section.getByRole("link", { name: "Add to my calendar" }).click();
  const invite = await readInvite(await downloading);
  expect(invite.summary).toBe("Fitting at Fifth Avenue");
  expect(storeDateTime(invite.start)).toBe(`${chosen.day}, 6:00 PM`);

  // Leave the week as seeded for the specs that follow.
  await section.getByRole("link", { name: "Change or cancel this booking" }).click();
  await page.getByRole("button", { name: "Cancel this appointment" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByRole("heading", { name: "This appointment is cancelled" })).toBeVisible();
  await context.close();
});

/** Books on the store's page up to the code step: Fitting with `who`, at the first time after today's. */
async function upToCode(page: Page, who: string, name: string, email: string) {
  await page.goto("/book/fifth-avenue");
  await page.getByRole("radio", { name: /Fitting/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: who }).check();
  await page.getByRole("button", { name: "See free times" }).click();
  const chosen = await chooseLaterTime(page, "12:00 PM");
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  const since = Date.now() - 1_000;
  await page.getByRole("button", { name: "Send me a code" }).click();
  await enterCode(page, email, since);
  return chosen;
}

async function cancelFromConfirmation(page: Page) {
  await page.getByRole("link", { name: "Change or cancel this booking" }).click();
  await page.getByRole("button", { name: "Cancel this appointment" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByRole("heading", { name: "This appointment is cancelled" })).toBeVisible();
}

test("when someone books her time first, she keeps her details and books another time without a new code", async ({ browser }) => {
  const first = await browser.newContext(PHONE);
  const second = await browser.newContext(PHONE);
  const a = await first.newPage();
  const b = await second.newPage();
  const aTime = await upToCode(a, "Priya", "Rosa Diaz", "rosa.booking@example.com");
  const bTime = await upToCode(b, "Priya", "Lena Park", "lena.booking@example.com");
  expect(bTime).toEqual(aTime);
  await b.getByRole("button", { name: "Book" }).click();
  await expect(b.getByRole("heading", { name: "You are booked" })).toBeVisible();

  await a.getByRole("button", { name: "Book" }).click();
  await expect(a.getByText("Someone has just booked that time: choose another.")).toBeVisible();
  await expect(a.getByRole("heading", { name: "Choose a day and time" })).toBeVisible();
  await shot(a, "taken");
  // The time just taken is no longer offered.
  await a.getByRole("group", { name: "Day" }).getByRole("button", { name: aTime.day.replace(",", "") }).click();
  await expect(a.getByRole("group", { name: `Times on ${aTime.day}` }).getByRole("button", { name: aTime.time, exact: true })).toHaveCount(0);
  const other = await chooseLaterTime(a, "12:30 PM");
  await expect(a.getByLabel("Your name")).toHaveValue("Rosa Diaz");
  await a.getByRole("button", { name: "Book", exact: true }).click();
  await expect(a.getByRole("heading", { name: "You are booked" })).toBeVisible();
  await expect(a.locator("dt", { hasText: "When" }).locator("+ dd")).toHaveText(`${other.day}, ${other.time}`);

  await cancelFromConfirmation(a);
  await cancelFromConfirmation(b);
  await first.close();
  await second.close();
});

test("a manage link that opens nothing says so calmly", async ({ page }) => {
  await page.goto(`/a/${"x".repeat(43)}`);
  await expect(page.getByRole("heading", { name: "This link does not open an appointment" })).toBeVisible();
  expect((await page.request.get(`/a/${"x".repeat(43)}/invite.ics`)).status()).toBe(404);
  await page.goto("/book/no-such-store");
  await expect(page.getByRole("heading", { name: "We could not find that store" })).toBeVisible();
});
