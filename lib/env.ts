import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";

// Every setting Shopkeeper reads from the environment, in one schema: checked
// once when the server starts (lib/startup-check.ts), with one plain sentence
// per bad value, and read through settings() by the code that uses them.
// db/index.ts and db/dialect.ts read DATABASE_* themselves (they also run in
// scripts); the schema still checks those values at start.

type Env = Readonly<Record<string, string | undefined>>;

/** An unset variable and one set to "" or spaces mean the same: not configured. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined), schema.optional());
}

function wholeNumber(name: string, min: number, max: number, hint = "") {
  return z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number from ${min} to ${max}${hint}.`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be a whole number from ${min} to ${max}${hint}.`).max(max, `${name} must be a whole number from ${min} to ${max}${hint}.`));
}

function webAddress(value: string): URL | null {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password && !url.search && !url.hash ? url : null;
  } catch {
    return null;
  }
}

/** One address or range a reverse proxy connects from: 10.0.0.5, 10.0.0.0/8, ::1, fd00::/8. */
function isAddressOrRange(entry: string): boolean {
  const [address = "", bits, extra] = entry.split("/");
  const family = net.isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** "Name <address>" or a bare address, as nodemailer takes it. */
const SENDER = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/;

export const MIN_AUTH_SECRET_LENGTH = 32;
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

const settingsSchema = z
  .object({
    NODE_ENV: optional(z.string()),
    AUTH_SECRET: optional(
      z.string().min(MIN_AUTH_SECRET_LENGTH, `AUTH_SECRET must be at least ${MIN_AUTH_SECRET_LENGTH} characters long: generate one with \`openssl rand -base64 33\`.`),
    ),
    PUBLIC_URL: optional(
      z
        .string()
        .refine((value) => webAddress(value) !== null, "PUBLIC_URL must be the address customers open, starting with https:// (or http://), without a query, e.g. https://clienteling.example.com.")
        .transform((value) => value.replace(/\/+$/, "")),
    ),
    DATABASE_URL: optional(
      z
        .string()
        .refine(
          (value) => /^postgres(ql)?:\/\//i.test(value) && URL.canParse(value),
          "DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/shopkeeper; leave it unset to use SQLite.",
        ),
    ),
    DATABASE_PATH: optional(z.string()),
    DATABASE_POOL_SIZE: optional(wholeNumber("DATABASE_POOL_SIZE", 1, 1000, " (connections per app instance; default 10)")),
    DATABASE_POOL_IDLE_SECONDS: optional(wholeNumber("DATABASE_POOL_IDLE_SECONDS", 0, 86_400, " (seconds an unused PostgreSQL connection is kept; default 300, 0 keeps them)")),
    PORT: optional(wholeNumber("PORT", 1, 65535)),
    SMTP_HOST: optional(z.string().regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, "SMTP_HOST must be a host name such as smtp.example.com, without smtp:// or a port (the port is SMTP_PORT).")),
    SMTP_PORT: optional(wholeNumber("SMTP_PORT", 1, 65535, " (587 by default; 465 uses TLS)")),
    SMTP_USER: optional(z.string()),
    SMTP_PASSWORD: optional(z.string()),
    SMTP_FROM: optional(
      z.string().refine((value) => {
        const match = SENDER.exec(value);
        const address = match?.[1] ?? match?.[2];
        return address !== undefined && z.email().safeParse(address).success;
      }, 'SMTP_FROM must be an email address, optionally with a name: "Fifth Avenue <store@example.com>".'),
    ),
    X_WEBHOOK_SECRET: optional(
      z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `X_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long: a shorter shared secret can be guessed.`),
    ),
    META_APP_SECRET: optional(
      z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `META_APP_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long: copy the App Secret from your Meta app's settings.`),
    ),
    META_VERIFY_TOKEN: optional(z.string()),
    STORE_DAILY_SEND_LIMIT: optional(wholeNumber("STORE_DAILY_SEND_LIMIT", 1, 1_000_000, " (emails and texts one store may send a day; default 500)")),
    TWILIO_ACCOUNT_SID: optional(
      z.string().regex(/^AC[0-9a-fA-F]{32}$/, "TWILIO_ACCOUNT_SID must be your Twilio Account SID: AC followed by 32 letters and digits, as shown on the Twilio Console's home page."),
    ),
    TWILIO_AUTH_TOKEN: optional(
      z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `TWILIO_AUTH_TOKEN must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long: copy the Auth Token from the Twilio Console's home page.`),
    ),
    TWILIO_BASE_URL: optional(
      z
        .string()
        .refine((value) => webAddress(value) !== null, "TWILIO_BASE_URL must be a web address without a query, e.g. https://api.twilio.com (the default); set it only to reach Twilio through a proxy or a test server.")
        .transform((value) => value.replace(/\/+$/, "")),
    ),
    INBOUND_EMAIL_DOMAIN: optional(
      z
        .string()
        .regex(/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/, "INBOUND_EMAIL_DOMAIN must be a domain name such as reply.example.com, without reply+ or an @: the domain whose mail Postmark receives for you.")
        .transform((value) => value.toLowerCase()),
    ),
    INBOUND_EMAIL_WEBHOOK_USER: optional(z.string().regex(/^[^:\s]{1,128}$/, "INBOUND_EMAIL_WEBHOOK_USER must be a user name without spaces or a colon, as in the webhook URL you give Postmark.")),
    INBOUND_EMAIL_WEBHOOK_PASSWORD: optional(
      z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `INBOUND_EMAIL_WEBHOOK_PASSWORD must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long: a shorter password can be guessed.`),
    ),
    X_CLIENT_ID: optional(z.string().regex(/^[A-Za-z0-9_-]+$/, "X_CLIENT_ID must be the OAuth 2.0 Client ID from your X app's Keys and tokens page (letters, digits, - and _).")),
    X_CLIENT_SECRET: optional(z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `X_CLIENT_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long: copy the OAuth 2.0 Client Secret from your X app's Keys and tokens page.`)),
    X_API_BASE_URL: optional(
      z
        .string()
        .refine((value) => webAddress(value) !== null, "X_API_BASE_URL must be a web address without a query, e.g. https://api.x.com (the default); set it only to reach X through a proxy or a test server.")
        .transform((value) => value.replace(/\/+$/, "")),
    ),
    X_AUTHORIZE_URL: optional(
      z
        .string()
        .refine((value) => webAddress(value) !== null, "X_AUTHORIZE_URL must be a web address without a query, e.g. https://x.com/i/oauth2/authorize (the default)."),
    ),
    INSTAGRAM_GRAPH_BASE_URL: optional(
      z
        .string()
        .refine((value) => webAddress(value) !== null, "INSTAGRAM_GRAPH_BASE_URL must be a web address without a query, e.g. https://graph.facebook.com/v21.0 (the default).")
        .transform((value) => value.replace(/\/+$/, "")),
    ),
    RETAILER_NAME: optional(z.string().max(60, "RETAILER_NAME must be at most 60 characters: it is the brand at the top of customers' pages.")),
    TRUSTED_PROXIES: optional(
      z
        .string()
        .transform((value) => value.split(/[\s,]+/).filter(Boolean))
        .superRefine((entries, ctx) => {
          for (const entry of entries.filter((e) => !isAddressOrRange(e))) {
            ctx.addIssue({
              code: "custom",
              message: `TRUSTED_PROXIES: "${entry}" is not an IP address or range; list your reverse proxies' addresses, e.g. 10.0.0.0/8, 127.0.0.1, ::1.`,
            });
          }
        }),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production") {
      if (!env.AUTH_SECRET) ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: MissingAuthSecretError.MESSAGE });
      if (!env.PUBLIC_URL) {
        ctx.addIssue({
          code: "custom",
          path: ["PUBLIC_URL"],
          message:
            "PUBLIC_URL is not set. Shopkeeper refuses to run in production without it, so that links sent to customers never take their host from a request: set it to the address customers open, e.g. https://clienteling.example.com.",
        });
      }
    }
    if (!env.SMTP_HOST) {
      for (const name of ["SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM"] as const) {
        if (env[name] !== undefined) ctx.addIssue({ code: "custom", path: [name], message: `${name} is set but SMTP_HOST is not: set SMTP_HOST to send email, or unset ${name}.` });
      }
    }
    // SMS needs both halves: one without the other would fail on every message.
    if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined)) {
      const [set, unset] = env.TWILIO_ACCOUNT_SID === undefined ? ["TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"] : ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"];
      ctx.addIssue({ code: "custom", path: [unset], message: `${set} is set but ${unset} is not: SMS needs both (Twilio Console, Account Info), or unset ${set}.` });
    }
    // Postmark's webhook URL carries both; one without the other would refuse every email.
    if ((env.INBOUND_EMAIL_WEBHOOK_USER === undefined) !== (env.INBOUND_EMAIL_WEBHOOK_PASSWORD === undefined)) {
      const [set, unset] = env.INBOUND_EMAIL_WEBHOOK_USER === undefined ? ["INBOUND_EMAIL_WEBHOOK_PASSWORD", "INBOUND_EMAIL_WEBHOOK_USER"] : ["INBOUND_EMAIL_WEBHOOK_USER", "INBOUND_EMAIL_WEBHOOK_PASSWORD"];
      ctx.addIssue({ code: "custom", path: [unset], message: `${set} is set but ${unset} is not: the email webhook needs both, or unset ${set}.` });
    }
    if (env.X_CLIENT_SECRET !== undefined && env.X_CLIENT_ID === undefined) {
      ctx.addIssue({ code: "custom", path: ["X_CLIENT_ID"], message: "X_CLIENT_SECRET is set but X_CLIENT_ID is not: set the Client ID that goes with it, or unset X_CLIENT_SECRET." });
    }
    if (env.SMTP_PASSWORD !== undefined && env.SMTP_USER === undefined) {
      ctx.addIssue({ code: "custom", path: ["SMTP_PASSWORD"], message: "SMTP_PASSWORD is set but SMTP_USER is not: set the user name that goes with it." });
    }
  })
  .transform((env) => ({
    ...env,
    DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE ?? 10,
    DATABASE_POOL_IDLE_SECONDS: env.DATABASE_POOL_IDLE_SECONDS ?? 300,
    PORT: env.PORT ?? 3000,
    SMTP_PORT: env.SMTP_PORT ?? 587,
    SMTP_FROM: env.SMTP_FROM ?? "Shopkeeper <no-reply@localhost>",
    TRUSTED_PROXIES: env.TRUSTED_PROXIES ?? [],
    TWILIO_BASE_URL: env.TWILIO_BASE_URL ?? "https://api.twilio.com",
    X_API_BASE_URL: env.X_API_BASE_URL ?? "https://api.x.com",
    X_AUTHORIZE_URL: env.X_AUTHORIZE_URL ?? "https://x.com/i/oauth2/authorize",
    INSTAGRAM_GRAPH_BASE_URL: env.INSTAGRAM_GRAPH_BASE_URL ?? "https://graph.facebook.com/v21.0",
  }));

