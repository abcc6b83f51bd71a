import { expect, test, openSignedIn } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { xWebhookHeaders } from "./support/webhooks";
import { failNextPostOnX, postsSentOnX } from "./support/social";
import { textsSent, textTheStore } from "./support/twilio";

// The whole exchange of issue 12, in one story: Alicia's post arrives, Maya
// answers it on X from her profile, Alicia texts the store and Maya answers
// from the inbox, Alicia texts STOP, and a reply X fails to take is retried.
// Every message really goes out, to the fake X and the fake Twilio the e2e
// server runs (scripts/e2e-server.ts), and the spec checks what they received.
// It runs last (alphabetical order): Alicia's new posts and texts would
// change what earlier specs expect of her profile.

const ALICIA = "+12125550143";
const FIFTH_AVENUE = "+12125550100";

/** Alicia's post as X's filtered stream delivers it, signed as the webhook expects. */
function aliciaPosts(text: string) {
  const id = `19${Date.now()}`.slice(0, 19);
  const body = JSON.stringify({
    data: { id, edit_history_tweet_ids: [id], text, author_id: "1598765432109876543", created_at: new Date().toISOString() },
    includes: { users: [{ id: "1598765432109876543", name: "Alicia Fernández", username: "aliciafdz" }] },
    matching_rules: [{ id: "1798000000000000001", tag: "brand mentions" }],
  });
  return { id, body, headers: xWebhookHeaders(body) };
}

test("Alicia's post, Maya's reply on X, a text both ways, STOP, and a failed reply retried", async ({ page, request, baseURL }) => {
  // Seven steps, each a round trip to a provider: more than one step's worth of time.
  test.slow();
  const base = baseURL!;
  // Alicia may be texted (an earlier spec may have withdrawn it).
  await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "START" });

  // 1. Alicia's post arrives through the X webhook.
  const stamp = Date.now();
  const post = aliciaPosts(`Found the one 💙 Is the Milly coat still there in an M? (${stamp})`);
  const arrived = await request.post(`${base}/api/v1/mentions/x`, { data: post.body, headers: post.headers });
  expect(arrived.status()).toBe(200);
  expect(await arrived.json()).toEqual({ stored: 1, duplicates: 0 });

  // 2. Maya replies from Alicia's profile.
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await page.waitForURL(/\/customers\/[^/?#]+/);
  const profile = page.url();
  const thread = page.getByRole("region", { name: "Conversation with Alicia" });
  const posted = thread.getByRole("listitem").filter({ hasText: `(${stamp})` });
  await expect(posted).toContainText("Not answered");
  const before = postsSentOnX().length;
  await posted.getByLabel("Reply to @aliciafdz").fill("It is, Alicia: an M is waiting for you at Fifth Avenue.");
  await posted.getByRole("button", { name: "Send reply" }).click();

  // 3. The fake X received a reply to that post's id, from the store's account, and the thread says "Sent".
  const reply = thread.getByRole("listitem").filter({ hasText: "an M is waiting for you at Fifth Avenue" });
  await expect(reply).toContainText("Maya Chen · X");
  await expect(reply).toContainText("Sent");
  expect(postsSentOnX().slice(before)).toEqual([
    expect.objectContaining({ method: "POST", path: "/2/tweets", status: 201, authorization: expect.stringMatching(/^Bearer /), body: { text: "It is, Alicia: an M is waiting for you at Fifth Avenue.", reply: { in_reply_to_tweet_id: post.id } } }),
  ]);

  // 4. Alicia texts the store: it appears in the open inbox without a reload, and on her profile.
  await page.goto("/mentions?channel=sms");
  const inbox = page.getByRole("main").getByRole("list").first();
  const question = `Can you hold it until Friday? (${stamp})`;
  expect((await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: question })).status()).toBe(200);
  const waiting = inbox.getByRole("listitem").filter({ hasText: question });
  await expect(waiting).toContainText("Text message");
  await expect(waiting.getByRole("link", { name: "Alicia Fernández" })).toBeVisible();
  await expect(waiting).toContainText("Nobody is answering");

  // 5. Maya answers from the inbox, and the fake Twilio receives the answer from the store's number.
  const sentBefore = textsSent().length;
  await waiting.getByText("Answer…").click();
  await waiting.getByLabel("Answer Alicia by text").fill("Yes: we will keep it for you until Friday, closing time.");
  await waiting.getByRole("button", { name: "Send answer" }).click();
  await expect(waiting).toHaveCount(0);
  await expect.poll(() => textsSent().length).toBe(sentBefore + 1);
  expect(textsSent().at(-1)!.form).toMatchObject({ To: ALICIA, From: FIFTH_AVENUE, Body: "Yes: we will keep it for you until Friday, closing time." });
  await page.goto(profile);
  await expect(thread.getByRole("listitem").filter({ hasText: question })).not.toContainText("Not answered");
  await expect(thread.getByRole("listitem").filter({ hasText: "keep it for you until Friday" })).toContainText("Maya Chen · SMS");

  // 6. Alicia texts again; while Maya writes the answer, STOP arrives: consent is withdrawn, and the send is refused.
  const again = `Or Saturday? (${stamp})`;
  await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: again });
  await page.goto("/mentions?channel=sms");
  const second = inbox.getByRole("listitem").filter({ hasText: again });
  await second.getByText("Answer…").click();
  await second.getByLabel("Answer Alicia by text").fill("Saturday works too.");
  const stop = await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "STOP" });
  expect(await stop.text()).toContain("You will get no more texts from Fifth Avenue.");
  const stoppedAt = textsSent().length;
  await second.getByRole("button", { name: "Send answer" }).click();
  await expect(second.getByText("Nothing was sent: the customer texted STOP.")).toBeVisible();
  expect(textsSent().length).toBe(stoppedAt);
  // It needs no answer now: dismissed, it leaves the waiting list.
  await second.getByRole("button", { name: "Dismiss, no answer needed" }).click();
  await expect(page.getByRole("status", { name: "Messages" })).toContainText("Dismissed; no answer needed.");
  await expect(second).toHaveCount(0);
  await page.goto(profile);
  await expect(page.getByRole("list", { name: "Contact consent" })).toContainText("SMS: do not contact");

  // 7. X answers 500: the reply is "failed" with the reason, and Retry sends it.
  const later = aliciaPosts(`And the matching scarf? (${stamp})`);
  expect((await request.post(`${base}/api/v1/mentions/x`, { data: later.body, headers: later.headers })).status()).toBe(200);
  await page.reload();
  const scarf = thread.getByRole("listitem").filter({ hasText: `And the matching scarf? (${stamp})` });
  failNextPostOnX(500);
  await scarf.getByLabel("Reply to @aliciafdz").fill("The scarf is here too, in cobalt.");
  await scarf.getByRole("button", { name: "Send reply" }).click();
  // The reply as sent (the post above it keeps the typed text in its box, to send again).
  const failed = thread.getByRole("listitem").filter({ hasText: "The scarf is here too, in cobalt." }).filter({ hasText: "Maya Chen · X" });
  await expect(failed).toContainText("Failed: X did not answer (HTTP 500)");
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(failed).toContainText("Sent");
  await expect(failed.getByRole("button", { name: "Retry" })).toHaveCount(0);
  const scarfReplies = postsSentOnX().filter((r) => (r.body as { reply?: { in_reply_to_tweet_id?: string } }).reply?.in_reply_to_tweet_id === later.id);
  expect(scarfReplies.map((r) => r.status)).toEqual([500, 201]);

  // As she was before.
  await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "START" });
});
