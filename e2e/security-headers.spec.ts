import { expect, test, type APIResponse } from "@playwright/test";
import { EXPIRED_LINK_TOKEN } from "./support/fixtures";
import { searchCustomers, signInAsMaya } from "./support/staff";

// Every kind of response carries the security headers: pages (with a CSP
// nonce of their own), a server action's answer, route handlers, the event API,
// a customer's page, a redirect to sign-in and a 404.

type Kind = "page" | "data";

function expectSecurityHeaders(headers: { name: string; value: string }[], kind: Kind, referrer = "strict-origin-when-cross-origin") {
  const all = (name: string) => headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
  const one = (name: string) => {
    expect(all(name), `exactly one ${name}`).toHaveLength(1);
    return all(name)[0]!;
  };
  expect(one("x-frame-options")).toBe("DENY");
  expect(one("x-content-type-options")).toBe("nosniff");
  expect(one("referrer-policy")).toBe(referrer);
  expect(one("permissions-policy")).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  expect(one("strict-transport-security")).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
  const policy = one("content-security-policy");
  expect(policy).toContain("frame-ancestors 'none'");
  if (kind === "page") expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic';/);
  else expect(policy).toBe("default-src 'none'; frame-ancestors 'none'");
  return policy;
}

const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)![1]!;

async function expectNoncedScripts(response: APIResponse, policy: string) {
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(policy)}"`);
}

test.describe("security headers", () => {
  test("a page, with a fresh nonce on every script for every request", async ({ request }) => {
    const first = await request.get("/login");
    const second = await request.get("/login");
    expect(first.status()).toBe(200);
    const policy = expectSecurityHeaders(first.headersArray(), "page");
    expect(nonceOf(expectSecurityHeaders(second.headersArray(), "page"))).not.toBe(nonceOf(policy));
    await expectNoncedScripts(first, policy);
  });

  test("a customer's page keeps no-referrer", async ({ request }) => {
    const response = await request.get(`/c/${EXPIRED_LINK_TOKEN}`);
    expect(response.status()).toBe(200);
    await expectNoncedScripts(response, expectSecurityHeaders(response.headersArray(), "page", "no-referrer"));
  });

  test("a page and a route that do not exist", async ({ request }) => {
    // Under /c/, so no sign-in redirect comes first.
    const page = await request.get(`/c/${EXPIRED_LINK_TOKEN}/no-such-page`, { maxRedirects: 0 });
    expect(page.status()).toBe(404);
    expectSecurityHeaders(page.headersArray(), "page", "no-referrer");
    const route = await request.get("/api/no-such-route", { maxRedirects: 0 });
    expect(route.status()).toBe(404);
    expectSecurityHeaders(route.headersArray(), "data");
  });

  test("the redirect of a signed-out visitor to sign-in", async ({ request }) => {
    const response = await request.get("/customers/some-id", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expectSecurityHeaders(response.headersArray(), "data");
  });

  test("route handlers: health, live updates, the event API, Auth.js", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expectSecurityHeaders(health.headersArray(), "data");

    const live = await request.get("/api/live?topics=store:x");
    expect(live.status()).toBe(401);
    expectSecurityHeaders(live.headersArray(), "data");

    const track = await request.post("/api/v1/track", { data: { type: "track" } });
    expect(track.status()).toBe(401);
    expectSecurityHeaders(track.headersArray(), "data");

    const session = await request.get("/api/auth/session");
    expect(session.status()).toBe(200);
    expectSecurityHeaders(session.headersArray(), "data");
  });

  test("a product picture keeps its own policy and gets the rest", async ({ request }) => {
    const picture = await request.get("/media/products/coats-1f3a5f.svg");
    expect(picture.status()).toBe(200);
    const headers = picture.headersArray();
    expect(headers.filter((h) => h.name.toLowerCase() === "content-security-policy").map((h) => h.value)).toEqual(["default-src 'none'; style-src 'unsafe-inline'"]);
    expect(headers.find((h) => h.name.toLowerCase() === "x-frame-options")?.value).toBe("DENY");
  });

  test("the app still works under its policy: sign-in (a server action), a profile and its live stream", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`Content Security Policy: ${event.violatedDirective} blocked ${event.blockedURI}`));
    });

    const action = page.waitForResponse((response) => response.request().method() === "POST" && Boolean(response.request().headers()["next-action"]));
    await signInAsMaya(page);
    expectSecurityHeaders(await (await action).headersArray(), "page");

    const results = await searchCustomers(page, "alicia fern");
    const liveStream = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
    await results.getByRole("link", { name: /Alicia Fernández/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Alicia Fernández" })).toBeVisible();
    const stream = await liveStream;
    expect(stream.status()).toBe(200);
    expectSecurityHeaders(await stream.headersArray(), "data");
    await expect.poll(() => page.locator("img[src^='/media/']").first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // Next's own scripts ran (they carry the nonce), and nothing was blocked.
    expect(await page.evaluate(() => Boolean((window as Window & { next?: unknown }).next))).toBe(true);
    expect(violations).toEqual([]);
  });
});