/** The parsed settings: trimmed, blanks unset, numbers as numbers, defaults filled in. */
export type Settings = z.output<typeof settingsSchema>;

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: string[] };

let last: { key: string; result: SettingsResult } | null = null;

/** Checks every setting; each bad value gets its own sentence, naming the variable. */
export function parseSettings(env: Env = process.env): SettingsResult {
  const values = pick(env);
  // Read on every rate-limited request: parse again only when a value changed.
  const key = JSON.stringify(values);
  if (last?.key === key) return last.result;
  const parsed = settingsSchema.safeParse(values);
  const result: SettingsResult = parsed.success
    ? { ok: true, settings: Object.freeze(parsed.data) }
    : { ok: false, problems: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
  last = { key, result };
  return result;
}

export class InvalidSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Shopkeeper's settings need fixing:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidSettingsError";
  }
}

/**
 * The settings, read from the environment each time (a parse of a few strings),
 * so tests and a restarted server always see the current values. The server
 * checked them at start, so this throws only if the environment changed since.
 */
export function settings(env: Env = process.env): Settings {
  const result = parseSettings(env);
  if (!result.ok) throw new InvalidSettingsError(result.problems);
  return result.settings;
}

const NAMES = Object.keys(settingsSchema.in.shape);

function pick(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(NAMES.map((name) => [name, env[name]]));
}

