// Runs after holds.spec.ts (alphabetical order): the hold it places and releases stays in Alicia's history, which the story there must not see first.
import { expect, test, openSignedIn } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { latestMailTo } from "./support/mail";
import { INBOUND_EMAIL_DOMAIN, postmarkPosts } from "./support/inbound-email";
import { postmarkInboundEmail } from "../lib/testing/postmark";

const ALICIA = "alicia.fernandez@gmail.com";

test("Alicia answers Maya's email: Postmark posts it, it waits in her conversation, and Maya answers it by email, threaded", async ({ page, request, baseURL }) => {
  // A link, her answer and Maya's: three round trips through the app and the mail catcher.
  test.setTimeout(90_000);
  const base = baseURL!;
  await openSignedIn(page);
  // The holds at the store now, so the one this test places can be released at the end.
  const releaseLabels = async () => {
    await page.goto("/holds");
    return page.getByRole("main").getByRole("button", { name: /^Release:/ }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")!));
  };
  const heldBefore = new Set(await releaseLabels());
  await page.goto("/");
  await (await searchCustomers(page, "alicia fern")).getByRole("link", { name: /Alicia Fernández/ }).click();
  await page.waitForURL(/\/customers\/[^/?]+/);
  const profile = new URL(page.url()).pathname;
  await page.getByRole("region", { name: "Set aside for Alicia?" }).getByRole("button", { name: /^Hold / }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();

  // Maya emails her a link; the email says where her answer goes: her conversation's reply address.
  const card = page.getByRole("region", { name: "Send to Alicia" });
  await card.getByRole("radio", { name: /Email/ }).check();
  await card.getByLabel("Personal message to Alicia").fill("Hi Alicia, the coat is in your size.");
  const sentAt = Date.now() - 1_000;
  await card.getByRole("button", { name: "Send Alicia a private link" }).click();
  await expect(card.getByRole("status")).toContainText("Sent by email");
  const ours = await latestMailTo(ALICIA, sentAt);
  const replyTo = ours.replyTo?.value[0]?.address ?? "";
  expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z2-7]{20,58}@${INBOUND_EMAIL_DOMAIN.replaceAll(".", "\\.")}$`));

  // Her answer, as Postmark posts it. Without the webhook's password nothing is kept.
  const question = `Lovely! Could you keep it until Saturday? (${Date.now()})`;
  const mail = postmarkInboundEmail({ from: ALICIA, to: replyTo, subject: `Re: ${ours.subject}`, text: question, quoted: ours.text ?? "", headerMessageId: `<e2e-${Date.now()}@mail.gmail.com>` });
  expect((await postmarkPosts(request, base, mail, { user: "postmark", password: "wrong-password-0123456789" })).status()).toBe(401);
  const posted = await postmarkPosts(request, base, mail);
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toEqual({ stored: true, duplicate: false });
  // Postmark retrying the same delivery: kept once.
  expect(await (await postmarkPosts(request, base, mail)).json()).toEqual({ stored: true, duplicate: true });

  await page.goto(profile);
  const conversation = page.getByRole("region", { name: "Conversation with Alicia" });
  const asked = conversation.getByRole("listitem").filter({ hasText: question });
  await expect(asked).toHaveCount(1);
  await expect(asked).toContainText("Not answered");
  await expect(asked).not.toContainText("On Mon, Mar 2");

  const answeredAt = Date.now() - 1_000;
  await asked.getByLabel("Answer Alicia by email").fill("Of course: it is yours until Saturday at closing time.");
  await asked.getByRole("button", { name: "Send email" }).click();
  await expect(conversation.getByRole("listitem").filter({ hasText: "yours until Saturday at closing time" })).toContainText("Maya Chen · Email");
  await expect(conversation.getByRole("listitem").filter({ hasText: question })).not.toContainText("Not answered");

  // What the mail server received: Re: her subject, threaded under her email, with her reply address again.
  const answer = await latestMailTo(ALICIA, answeredAt);
  expect(answer.subject).toBe(`Re: ${ours.subject}`);
  expect(answer.inReplyTo).toBe(mail.Headers.find((h) => h.Name === "Message-ID")!.Value);
  expect(answer.replyTo?.value[0]?.address).toBe(replyTo);
  expect(answer.text).toContain("Of course: it is yours until Saturday at closing time.");

  // Leave Alicia's holds as they were: release the one placed here.
  const placed = (await releaseLabels()).filter((label) => !heldBefore.has(label));
  expect(placed).toHaveLength(1);
  await page.getByRole("button", { name: placed[0]!, exact: true }).click();
  await expect(page.getByRole("button", { name: placed[0]!, exact: true })).toHaveCount(0);
});
