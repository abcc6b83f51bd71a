// Takes screenshots of the main screens at tablet sizes, for review and the README.
// Usage: BASE_URL=http://localhost:3000 npx tsx scripts/screenshots.ts [outDir]
import { chromium, type Page } from "@playwright/test";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
const OUT = process.argv[2] ?? "test-results/screenshots";
const VIEWPORTS = [
  { name: "landscape", width: 1024, height: 768 },
  { name: "portrait", width: 820, height: 1180 },
];

async function signIn(page: Page, email = "maya@shop.example") {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("shopkeeper");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${BASE_URL}/`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
});
for (const viewport of VIEWPORTS) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/login`);
  await page.screenshot({ path: `${OUT}/login-${viewport.name}.png` });
  await signIn(page);
  await page.getByRole("heading", { name: /Your client book/ }).waitFor();
  await page.screenshot({ path: `${OUT}/home-${viewport.name}.png`, fullPage: true });
  await page.getByLabel("Search customers").fill("ali fer");
  await page.getByRole("heading", { name: /found|matches/ }).waitFor();
  await page.screenshot({ path: `${OUT}/search-${viewport.name}.png` });
  await page.getByRole("link", { name: /Alicia Fernández/ }).first().click();
  await page.getByRole("heading", { name: "Alicia Fernández" }).waitFor();
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${OUT}/profile-${viewport.name}.png` });
  // Lazy images below the fold load as the page scrolls.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/profile-full-${viewport.name}.png`, fullPage: true });
  await page.getByRole("link", { name: "Put aside Milly Bonded Wool Coat" }).first().click();
  await page.getByRole("heading", { name: /Put aside for/ }).waitFor();
  await page.screenshot({ path: `${OUT}/hold-${viewport.name}.png`, fullPage: true });
  await page.goto(`${BASE_URL}/holds`);
  await page.screenshot({ path: `${OUT}/holds-${viewport.name}.png` });
  await page.goto(`${BASE_URL}/mentions`);
  await page.screenshot({ path: `${OUT}/mentions-${viewport.name}.png` });
  for (const path of ["today", "clients"]) {
    await page.goto(`${BASE_URL}/${path}`);
    await page.screenshot({ path: `${OUT}/${path}-${viewport.name}.png`, fullPage: true });
  }
  await context.close();

  // The manager's screens.
  const managerContext = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const manager = await managerContext.newPage();
  await signIn(manager, "grace@shop.example");
  for (const [name, path] of [
    ["dashboard", "/store"],
    ["client-books", "/store/clients?book=unassigned"],
    ["audit", "/store/audit"],
    ["sources", "/store/sources"],
    ["import", "/store/import"],
  ] as const) {
    await manager.goto(`${BASE_URL}${path}`);
    await manager.waitForLoadState("networkidle");
    await manager.screenshot({ path: `${OUT}/${name}-${viewport.name}.png`, fullPage: true });
  }
  await managerContext.close();
}
await browser.close();
console.log(`Screenshots in ${OUT}`);
