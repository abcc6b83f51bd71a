import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test, openSignedIn, E2E_WRITE_KEY } from "./support/fixtures";
import { openProfileTab, searchCustomers } from "./support/staff";

/** Alicia's email in the seeded story (db/seed/story.ts); she has no retailer id of her own. */
const ALICIA_EMAIL = "alicia.fernandez@gmail.com";

type MarkedWindow = Window & { beforeTheEvent?: string };
const readMarker = (page: Page) => page.evaluate(() => (window as MarkedWindow).beforeTheEvent);

test("a Product Viewed event for Alicia shows on her open profile without a reload", async ({ page, request }) => {
  await openSignedIn(page);
  const results = await searchCustomers(page, "alicia fern");

  // Post only once the profile's live stream is open: the server then listens from that moment on.
  const liveStream = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
  await results.getByRole("link", { name: /Alicia Fernández/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alicia Fernández" })).toBeVisible();
  const stream = await liveStream;
  expect(stream.status()).toBe(200);
  expect(new URL(stream.url()).searchParams.get("topics")).toMatch(/^customer:/);
  const profileUrl = page.url();

  // A reload would wipe this; a live refresh keeps it.
  await page.evaluate(() => {
    (window as MarkedWindow).beforeTheEvent = "still here";
  });

  const productName = `Harbour Silk Scarf ${randomUUID().slice(0, 8)}`;
  await openProfileTab(page, "Activity");
  const activity = page.getByRole("region", { name: "Online activity" });
  const viewed = activity.getByRole("listitem").filter({ hasText: `Viewed ${productName}` });
  await expect(viewed).toHaveCount(0);

  const response = await request.post("/api/v1/track", {
    headers: { authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString("base64")}` },
    data: {
      type: "track",
      event: "Product Viewed",
      messageId: randomUUID(),
      // The retailer's id for her is new to Shopkeeper, so she is matched by the email in context.traits.
      userId: `e2e-live-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      context: { traits: { email: ALICIA_EMAIL } },
      properties: {
        product_id: `e2e-live-${randomUUID()}`,
        sku: `E2E-LIVE-${randomUUID().slice(0, 8)}`,
        name: productName,
        brand: "Harbour",
        price: 145,
        url: "https://shop.example/products/harbour-silk-scarf",
      },
    },
  });
  expect(response.ok(), await response.text()).toBe(true);

  // The promise is 2 s from saving; the budget adds the request's round trip on a slow machine.
  await expect(viewed).toBeVisible({ timeout: 3_000 });
  expect(await readMarker(page)).toBe("still here");
  expect(page.url()).toBe(profileUrl);
});
