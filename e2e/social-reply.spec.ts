import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { expect, test, openSignedIn } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { FAKE_INSTAGRAM_ACCOUNT_ID, FAKE_INSTAGRAM_TOKEN } from "../lib/testing/fake-graph";
import { failNextPostOnX, postsSentOnX } from "./support/social";
import { E2E_DATABASE_PATH } from "./support/database";


/** A new post of Alicia's on X, waiting in Fifth Avenue's inbox (as the X stream would have delivered it). */
function aliciaPosts(text: string): string {
  const postId = `19${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const db = new Database(E2E_DATABASE_PATH);
  try {
    const { customerId, storeId } = db
      .prepare("select c.id as customerId, c.home_store_id as storeId from customers c join customer_handles h on h.customer_id = c.id where h.network = 'x' and h.handle = 'aliciafdz'")
      .get() as { customerId: string; storeId: string };
    db.prepare("insert into social_mentions (id, network, external_id, handle, text, url, posted_at, customer_id, store_id, status, kind) values (?, 'x', ?, 'aliciafdz', ?, ?, ?, ?, ?, 'new', 'post')").run(
      randomUUID(),
      postId,
      text,
      `https://x.com/aliciafdz/status/${postId}`,
      Date.now() - 60_000,
      customerId,
      storeId,
    );
  } finally {
    db.close();
  }
  return postId;
}

async function openAlicia(page: Page) {
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  return page.getByRole("region", { name: "Conversation with Alicia" });
}

test("Maya's reply to Alicia's post goes out on X from the store's account; a failed one is retried", async ({ page }) => {
  // Two replies, a failure and a retry, each a round trip to the fake X: more than one step's worth of time.
  test.slow();
  const postId = aliciaPosts("Is the camel trench back in a 38? Asking for a friend (me)");
  const before = postsSentOnX().length;
  const thread = await openAlicia(page);

  const post = thread.getByRole("listitem").filter({ hasText: "Is the camel trench back in a 38?" });
  await post.getByLabel("Reply to @aliciafdz").fill("It is, Alicia: a 38 is waiting at Fifth Avenue.");
  await post.getByRole("button", { name: "Send reply" }).click();
  const sent = thread.getByRole("listitem").filter({ hasText: "It is, Alicia: a 38 is waiting at Fifth Avenue." });
  await expect(sent).toContainText("Maya Chen · X");
  await expect(sent).toContainText("Sent");
  // The fake X received a reply to that very post, from the store's account.
  const posts = postsSentOnX().slice(before);
  expect(posts).toEqual([expect.objectContaining({ method: "POST", status: 201, body: { text: "It is, Alicia: a 38 is waiting at Fifth Avenue.", reply: { in_reply_to_tweet_id: postId } }, authorization: expect.stringMatching(/^Bearer xat-/) })]);
  await expect(post.getByLabel("Reply to @aliciafdz")).toHaveCount(0);

  // X is down for a moment: the reply shows as failed, with why, and Retry sends it.
  const second = aliciaPosts("And the matching scarf?");
  await page.reload();
  const scarf = thread.getByRole("listitem").filter({ hasText: "And the matching scarf?" });
  failNextPostOnX(500);
  await scarf.getByLabel("Reply to @aliciafdz").fill("The scarf is here too, in camel.");
  await scarf.getByRole("button", { name: "Send reply" }).click();
  const failed = thread.getByRole("listitem").filter({ hasText: "The scarf is here too, in camel." }).filter({ hasText: "Maya Chen · X" });
  await expect(failed).toContainText("Failed: X did not answer (HTTP 500)");
  // The post still waits for an answer.
  await expect(scarf.getByLabel("Reply to @aliciafdz")).toBeVisible();
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("status", { name: "Messages" })).toContainText("Sent again.");
  await expect(failed).toContainText("Sent");
  await expect(failed).not.toContainText("Failed");
  await expect(failed.getByRole("button", { name: "Retry" })).toHaveCount(0);
  const replies = postsSentOnX().filter((r) => (r.body as { reply?: { in_reply_to_tweet_id?: string } }).reply?.in_reply_to_tweet_id === second);
  expect(replies.map((r) => r.status)).toEqual([500, 201]);
  await expect(scarf.getByLabel("Reply to @aliciafdz")).toHaveCount(0);
});

test("Grace sees the store's X account under Store › Accounts, and connects and disconnects Instagram with a business token", async ({ asGrace: page }) => {
  await page.goto("/store/accounts");
  await expect(page.getByRole("navigation", { name: "Store management" }).getByRole("link", { name: "Accounts" })).toHaveAttribute("aria-current", "page");
  const x = page.getByRole("region", { name: "X" });
  await expect(x).toContainText("Connected as @fifthavenue");
  await expect(x.getByRole("button", { name: "Disconnect X" })).toBeVisible();

  const instagram = page.getByRole("region", { name: "Instagram" });
  await expect(instagram).toContainText("Not connected");
  await instagram.getByLabel("Instagram account id").fill(FAKE_INSTAGRAM_ACCOUNT_ID);
  await instagram.getByLabel("Access token").fill("EAAnot-the-right-token-0123456789");
  await instagram.getByRole("button", { name: "Connect Instagram" }).click();
  await expect(instagram).toContainText("Not connected. Instagram refused the account: Invalid OAuth access token");
  await instagram.getByLabel("Access token").fill(FAKE_INSTAGRAM_TOKEN);
  await instagram.getByRole("button", { name: "Connect Instagram" }).click();
  await expect(instagram).toContainText("Connected as @hartleyrowe.fifth");
  // The token is never shown again, anywhere on the page.
  await expect(page.locator("body")).not.toContainText(FAKE_INSTAGRAM_TOKEN);
  await instagram.getByRole("button", { name: "Disconnect Instagram" }).click();
  await expect(instagram).toContainText("Not connected");
});
