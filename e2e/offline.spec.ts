import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, GRACE, openSignedIn, PRIYA, test } from "./support/fixtures";
import { openProfileTab, searchCustomers, signInAsMaya } from "./support/staff";

// The store's Wi-Fi drops while Maya has Alicia in front of her. One story,
// told in order: each step builds on the last.
test.describe.configure({ mode: "serial" });
// The other specs run with the service worker blocked (playwright.config.ts): this one is about it.
test.use({ serviceWorkers: "allow" });

const PAGES_CACHE = "shopkeeper-pages-v1";

/** Whether the tablet keeps this page for offline use. */
async function isKept(page: Page, path: string) {
  return page.evaluate(
    async ({ cache, path }) => Boolean(await (await caches.open(cache)).match(new URL(path, location.origin).href)),
    { cache: PAGES_CACHE, path },
  );
}

/** Every change queued on the tablet, read from IndexedDB as the app keeps it. */
async function queuedChanges(page: Page) {
  return page.evaluate(
    () =>
      new Promise<Array<{ state: string; change: Record<string, unknown> }>>((resolve, reject) => {
        const open = indexedDB.open("shopkeeper-offline");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("changes").objectStore("changes").getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * Until the service worker is in charge of the page and the tablet has kept
 * it. Copies are kept only once the worker is in charge (a copy it cannot
 * serve is not worth a render on the server), and a page that loaded while the
 * worker was still starting is not in its charge until the next load: reload
 * once, as an associate's next tap would.
 */
async function tabletReady(page: Page, path: string) {
  const inCharge = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await inCharge())) await page.reload();
  await expect.poll(inCharge, { timeout: 15_000 }).toBe(true);
  await expect.poll(() => isKept(page, path), { timeout: 15_000 }).toBe(true);
}

/** The tablet holds nothing of hers: no cache of any kind, no IndexedDB database. */
async function expectNothingKept(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () => ({
        caches: await caches.keys(),
        databases: (await indexedDB.databases()).map((d) => d.name),
      })),
    )
    .toEqual({ caches: [], databases: [] });
}

let profilePath = "";

/** Screenshots to look at, beside the other screens (e2e/screens.spec.ts), in both iPad orientations. */
async function look(page: Page, name: string) {
  const out = path.resolve("test-results", "screens");
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, `offline-${name}-landscape.png`) });
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.screenshot({ path: path.join(out, `offline-${name}-portrait.png`) });
  await page.setViewportSize({ width: 1024, height: 768 });
}
const NOTE = "Tried the Milly coat in M during the outage; wants it for a hearing on the 12th.";
const FOLLOW_UP = "Ask how the Milly coat fits after the hearing";

test("The staff app installs on a tablet: a manifest with icons, standalone, opening on Today", async ({ asMaya: page, request }) => {
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = (await (await request.get(href!)).json()) as { display: string; start_url: string; icons: Array<{ src: string; sizes: string; type: string }> };
  expect(manifest).toMatchObject({ display: "standalone", start_url: "/today" });
  for (const size of ["192x192", "512x512"]) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.type === "image/png");
    const answer = await request.get(icon!.src);
    expect(answer.headers()["content-type"]).toBe("image/png");
    expect((await answer.body()).length).toBeGreaterThan(500);
  }
  // The service worker is in charge of the staff pages once it has started.
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/"))?.active?.state)).toBe("activated");
});

