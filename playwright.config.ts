import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { WEBHOOK_ENV } from "./e2e/support/webhooks";
import { twilioEnv, twilioLogFile } from "./e2e/support/twilio";
import { INBOUND_EMAIL_ENV } from "./e2e/support/inbound-email";
import { socialEnv, xLogFile } from "./e2e/support/social";
import { e2eDatabasePath } from "./e2e/support/database";

const PORT = Number(process.env.E2E_PORT ?? 3107);
const BASE_URL = `http://localhost:${PORT}`;
// A fresh database for every run, migrated and seeded by the web server command; specs read it too.
const DATABASE_PATH = e2eDatabasePath(PORT);
process.env.E2E_DATABASE_PATH ??= DATABASE_PATH;

// `npm run test:e2e` runs the specs in two halves side by side, each on a server and database of its
// own (E2E_GROUP=1 and 2, on different E2E_PORTs): the specs spend much of their time waiting on
// the browser and the server, and one run at a time left the second core idle. Group 1 is these
// files; group 2 is every other spec, so a new spec always runs somewhere. Within a group, specs
// run one at a time in file order, as before (your-associate.spec.ts, last in group 2, leaves its
// appointment and hold on Alicia to no other spec). Without E2E_GROUP, every spec runs.
const GROUP_ONE = [
  "holds",
  "live",
  "malformed-requests",
  "offline",
  "screens",
  "selections",
  "social-reply",
  "tablet-day",
  "whole-exchange",
].map((name) => `**/${name}.spec.ts`);
const GROUP = process.env.E2E_GROUP;
if (GROUP && GROUP !== "1" && GROUP !== "2") throw new Error(`E2E_GROUP is 1 or 2, not ${GROUP}`);
// The app's emails go to a catcher on this machine (scripts/e2e-server.ts), written here for specs to read.
const SMTP_PORT = PORT + 20;
// Texts go to a fake Twilio on this machine (lib/testing/fake-twilio.ts, started by scripts/e2e-server.ts).
const TWILIO_PORT = PORT + 21;
process.env.E2E_TWILIO_LOG ??= twilioLogFile(TWILIO_PORT);
// Replies to posts go to a fake X and a fake Graph API on this machine (lib/testing/fake-x.ts, fake-graph.ts).
const X_PORT = PORT + 22;
const GRAPH_PORT = PORT + 23;
process.env.E2E_X_LOG ??= xLogFile(X_PORT);
process.env.E2E_MAIL_DIR ??= path.resolve("data", "e2e-mail", String(PORT));

export default defineConfig({
  testDir: "e2e",
  // The PostgreSQL, two-instance run has its own config (playwright.pg.config.ts).
  testIgnore: ["pg/**", ...(GROUP === "2" ? GROUP_ONE : [])],
  ...(GROUP === "1" ? { testMatch: GROUP_ONE } : {}),
  // Each group's own, since a run empties its output folder when it starts.
  outputDir: GROUP ? `test-results/group-${GROUP}` : "test-results",
  fullyParallel: false,
  workers: 1,
  // No retries: a spec that changes the database cannot be retried against the changed database,
  // and a flaky test should fail loudly rather than pass on a second try.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Two runs side by side share the machine's cores: each test gets more time then.
  timeout: GROUP ? 60_000 : 30_000,
  expect: { timeout: 7_500 },
  use: {
    baseURL: BASE_URL,
    // No service worker, so pages keep no offline copies (each a render on the server, in every
    // test). e2e/offline.spec.ts, which is about them, allows it.
    serviceWorkers: "block",
    // A failed test keeps its trace (DOM snapshots of every step, network, console) and a screenshot;
    // the trace's screencast, recorded for every test and thrown away for passing ones, costs CPU the
    // two-core CI box needs for the server and the browser.
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
    // iPad landscape, the associate's usual view.
    ...devices["iPad (gen 7) landscape"],
    viewport: { width: 1024, height: 768 },
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  webServer: {
    command: `node --import tsx scripts/e2e-server.ts`,
    url: `${BASE_URL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_PATH,
      // The SQLite run, whatever the shell says.
      DATABASE_URL: "",
      PUBLIC_URL: BASE_URL,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(SMTP_PORT),
      SMTP_FROM: "Fifth Avenue <stores@shop.example>",
      E2E_SMTP_PORT: String(SMTP_PORT),
      E2E_MAIL_DIR: process.env.E2E_MAIL_DIR,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789abcdef",
      NEXT_TELEMETRY_DISABLED: "1",
      // The demo retailer, whose name heads customers' pages.
      RETAILER_NAME: "Hartley Rowe",
      NODE_ENV: "production",
      // The demo's appointment would send its reminder emails in the middle of other specs' mail (lib/reminder-schedule.ts).
      SHOPKEEPER_REMINDERS: "off",
      ...WEBHOOK_ENV,
      // Customers' answers to emails come back through a Postmark-shaped webhook (e2e/email-reply.spec.ts).
      ...INBOUND_EMAIL_ENV,
      ...twilioEnv(TWILIO_PORT),
      ...socialEnv(X_PORT, GRAPH_PORT),
    },
  },
});
