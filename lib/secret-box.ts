// No "server-only" here: scripts/e2e-server.ts (which runs without the
// react-server condition) seals the e2e store's token with it. It reads no
// database and holds no secret of its own.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveAuthSecret } from "./env";

/** The secret box's purpose for the stores' social account tokens: a key of their own. */
export const SOCIAL_TOKEN_PURPOSE = "store-social-account-tokens";

/**
 * Secrets Shopkeeper must keep but never show (a store's access tokens on X
 * and Instagram), sealed with AES-256-GCM under a key derived from AUTH_SECRET
 * by HKDF. A stolen database copy without the server's settings reveals no
 * token; each `purpose` has a key of its own. Sealed text reads
 * "v1.<iv>.<tag>.<ciphertext>" (base64url).
 */
export function sealSecret(plain: string, purpose: string, env: NodeJS.ProcessEnv = process.env): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose, env), iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), sealed.toString("base64url")].join(".");
}

/** The secret, or null when it was sealed under another key or altered. */
export function openSecret(sealed: string, purpose: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose, env), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

function keyFor(purpose: string, env: NodeJS.ProcessEnv): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveAuthSecret(env), "shopkeeper-secret-box", `shopkeeper:${purpose}`, 32));
}