test("Maya works on Alicia's profile through a Wi-Fi drop, and everything lands once when it is back", async ({ asMaya: page, context, browser }) => {
  // The whole round, two people, and a replay that waits out a lost answer.
  test.setTimeout(120_000);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Alicia Fernández/ })).toBeVisible();
  profilePath = new URL(page.url()).pathname;

  // 1. The tablet keeps her profile (she opened it) and Today, her book and the store's holds.
  await tabletReady(page, profilePath);
  await expect.poll(() => isKept(page, "/today"), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => isKept(page, "/clients")).toBe(true);
  await expect.poll(() => isKept(page, "/holds")).toBe(true);
  await expect.poll(() => isKept(page, "/offline")).toBe(true);
  // Customer pages are never kept by the staff app.
  const cachedUrls = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  expect(cachedUrls.filter((path) => path.startsWith("/c/"))).toEqual([]);

  // 2. The Wi-Fi drops. She opens the profile again: the tablet's copy, saying from when.
  await context.setOffline(true);
  await page.goto(profilePath);
  const offlineStatus = page.getByRole("region", { name: /Offline: Alicia's profile as of \d{1,2}:\d{2}/ });
  await expect(offlineStatus).toBeVisible();
  await expect(offlineStatus).toContainText("Texts, emails, replies, links and moving clients wait for the connection.");
  await expect(page.getByRole("status").filter({ hasText: /Offline\. Showing what this tablet saved at \d{1,2}:\d{2}/ })).toBeVisible();
  // What needs the server is switched off, with a word why.
  await expect(page.getByText("Replies, texts, emails and links can be sent when the connection is back.")).toBeVisible();

  // A note and a follow-up, kept on the tablet and marked as waiting.
  await openProfileTab(page, "Notes");
  const notes = page.getByRole("region", { name: "Notes" });
  await notes.getByLabel("New note").fill(NOTE);
  await notes.getByRole("button", { name: "Save note" }).click();
  await expect(notes.getByText("Kept on this tablet. It will be sent when the connection is back.")).toBeVisible();
  // The same list, headed "Kept on this tablet" once the connection is back.
  const waiting = page.getByRole("region", { name: /^(Offline: Alicia's profile|Kept on this tablet)/ }).getByRole("listitem");
  await expect(waiting.filter({ hasText: "Note: Tried the Milly coat" })).toContainText("Waiting to send");

  await openProfileTab(page, "Follow-ups");
  await page.getByText("Set a follow-up").click();
  await page.getByLabel("What about").fill(FOLLOW_UP);
  await page.getByRole("button", { name: "Save follow-up" }).click();
  await expect(waiting.filter({ hasText: FOLLOW_UP })).toContainText("Waiting to send");

  // A hold needs the server's stock: offline it becomes a request.
  await openProfileTab(page, "Put aside");
  const suggestion = page.getByRole("region", { name: "Set aside for Alicia?" }).getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Hold / }) }).first();
  const suggested = ((await suggestion.locator("p.font-medium").textContent()) ?? "").trim();
  // Other specs may have put the same item aside for her before: count what was there.
  const heldBefore = await page.getByRole("region", { name: "Holds" }).getByRole("listitem").filter({ hasText: suggested }).count();
  await suggestion.getByRole("button", { name: /^Hold / }).click();
  await expect(waiting.filter({ hasText: "Hold request:" })).toContainText("Waiting to send");
  await expect(page.getByRole("status").filter({ hasText: "3 changes waiting to send." })).toBeVisible();
  expect((await queuedChanges(page)).map((c) => c.change.kind)).toEqual(["note.add", "follow_up.set", "hold.request"]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await look(page, "profile");
  await page.getByRole("button", { name: "Review changes" }).click();
  await look(page, "review");
  await page.getByRole("button", { name: "Hide changes" }).click();
  // A page the tablet did not keep says so, and offers what it has.
  await page.goto("/store");
  await expect(page.getByRole("heading", { name: "This page is not saved on this tablet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Alicia Fernández" })).toBeVisible();
  await look(page, "not-kept");
  await page.goto(profilePath);

  // 3. Back online. The first answer is lost on the way back (the server applied it,
  // the tablet never heard): the tablet sends it again, and it still lands once.
  // The page's own fetch is wrapped, so the loss is exactly that: the request reaches the server, its answer never comes back.
  await page.evaluate(() => {
    const real = window.fetch.bind(window);
    const counter = window as unknown as { __offlineSends: number };
    counter.__offlineSends = 0;
    window.fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (url.includes("/api/offline/changes")) {
        counter.__offlineSends += 1;
        if (counter.__offlineSends === 1) {
          await real(input, init);
          throw new TypeError("Failed to fetch");
        }
      }
      return real(input, init);
    };
  });
  await context.setOffline(false);
  await expect(waiting.filter({ hasText: "Note: Tried the Milly coat" })).toContainText("Sent", { timeout: 20_000 });
  await expect(waiting.filter({ hasText: FOLLOW_UP })).toContainText("Sent");
  // 4. The hold request is answered: placed, with where and until when.
  const holdRequest = waiting.filter({ hasText: "Hold request:" });
  await expect(holdRequest).toContainText("Sent");
  await expect(holdRequest).toContainText(/Put aside: .+, until /);
  // Three changes, and the first one twice.
  expect(await page.evaluate(() => (window as unknown as { __offlineSends: number }).__offlineSends)).toBe(4);

  // The whole replay sent again, as a second tab or a lost answer would: every key answers with what it already did.
  const changes = (await queuedChanges(page)).map((c) => c.change);
  const replayed = await page.evaluate(
    async (all) => Promise.all(all.map(async (change) => (await (await fetch("/api/offline/changes", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(change) })).json()) as { status: string; replayed: boolean })),
    changes,
  );
  expect(replayed.map((r) => [r.status, r.replayed])).toEqual([
    ["applied", true],
    ["applied", true],
    ["applied", true],
  ]);

  // Priya, at the same store on her own tablet, sees each of them once.
  const priyaContext = await browser.newContext();
  const priya = await priyaContext.newPage();
  await openSignedIn(priya, PRIYA);
  await priya.goto(profilePath);
  await openProfileTab(priya, "Notes");
  await expect(priya.getByRole("region", { name: "Notes" }).getByText(NOTE)).toHaveCount(1);
  await openProfileTab(priya, "Follow-ups");
  await expect(priya.getByText(FOLLOW_UP)).toHaveCount(1);
  await openProfileTab(priya, "Put aside");
  await expect(priya.getByRole("region", { name: "Holds" }).getByRole("listitem").filter({ hasText: suggested })).toHaveCount(heldBefore + 1);
  await priyaContext.close();
});

