// The shape of a source write key, with no database: shared by lib/source-keys
// and by scripts that plant a known key (scripts/e2e-server.ts runs without the
// react-server condition, so it cannot import a "server-only" module).
import { createHash, randomBytes } from "node:crypto";

const PREFIX = "shk_";
const KEY_PATTERN = /^shk_[A-Za-z0-9_-]{43}$/;
/** Enough to tell keys apart in a list; far too little to guess the rest. */
const DISPLAY_LENGTH = PREFIX.length + 8;

/** "shk_" and 256 random bits, URL-safe. Only its hash is ever stored. */
export function generateWriteKey(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

/** SHA-256, hex. Keys are random, so no salt or slow hash is needed to resist guessing. */
export function hashWriteKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function writeKeyPrefix(key: string): string {
  return key.slice(0, DISPLAY_LENGTH);
}

export function isWellFormedWriteKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/**
 * The key from `Authorization: Basic base64(key:)`, as Segment's libraries send
 * it (the key is the username, the password is empty). A missing colon is
 * accepted as Segment does. Null for anything else.
 */
export function writeKeyFromAuthorization(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const key = colon === -1 ? decoded : decoded.slice(0, colon);
  return isWellFormedWriteKey(key) ? key : null;
}

/** The header a client sends for a key; for scripts and tests. */
export function basicAuthorization(key: string): string {
  return `Basic ${Buffer.from(`${key}:`, "utf8").toString("base64")}`;
}
