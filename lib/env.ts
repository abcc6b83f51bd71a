import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";

const secretSchema = z.string().min(32, "AUTH_SECRET must be at least 32 characters long.");

export class MissingAuthSecretError extends Error {
  constructor() {
    super(
      "AUTH_SECRET is not set. Shopkeeper refuses to run in production without it: generate one with `openssl rand -base64 33` and set it in the environment.",
    );
    this.name = "MissingAuthSecretError";
  }
}

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