test("Offline, Maya logs a visit and updates Alicia's favourite colours; both land when the connection is back", async ({ asMaya: page, context }) => {
  test.setTimeout(90_000);
  await page.goto(profilePath);
  await tabletReady(page, profilePath);
  // Opening her profile kept her preferences form too.
  await expect.poll(() => isKept(page, `${profilePath}/preferences`), { timeout: 15_000 }).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await openProfileTab(page, "Follow-ups");
  await page.getByText("Log a call, message or visit").click();
  await page.getByRole("radio", { name: "Visit" }).check();
  await page.getByLabel("Note (optional)").fill("Came by to feel the cobalt wool");
  await page.getByRole("button", { name: "Log contact" }).click();
  const kept = page.getByRole("region", { name: /^(Offline: Alicia's profile|Kept on this tablet)/ }).getByRole("listitem");
  await expect(kept.filter({ hasText: "Contact logged: Visit, Came by to feel the cobalt wool" })).toContainText("Waiting to send");

  await page.goto(`${profilePath}/preferences`);
  await expect(page.getByRole("heading", { name: /Offline: Alicia's profile as of/ })).toBeVisible();
  const colours = page.getByLabel("Favourite colours");
  const before = await colours.inputValue();
  await colours.fill(`${before}, Emerald`);
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kept on this tablet." })).toBeVisible();
  // The form goes on showing what she wrote.
  await expect(colours).toHaveValue(`${before}, Emerald`);
  await expect(kept.filter({ hasText: "Sizes and preferences" })).toContainText("Waiting to send");

  await context.setOffline(false);
  await expect(kept.filter({ hasText: "Sizes and preferences" })).toContainText("Sent", { timeout: 20_000 });
  await page.goto(profilePath);
  await openProfileTab(page, "Follow-ups");
  // Logged once: one visit in her conversation, and it is her last contact.
  await expect(page.getByRole("region", { name: "Conversation with Alicia" }).getByText("Came by to feel the cobalt wool")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Follow-ups and contact" })).toContainText("Last contact just now: visit, Maya Chen · “Came by to feel the cobalt wool”");
  await openProfileTab(page, "Sizes and details");
  await expect(page.getByRole("region", { name: /preferences/i }).first()).toContainText("Emerald");
});

test("A client moved to another book while Maya was offline: her note waits for her say-so, then lands", async ({ asMaya: page, context, browser }) => {
  test.setTimeout(120_000);
  // One of her clients other than Alicia, so the other specs' story is left alone.
  await page.goto("/clients");
  await page.locator('main a[href^="/customers/"]').filter({ hasNotText: "Alicia" }).first().click();
  await expect(page).toHaveURL(/\/customers\//);
  const path = new URL(page.url()).pathname;
  const firstName = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").trim().split(/\s+/)[0]!;
  await tabletReady(page, path);

  await context.setOffline(true);
  await page.reload();
  await openProfileTab(page, "Notes");
  await page.getByLabel("New note").fill("Asked for the spring catalogue when it lands.");
  await page.getByRole("button", { name: "Save note" }).click();
  const kept = page.getByRole("listitem").filter({ hasText: "Note: Asked for the spring catalogue" });
  await expect(kept).toContainText("Waiting to send");

  // Meanwhile Grace, the manager, moves the client to Priya's book.
  const managerContext = await browser.newContext();
  const grace = await managerContext.newPage();
  await openSignedIn(grace, GRACE);
  await grace.goto(path);
  await openProfileTab(grace, "Sizes and details");
  await grace.getByLabel("Looked after by").selectOption({ label: "Priya Raman" });
  await grace.getByRole("button", { name: "Change" }).click();
  await expect(grace.getByRole("status").filter({ hasText: /Moved/ })).toBeVisible();

  // Back online, the note is not applied behind her back: it says why and waits.
  await context.setOffline(false);
  await expect(kept).toContainText("Needs you", { timeout: 20_000 });
  await expect(kept).toContainText(`${firstName} was moved to Priya Raman's client book while you were offline.`);
  await expect(page.getByRole("status").filter({ hasText: "1 change made offline needs you." })).toBeVisible();
  await kept.getByRole("button", { name: "Send anyway" }).click();
  await expect(kept).toContainText("Sent", { timeout: 20_000 });
  await page.reload();
  await openProfileTab(page, "Notes");
  // Once (her own note's edit box holds the same words, hence paragraphs only).
  await expect(page.getByRole("region", { name: "Notes" }).getByRole("paragraph").filter({ hasText: "Asked for the spring catalogue when it lands." })).toHaveCount(1);

  // Grace puts the client back where they were.
  await grace.reload();
  await openProfileTab(grace, "Sizes and details");
  await grace.getByLabel("Looked after by").selectOption({ label: "Maya Chen" });
  await grace.getByRole("button", { name: "Change" }).click();
  await expect(grace.getByRole("status").filter({ hasText: /Moved/ })).toBeVisible();
  await managerContext.close();
});

test("Signing out with changes still waiting warns first, and leaves nothing of hers on the tablet", async ({ asMaya: page, context }) => {
  test.setTimeout(90_000);
  await page.goto(profilePath);
  await tabletReady(page, profilePath);

  await context.setOffline(true);
  await page.reload();
  await openProfileTab(page, "Notes");
  await page.getByLabel("New note").fill("Prefers fittings after 6pm.");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 change waiting to send." })).toBeVisible();

  await page.getByRole("button", { name: /^Sign out/ }).click();
  const warning = page.getByRole("alertdialog");
  await expect(warning).toContainText("1 change made on this tablet has not been sent.");
  await look(page, "sign-out-warning");
  await warning.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toHaveCount(0);

  await context.setOffline(false);
  await expect(page.getByRole("listitem").filter({ hasText: "Note: Prefers fittings after 6pm." })).toContainText("Sent", { timeout: 20_000 });

  await page.getByRole("button", { name: /^Sign out/ }).click();
  await expect(page).toHaveURL(/\/login/);
  // 5. Nothing of hers is left: no kept pages, no queue, no list of profiles.
  await expectNothingKept(page);
});

test("A session ended elsewhere leaves nothing of hers on this tablet either", async ({ asMaya: page, browser }) => {
  test.setTimeout(90_000);
  await page.goto(profilePath);
  await tabletReady(page, profilePath);

  // She signs out on another tablet: every session of hers ends, this one too.
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  // A sign-in of its own on the other tablet, through the form.
  await signInAsMaya(elsewhere);
  await elsewhere.getByRole("button", { name: /^Sign out/ }).click();
  await expect(elsewhere).toHaveURL(/\/login/);
  await other.close();

  // The next page this tablet asks for goes to sign-in, and the tablet is cleared.
  await page.goto("/today");
  await expect(page).toHaveURL(/\/login/);
  await expectNothingKept(page);
});
