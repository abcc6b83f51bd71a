import fs from "node:fs";
import ICAL from "ical.js";
import type { Browser, Download, Page } from "@playwright/test";
import { expect, openSignedIn, test, GRACE } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { latestMailTo } from "./support/mail";

// Issue 16's story, end to end: Maya sends Alicia a selection of three; on her
// phone Alicia holds one and turns one down, and Maya's open profile shows
// both; Alicia books a fitting with Maya at 6 pm tomorrow from the same page
// and the invite she downloads reads back at that time; Maya's Today, open
// all along, lists the appointment with what to have ready.
//
// The spec runs last (its file name sorts after the others): it leaves Alicia
// with a hold, a declined product and an appointment tomorrow, which earlier
// specs would otherwise find.

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const NY = "America/New_York";
const EMAIL = "alicia.fernandez@gmail.com";

/** The store's calendar day of an instant, as YYYY-MM-DD. */
const storeDate = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: NY }).format(at);
/** "Tue, Dec 1", as the booking page names a day. */
const dayLabel = (isoDate: string) => new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" }).format(new Date(`${isoDate}T12:00:00Z`));
const weekdayName = (isoDate: string) => new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long" }).format(new Date(`${isoDate}T12:00:00Z`));
const addDay = (isoDate: string) => new Date(Date.parse(`${isoDate}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

async function readInvite(download: Download) {
  const text = fs.readFileSync((await download.path())!, "utf8");
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent("vevent")!);
  return { summary: event.summary, start: event.startDate.toJSDate(), end: event.endDate.toJSDate(), location: event.location, description: event.description };
}

/**
 * Makes sure 6 pm tomorrow can be offered, through the screens staff use: Maya
 * ticks tomorrow's weekday in her hours (10 to 7), and on a Sunday, when the
 * store closes at 6, Grace gives appointments hours of their own until 7.
 * Returns how to put the store's hours back.
 */
async function openTomorrowEvening(page: Page, browser: Browser, tomorrow: string): Promise<() => Promise<void>> {
  const weekday = weekdayName(tomorrow);
  await page.goto("/calendar/hours");
  const row = page.getByRole("row", { name: new RegExp(weekday) });
  await row.getByRole("checkbox").check();
  await row.getByLabel(`${weekday} from`).fill("10:00");
  await row.getByLabel(`${weekday} until`).fill("19:00");
  await page.getByRole("button", { name: "Save your hours" }).click();
  await expect(page.getByText("Your hours are saved.")).toBeVisible();
  if (weekday !== "Sunday") return async () => {};

  const context = await browser.newContext();
  const grace = await openSignedIn(await context.newPage(), GRACE);
  await grace.goto("/store/appointments");
  await grace.getByRole("checkbox", { name: "The same as the opening hours" }).uncheck();
  await grace.getByLabel("Sunday until").fill("19:00");
  await grace.getByRole("button", { name: "Save appointment hours" }).click();
  await expect(grace.getByText("Appointment hours saved.")).toBeVisible();
  return async () => {
    await grace.goto("/store/appointments");
    await grace.getByRole("checkbox", { name: "The same as the opening hours" }).check();
    await grace.getByRole("button", { name: "Save appointment hours" }).click();
    await expect(grace.getByText("Appointments follow the opening hours.")).toBeVisible();
    await context.close();
  };
}

test("Maya sends Alicia a selection; on her phone Alicia holds one, turns one down and books 6 pm tomorrow; Maya sees it all", async ({ asMaya: page, browser }) => {
  test.setTimeout(180_000);
  const tomorrow = addDay(storeDate(new Date()));
  const putBack = await openTomorrowEvening(page, browser, tomorrow);

  // 1. Maya puts three of the suggestions in a selection, a line each, and sends it.
  await page.goto("/");
  const results = await searchCustomers(page, "alicia fernández");
  await results.getByRole("link", { name: /Alicia Fernández/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Alicia Fernández/ })).toBeVisible();
  const suggestions = page.getByRole("region", { name: "Set aside for Alicia?" });
  const card = page.getByRole("region", { name: "Selection for Alicia" });
  const chosen = card.getByRole("list", { name: "Your selection" }).getByRole("listitem");
  for (let i = 1; i <= 3; i++) {
    await suggestions.getByRole("button", { name: /^Add to selection: / }).first().click();
    await expect(chosen).toHaveCount(i);
  }
  const lines = card.getByLabel(/^Your line for /);
  for (let i = 0; i < 3; i++) await lines.nth(i).fill(`Picked for you: item ${i + 1}, in your size.`);
  await card.getByLabel("Message to Alicia").fill("Hi Alicia, I saw your post about the Milly coat. A few more I think you will love.");
  const sentAt = Date.now() - 1_000;
  await card.getByRole("button", { name: "Send Alicia the selection" }).click();
  await expect(card.getByRole("status")).toContainText("Selection sent");
  const answers = card.getByRole("list", { name: "Her answers" }).first().getByRole("listitem");
  await expect(answers).toHaveCount(3);
  await expect(answers.filter({ hasText: "Not answered yet" })).toHaveCount(3);
  const mail = await latestMailTo(EMAIL, sentAt);
  const url = mail.text?.match(/https?:\/\/\S+\/c\/[A-Za-z0-9_-]+/)?.[0];
  expect(url, mail.text).toBeTruthy();

  // The profile stays open from here on: what Alicia does must reach it without a reload.
  await page.evaluate(() => ((window as unknown as { stillOpen: boolean }).stillOpen = true));

  // 2. On her phone, Alicia holds the first and turns down the second.
  const phone = await browser.newContext({ ...PHONE, acceptDownloads: true });
  const alicia = await phone.newPage();
  await alicia.goto(new URL(url!).pathname);
  const picked = alicia.getByRole("region", { name: "Picked for you by Maya" });
  await expect(picked.getByRole("listitem")).toHaveCount(3);
  const [first, second, third] = [0, 1, 2].map((i) => picked.getByRole("listitem").nth(i));
  const nameOf = async (item: typeof first) => (await item!.getByRole("button", { name: /^Hold it for me: / }).getAttribute("aria-label"))!.replace(/^Hold it for me: /, "");
  const [heldName, thirdName] = [await nameOf(first), await nameOf(third)];
  await first!.getByRole("button", { name: /^Hold it for me: / }).click();
  await expect(first!).toContainText("Held for you until");
  await second!.getByRole("button", { name: /^Not for me: / }).click();
  await second!.getByLabel("Why not?").fill("Too formal for me");
  await second!.getByRole("button", { name: "Tell Maya it is not for me" }).click();
  await expect(second!).toContainText("Not for you (Too formal for me)");

  await expect(answers.filter({ hasText: "Holding it" })).toHaveCount(1);
  await expect(answers.filter({ hasText: "Not for me: Too formal for me" })).toHaveCount(1);
  await expect(answers.filter({ hasText: "Not answered yet" })).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { stillOpen?: boolean }).stillOpen)).toBe(true);

  // Maya moves on to Today, which stays open while Alicia books.
  await page.goto("/today");
  await page.evaluate(() => ((window as unknown as { stillOpen: boolean }).stillOpen = true));
  const tomorrowList = page.getByRole("region", { name: "Appointments tomorrow" });

  // 3. From the same page, Alicia books a fitting with Maya at 6 pm tomorrow.
  const booking = alicia.getByRole("region", { name: "Book a visit" });
  await booking.getByRole("radio", { name: /Fitting/ }).check();
  await booking.getByRole("button", { name: "Continue" }).click();
  await expect(booking.getByRole("radio", { name: /^Maya/ })).toBeChecked();
  await booking.getByRole("button", { name: "See free times" }).click();
  await alicia.getByRole("group", { name: "Day" }).getByRole("button", { name: dayLabel(tomorrow).replace(",", ""), exact: true }).click();
  await alicia.getByRole("group", { name: `Times on ${dayLabel(tomorrow)}` }).getByRole("button", { name: "6:00 PM", exact: true }).click();
  await expect(booking.getByLabel("Your name")).toHaveValue("Alicia Fernández");
  await expect(booking.getByRole("textbox", { name: "Email" })).toHaveValue(EMAIL);
  const codeSince = Date.now() - 1_000;
  await booking.getByRole("button", { name: "Send me a code" }).click();
  const codeMail = await latestMailTo(EMAIL, codeSince);
  const code = /\b(\d{6})\b/.exec(codeMail.text ?? "")?.[1];
  expect(code, codeMail.text).toBeTruthy();
  await booking.getByLabel("Six-digit code").fill(code!);
  await booking.getByRole("button", { name: "Book" }).click();
  await expect(booking.getByRole("heading", { name: "You are booked" })).toBeVisible();
  await alicia.screenshot({ path: "test-results/your-associate-booked-phone.png", fullPage: true });

  // The invite she downloads reads back: a 30-minute fitting at 6 pm tomorrow, store time, at the store.
  const downloading = alicia.waitForEvent("download");
  await booking.getByRole("link", { name: "Add to my calendar" }).click();
  const invite = await readInvite(await downloading);
  expect(invite.summary).toBe("Fitting at Fifth Avenue");
  expect(invite.location).toContain("712 Fifth Avenue");
  expect(storeDate(invite.start)).toBe(tomorrow);
  expect(new Intl.DateTimeFormat("en-US", { timeZone: NY, hour: "numeric", minute: "2-digit" }).format(invite.start)).toBe("6:00 PM");
  expect(invite.end.getTime() - invite.start.getTime()).toBe(30 * 60_000);

  // 4. Maya's Today, never reloaded, lists it with what to have ready.
  const visit = tomorrowList.getByRole("listitem").filter({ hasText: "Alicia Fernández" });
  await expect(visit).toContainText("6:00 PM");
  await expect(visit).toContainText("Fitting · with you");
  await expect(visit).toContainText(`To have ready: `);
  await expect(visit).toContainText(heldName.split(",")[0]!);
  await expect(visit).toContainText(`From their selection, not yet answered: ${thirdName.split(",")[0]!}`);
  expect(await page.evaluate(() => (window as unknown as { stillOpen?: boolean }).stillOpen)).toBe(true);
  await page.screenshot({ path: "test-results/your-associate-today.png", fullPage: true });
  await expect(visit.getByRole("link", { name: "Alicia Fernández" })).toHaveAttribute("href", /\/customers\//);

  await phone.close();
  await putBack();
});
