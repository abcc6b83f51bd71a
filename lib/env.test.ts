import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidSettingsError, MissingAuthSecretError, parseSettings, resolveAuthSecret, settings } from "./env";

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

const PRODUCTION = { NODE_ENV: "production", AUTH_SECRET: "s".repeat(44), PUBLIC_URL: "https://clienteling.example.com" };

function problems(env: Record<string, string | undefined>): string[] {
  const result = parseSettings(env);
  return result.ok ? [] : result.problems;
}

describe("settings", () => {
  it("accepts a complete production setup and fills in the defaults", () => {
    const parsed = settings({ ...PRODUCTION, PUBLIC_URL: " https://clienteling.example.com/ ", DATABASE_URL: "", SMTP_HOST: "smtp.example.com", SMTP_PORT: "465" });
    expect(parsed).toMatchObject({
      PUBLIC_URL: "https://clienteling.example.com",
      DATABASE_URL: undefined,
      DATABASE_POOL_SIZE: 10,
      DATABASE_POOL_IDLE_SECONDS: 300,
      PORT: 3000,
      SMTP_PORT: 465,
      SMTP_FROM: "Shopkeeper <no-reply@localhost>",
      TRUSTED_PROXIES: [],
    });
  });

  it("takes the retailer's name for customers' pages, trimmed, and refuses one too long to head a phone screen", () => {
    expect(settings({ RETAILER_NAME: "  Hartley Rowe " }).RETAILER_NAME).toBe("Hartley Rowe");
    expect(settings({}).RETAILER_NAME).toBeUndefined();
    expect(problems({ RETAILER_NAME: "x".repeat(61) })).toEqual([expect.stringMatching(/^RETAILER_NAME must be at most 60 characters/)]);
  });

  it("needs nothing in development", () => {
    expect(problems({ NODE_ENV: "development" })).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  it("refuses production without PUBLIC_URL or AUTH_SECRET, saying which", () => {
    expect(problems({ ...PRODUCTION, PUBLIC_URL: undefined })).toEqual([expect.stringMatching(/^PUBLIC_URL is not set\. .*production/)]);
    expect(problems({ ...PRODUCTION, AUTH_SECRET: "  " })).toEqual([expect.stringMatching(/^AUTH_SECRET is not set\./)]);
    expect(() => settings({ NODE_ENV: "production" })).toThrow(InvalidSettingsError);
  });

  // Each bad value gets its own sentence, naming the variable and what it should be.
  it.each([
    ["AUTH_SECRET", "short", /^AUTH_SECRET must be at least 32 characters/],
    ["PUBLIC_URL", "clienteling.example.com", /^PUBLIC_URL must be the address customers open, starting with https:\/\//],
    ["PUBLIC_URL", "ftp://clienteling.example.com", /^PUBLIC_URL must be/],
    ["PUBLIC_URL", "https://clienteling.example.com/?x=1", /^PUBLIC_URL must be/],
    ["DATABASE_URL", "mysql://db.example.com/shop", /^DATABASE_URL must be a PostgreSQL URL/],
    ["DATABASE_POOL_SIZE", "ten", /^DATABASE_POOL_SIZE must be a whole number from 1 to 1000/],
    ["DATABASE_POOL_SIZE", "0", /^DATABASE_POOL_SIZE must be a whole number from 1 to 1000/],
    ["DATABASE_POOL_IDLE_SECONDS", "5m", /^DATABASE_POOL_IDLE_SECONDS must be a whole number from 0 to 86400/],
    ["DATABASE_POOL_IDLE_SECONDS", "-1", /^DATABASE_POOL_IDLE_SECONDS must be a whole number from 0 to 86400/],
    ["PORT", "70000", /^PORT must be a whole number from 1 to 65535/],
    ["PORT", "3000abc", /^PORT must be a whole number/],
    ["SMTP_HOST", "smtp://mail.example.com:587", /^SMTP_HOST must be a host name/],
    ["X_WEBHOOK_SECRET", "tooshort", /^X_WEBHOOK_SECRET must be at least 16 characters/],
    ["META_APP_SECRET", "tooshort", /^META_APP_SECRET must be at least 16 characters/],
    ["TRUSTED_PROXIES", "10.0.0.0/8, localhost", /^TRUSTED_PROXIES: "localhost" is not an IP address or range/],
    ["TRUSTED_PROXIES", "10.0.0.0/33", /^TRUSTED_PROXIES: "10.0.0.0\/33" is not/],
  ])("says what is wrong with %s=%s", (name, value, message) => {
    expect(problems({ ...PRODUCTION, [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it("checks the mail settings together", () => {
    expect(problems({ SMTP_HOST: "smtp.example.com", SMTP_FROM: "no address" })).toEqual([expect.stringMatching(/^SMTP_FROM must be an email address/)]);
    expect(problems({ SMTP_HOST: "smtp.example.com", SMTP_PORT: "x" })).toEqual([expect.stringMatching(/^SMTP_PORT must be a whole number/)]);
    expect(problems({ SMTP_USER: "store" })).toEqual([expect.stringMatching(/^SMTP_USER is set but SMTP_HOST is not/)]);
    expect(problems({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}` })).toEqual([expect.stringMatching(/^TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not/)]);
    expect(problems({ TWILIO_AUTH_TOKEN: "f".repeat(32) })).toEqual([expect.stringMatching(/^TWILIO_AUTH_TOKEN is set but TWILIO_ACCOUNT_SID is not/)]);
    expect(problems({ TWILIO_ACCOUNT_SID: "my-account", TWILIO_AUTH_TOKEN: "f".repeat(32) })).toEqual([expect.stringMatching(/^TWILIO_ACCOUNT_SID must be your Twilio Account SID/)]);
    expect(problems({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "short" })).toEqual([expect.stringMatching(/^TWILIO_AUTH_TOKEN must be at least 16 characters/)]);
    expect(problems({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "f".repeat(32), TWILIO_BASE_URL: "api.twilio.com" })).toEqual([expect.stringMatching(/^TWILIO_BASE_URL must be a web address/)]);
    expect(problems({ SMTP_HOST: "smtp.example.com", SMTP_PASSWORD: "pw" })).toEqual([expect.stringMatching(/^SMTP_PASSWORD is set but SMTP_USER is not/)]);
    expect(problems({ INBOUND_EMAIL_WEBHOOK_USER: "postmark" })).toEqual([expect.stringMatching(/^INBOUND_EMAIL_WEBHOOK_USER is set but INBOUND_EMAIL_WEBHOOK_PASSWORD is not/)]);
    expect(problems({ INBOUND_EMAIL_WEBHOOK_PASSWORD: "p".repeat(20) })).toEqual([expect.stringMatching(/^INBOUND_EMAIL_WEBHOOK_PASSWORD is set but INBOUND_EMAIL_WEBHOOK_USER is not/)]);
    expect(problems({ INBOUND_EMAIL_WEBHOOK_USER: "postmark", INBOUND_EMAIL_WEBHOOK_PASSWORD: "short" })).toEqual([expect.stringMatching(/^INBOUND_EMAIL_WEBHOOK_PASSWORD must be at least 16 characters/)]);
    expect(problems({ INBOUND_EMAIL_DOMAIN: "reply+x@reply.example.com" })).toEqual([expect.stringMatching(/^INBOUND_EMAIL_DOMAIN must be a domain name/)]);
    expect(settings({ INBOUND_EMAIL_DOMAIN: "Reply.Example.com", INBOUND_EMAIL_WEBHOOK_USER: "postmark", INBOUND_EMAIL_WEBHOOK_PASSWORD: "p".repeat(20) }).INBOUND_EMAIL_DOMAIN).toBe("reply.example.com");
    expect(settings({ SMTP_HOST: "smtp.example.com", SMTP_USER: "u", SMTP_PASSWORD: "p", SMTP_FROM: "Fifth Avenue <store@example.com>" }).SMTP_FROM).toBe("Fifth Avenue <store@example.com>");
  });

  it("lists every bad value at once", () => {
    const found = problems({ NODE_ENV: "production", PORT: "http", X_WEBHOOK_SECRET: "x", TRUSTED_PROXIES: "a b" });
    expect(found.map((p) => p.split(/[ :]/)[0])).toEqual(["PORT", "X_WEBHOOK_SECRET", "TRUSTED_PROXIES", "TRUSTED_PROXIES", "AUTH_SECRET", "PUBLIC_URL"]);
  });

  it("reads trusted proxies as a list of addresses and ranges", () => {
    expect(settings({ TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1 ::1,fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"]);
  });
});
