import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { searchCustomers, signInAsMaya } from "./support/staff";
import { textTheStore } from "./support/twilio";

const DATABASE_PATH = path.resolve("data", "e2e", "shopkeeper-e2e.db");
const ALICIA = "+12125550143";
const FIFTH_AVENUE = "+12125550100";
const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function inboundBodies(): string[] {
  const db = new Database(DATABASE_PATH, { readonly: true });
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

  await signInAsMaya(page);
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