export class MissingAuthSecretError extends Error {
  static readonly MESSAGE =
    "AUTH_SECRET is not set. Shopkeeper refuses to run in production without it: generate one with `openssl rand -base64 33` and set it in the environment.";
  constructor() {
    super(MissingAuthSecretError.MESSAGE);
    this.name = "MissingAuthSecretError";
  }
}

const secretSchema = z.string().min(MIN_AUTH_SECRET_LENGTH, `AUTH_SECRET must be at least ${MIN_AUTH_SECRET_LENGTH} characters long.`);

/**
 * The secret that signs staff sessions. Production must provide AUTH_SECRET.
 * Development and tests may omit it: a random secret is then generated once and
 * kept beside the database (data/ is git-ignored), so sessions survive restarts
 * and no two machines share a secret.
 */
export function resolveAuthSecret(source: NodeJS.ProcessEnv, dataDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "data")): string {
  const given = source.AUTH_SECRET?.trim();
  if (given) return secretSchema.parse(given);
  if (source.NODE_ENV === "production") throw new MissingAuthSecretError();

  const file = path.join(/*turbopackIgnore: true*/ dataDir, ".dev-auth-secret");
  try {
    return secretSchema.parse(fs.readFileSync(file, "utf8").trim());
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return secretSchema.parse(fs.readFileSync(file, "utf8").trim());
    }
  }
}
