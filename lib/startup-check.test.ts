import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The check runs as the server starts (instrumentation.ts); here it runs in a
// process of its own, as it would there, and must end that process. Every run
// is production with AUTH_SECRET set or fails first, so it writes no files.
const root = path.join(import.meta.dirname, "..");

function start(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "startup-check.ts")], {
    cwd: root,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: run.status, stderr: run.stderr };
}

const PRODUCTION = { NODE_ENV: "production", AUTH_SECRET: "s".repeat(44), PUBLIC_URL: "https://clienteling.example.com" };

describe("start-up check", () => {
  it("lets a production server with good settings start", () => {
    expect(start(PRODUCTION)).toEqual({ code: 0, stderr: "" });
  });

  it("refuses to start production without PUBLIC_URL", () => {
    const { PUBLIC_URL: _, ...withoutUrl } = PRODUCTION;
    const run = start(withoutUrl);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PUBLIC_URL is not set\. Shopkeeper refuses to run in production/);
  });

  it("names every bad value, one line each", () => {
    const run = start({ ...PRODUCTION, PORT: "eighty", TRUSTED_PROXIES: "proxy.internal" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ {2}- PORT must be a whole number from 1 to 65535\.$/m);
    expect(run.stderr).toMatch(/^ {2}- TRUSTED_PROXIES: "proxy\.internal" is not an IP address or range/m);
  });
});
