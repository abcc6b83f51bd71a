import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MissingAuthSecretError, resolveAuthSecret } from "./env";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopkeeper-env-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("resolveAuthSecret", () => {
  it("refuses to run in production without AUTH_SECRET", () => {
    expect(() => resolveAuthSecret({ NODE_ENV: "production" }, tempDir())).toThrow(MissingAuthSecretError);
  });

  it("uses AUTH_SECRET when given and rejects a short one", () => {
    const secret = "a".repeat(40);
    expect(resolveAuthSecret({ NODE_ENV: "production", AUTH_SECRET: secret }, tempDir())).toBe(secret);
    expect(() => resolveAuthSecret({ NODE_ENV: "production", AUTH_SECRET: "short" }, tempDir())).toThrow(/at least 32/);
  });

  it("generates a development secret once and reuses it", () => {
    const dir = tempDir();
    const first = resolveAuthSecret({ NODE_ENV: "development" }, dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveAuthSecret({ NODE_ENV: "development" }, dir)).toBe(first);
    expect(fs.statSync(path.join(dir, ".dev-auth-secret")).mode & 0o077).toBe(0);
    expect(resolveAuthSecret({ NODE_ENV: "development" }, tempDir())).not.toBe(first);
  });
});
