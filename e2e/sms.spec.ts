import Database from "better-sqlite3";
import { expect, test, openSignedIn } from "./support/fixtures";
import { searchCustomers } from "./support/staff";
import { reportTextStatus, textsSent, textTheStore } from "./support/twilio";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "../lib/testing/fake-twilio";
import { E2E_DATABASE_PATH } from "./support/database";

const ALICIA = "+12125550143";
const FIFTH_AVENUE = "+12125550100";
const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function inboundBodies(): string[] {
  const db = new Database(E2E_DATABASE_PATH, { readonly: true });
  try {
    return (db.prepare("select body from inbound_messages where sender = ? order by received_at").all(ALICIA) as { body: string }[]).map((r) => r.body);
  } finally {
    db.close();
  }
}

test("Alicia texts the store: her text is kept once; STOP withdraws her SMS consent, START gives it back", async ({ page, request, baseURL }) => {
  const base = baseURL!;
  // Unsigned, it is refused and nothing is kept.
  const forged = await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "forged" }, { signed: false });
  expect(forged.status()).toBe(403);

  const sid = `SM${"e2e0".repeat(8)}`;
  const text = { from: "(212) 555-0143", to: FIFTH_AVENUE, body: "Is the cobalt coat still there in a 38?", sid };
  const first = await textTheStore(request, base, text);
  expect(first.status()).toBe(200);
  expect(first.headers()["content-type"]).toContain("text/xml");
  expect(await first.text()).toBe(EMPTY);
  // Twilio retries a delivery it is unsure of: it is kept once.
  expect((await textTheStore(request, base, text)).status()).toBe(200);
  expect(inboundBodies().filter((b) => b === text.body)).toHaveLength(1);
  expect(inboundBodies()).not.toContain("forged");

  // Whatever an earlier spec did to her consent, START gives it back.
  const start = await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "START" });
  expect(await start.text()).toContain("<Message>You will get texts from Fifth Avenue again. Reply STOP to opt out.</Message>");

  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  const consent = page.getByRole("list", { name: "Contact consent" });
  await expect(consent).toContainText("SMS: may contact");

  const stop = await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: " Stop " });
  expect(stop.status()).toBe(200);
  expect(await stop.text()).toContain("<Message>You will get no more texts from Fifth Avenue. Reply START to opt back in.</Message>");
  await page.reload();
  await expect(consent).toContainText("SMS: do not contact");
});

test("Maya texts Alicia a private link: it goes out through Twilio from the store's number, and Twilio's report marks it delivered", async ({ page, request, baseURL }) => {
  // Alicia may be texted (an earlier test or spec may have withdrawn it).
  await textTheStore(request, baseURL!, { from: ALICIA, to: FIFTH_AVENUE, body: "START" });
  await openSignedIn(page);
  // The holds at the store now, so the one this test places can be released at the end.
  const releaseLabels = async () => {
    await page.goto("/holds");
    return page.getByRole("main").getByRole("button", { name: /^Release:/ }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")!));
  };
  const heldBefore = new Set(await releaseLabels());
  await page.goto("/");
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await page.getByRole("region", { name: "Set aside for Alicia?" }).getByRole("button", { name: /^Hold / }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Put aside." })).toBeVisible();

  const card = page.getByRole("region", { name: "Send to Alicia" });
  await card.getByRole("radio", { name: /SMS/ }).check();
  await card.getByLabel("Personal message to Alicia").fill("Hi Alicia, the coat is waiting for you.");
  const before = textsSent().length;
  await card.getByRole("button", { name: "Send Alicia a private link" }).click();
  await expect(card.getByRole("status")).toContainText("Sent by SMS");

  // What Twilio received: HTTP Basic with the account's SID, from the store's number, the link put in.
  const sent = textsSent().slice(before);
  expect(sent).toHaveLength(1);
  const text = sent[0]!;
  expect(text.path).toBe(`/2010-04-01/Accounts/${FAKE_TWILIO_ACCOUNT_SID}/Messages.json`);
  expect(text.authorization).toBe(`Basic ${Buffer.from(`${FAKE_TWILIO_ACCOUNT_SID}:${FAKE_TWILIO_AUTH_TOKEN}`).toString("base64")}`);
  expect(text.form).toMatchObject({ To: ALICIA, From: FIFTH_AVENUE, StatusCallback: `${baseURL}/api/webhooks/twilio/status` });
  expect(text.form.Body).toMatch(/^Hi Alicia, the coat is waiting for you\.\n\nSee what is waiting for you: http:\/\/\S+\/c\/[A-Za-z0-9_-]+\n\nMaya, Fifth Avenue$/);

  // Twilio has it queued; its report moves it on.
  const message = card.getByRole("listitem").filter({ hasText: `SMS to ${ALICIA}` }).first();
  await expect(message).toContainText("Sending");
  const delivered = await reportTextStatus(request, text.form.StatusCallback!, { sid: text.sid!, from: FIFTH_AVENUE, to: ALICIA }, "delivered");
  expect(delivered.status()).toBe(200);
  await page.reload();
  await expect(message).not.toContainText("Sending");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "Outbox", exact: true }).click();
  await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: "Hi Alicia, the coat is waiting for you." }).first()).toContainText("Delivered");

  // Leave Alicia's holds as they were: release the one placed here (Maya's own, so no question).
  const placed = (await releaseLabels()).filter((label) => !heldBefore.has(label));
  expect(placed).toHaveLength(1);
  await page.getByRole("button", { name: placed[0]!, exact: true }).click();
  await expect(page.getByRole("button", { name: placed[0]!, exact: true })).toHaveCount(0);
});

test("Alicia's text waits in her conversation; Maya answers it by text from the profile, and Twilio gets the answer", async ({ page, request, baseURL }) => {
  const base = baseURL!;
  // She has opted out of texts from the store, then writes to it: her own text may still be answered, within 24 hours.
  await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "STOP" });
  const question = `Can you hold it until Friday? (${Date.now()})`;
  expect((await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: question })).status()).toBe(200);

  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await expect(page.getByRole("region", { name: "Needs attention" })).toContainText(`Text not answered: “${question.slice(0, 20)}`);
  const conversation = page.getByRole("region", { name: "Conversation with Alicia" });
  const asked = conversation.getByRole("listitem").filter({ hasText: question });
  await expect(asked).toContainText("Not answered");
  // No texting her first: she opted out. Only her own text can be answered.
  await expect(conversation.getByLabel("Text Alicia", { exact: true })).toHaveCount(0);

  const before = textsSent().length;
  await asked.getByLabel("Answer Alicia by text").fill("Of course: it is held until Friday at closing time.");
  await asked.getByRole("button", { name: "Send answer" }).click();
  // Once sent, her text is answered: its answer box goes, and the answer is in the thread.
  await expect(conversation.getByRole("listitem").filter({ hasText: "held until Friday at closing time" })).toContainText("Maya Chen · SMS");
  await expect.poll(() => textsSent().length).toBe(before + 1);
  const sent = textsSent().slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.form).toMatchObject({ To: ALICIA, From: FIFTH_AVENUE, Body: "Of course: it is held until Friday at closing time." });
  await page.reload();
  await expect(conversation.getByRole("listitem").filter({ hasText: "held until Friday at closing time" })).toContainText("Maya Chen · SMS");
  await expect(conversation.getByRole("listitem").filter({ hasText: question })).not.toContainText("Not answered");

  // As she was before.
  await textTheStore(request, base, { from: ALICIA, to: FIFTH_AVENUE, body: "START" });
});
