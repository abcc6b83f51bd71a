import { expect, test as base, type Page } from "@playwright/test";
import { addSession } from "./sessions";
import { MAYA } from "./staff";

export { MAYA };

export * from "./tokens";
export { expect };

export const PRIYA = "priya@shop.example";
export const GRACE = "grace@shop.example";
export const SAM = "sam@shop.example";

/**
 * Signs the page in as this person with their session kept for the run
 * (./sessions.ts: one sign-in per person, not one per test), opens the home
 * page and waits for the lookup: the state signInAsMaya() leaves a page in.
 * For helpers outside a test's fixtures; inside, `asMaya` and friends do this.
 */
export async function openSignedIn(page: Page, email: string = MAYA): Promise<Page> {
  await withSessionOf(page, email);
  await page.goto("/");
  await expect(page.getByLabel("Search customers")).toBeVisible();
  return page;
}

/** Only puts this person's kept session in the page's browser context, opening nothing: for a test whose first step opens a page of its own. */
export async function withSessionOf(page: Page, email: string = MAYA): Promise<Page> {
  // The config's baseURL (on PostgreSQL, instance A; the cookie reaches every port on localhost).
  await addSession(page.context(), test.info().project.use.baseURL!, email);
  return page;
}

interface StaffFixtures {
  /** openSignedIn() for the test's own page (or another): `await signedInAs(PRIYA)`. */
  signedInAs: (email: string, page?: Page) => Promise<Page>;
  /** The test's page, signed in as Maya (associate, Fifth Avenue), on the home page. */
  asMaya: Page;
  /** The test's page, signed in as Priya (associate, Fifth Avenue), on the home page. */
  asPriya: Page;
  /** The test's page, signed in as Grace (manager, Fifth Avenue), on the home page. */
  asGrace: Page;
  /** The test's page, signed in as Sam (associate, Fifth Avenue), on the home page. */
  asSam: Page;
}

/**
 * The e2e `test`, with people already signed in: `test("…", async ({ asMaya: page }) => …)`.
 * Use it wherever a test only needs to be signed in. A test about signing in,
 * or one that signs out (which ends every session of that person, the kept one
 * too), signs in through the form with signIn() from ./staff instead.
 */
export const test = base.extend<StaffFixtures>({
  signedInAs: async ({ page }, provide) => {
    await provide((email, target = page) => openSignedIn(target, email));
  },
  asMaya: async ({ signedInAs }, provide) => provide(await signedInAs(MAYA)),
  asPriya: async ({ signedInAs }, provide) => provide(await signedInAs(PRIYA)),
  asGrace: async ({ signedInAs }, provide) => provide(await signedInAs(GRACE)),
  asSam: async ({ signedInAs }, provide) => provide(await signedInAs(SAM)),
});
