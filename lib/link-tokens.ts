import { createHash, randomBytes } from "node:crypto";
import { dateFormat } from "./dates";

/** 256 bits of randomness: far beyond the 128 bits a guessable-link attack would need to beat. */
const TOKEN_BYTES = 32;
export const MAX_LINK_DAYS = 30;
const DAY = 86_400_000;

/** A new private-link token, URL-safe. Only its hash is ever stored. */
export function generateLinkToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** SHA-256 of the token, hex. Tokens are random, so no salt or slow hash is needed to resist guessing. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Shape check before any database work: anything else is answered like an unknown link. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** A link lives as long as the last of its holds, and never more than 30 days. */
export function linkExpiry(holdExpiries: Date[], createdAt: Date): Date {
  const cap = createdAt.getTime() + MAX_LINK_DAYS * DAY;
  const last = Math.max(...holdExpiries.map((d) => d.getTime()), createdAt.getTime());
  return new Date(Math.min(last, cap));
}

export type LinkState = "active" | "expired" | "revoked";

export function linkState(link: { expiresAt: Date; revokedAt: Date | null }, now = new Date()): LinkState {
  if (link.revokedAt && link.revokedAt <= now) return "revoked";
  return link.expiresAt > now ? "active" : "expired";
}

/** What staff see of a sent link (never the link): "Link active until Tue, Dec 1, 5:00 PM", in the store's time. */
export function describeLinkState(link: { expiresAt: Date; revokedAt: Date | null }, now: Date, timeZone: string): { label: string; active: boolean } {
  const state = linkState(link, now);
  if (state === "revoked") return { label: "Link revoked", active: false };
  if (state === "expired") return { label: "Link expired", active: false };
  const until = dateFormat("en-US", { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }).format(link.expiresAt);
  return { label: `Link active until ${until}`, active: true };
}
