import { describe, expect, it } from "vitest";
import { describeLinkState, generateLinkToken, hashLinkToken, isWellFormedToken, linkExpiry, linkState, MAX_LINK_DAYS } from "./link-tokens";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");

describe("link tokens", () => {
  it("are URL-safe, carry 256 bits and never repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateLinkToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(isWellFormedToken(token)).toBe(true);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("are stored as a hash that does not reveal the token", () => {
    const token = generateLinkToken();
    const hash = hashLinkToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashLinkToken(token)).toBe(hash);
    expect(hashLinkToken(generateLinkToken())).not.toBe(hash);
  });

  it("rejects anything not shaped like a token before it reaches the database", () => {
    expect(isWellFormedToken("")).toBe(false);
    expect(isWellFormedToken("a".repeat(42))).toBe(false);
    expect(isWellFormedToken(`${"a".repeat(42)}/`)).toBe(false);
    expect(isWellFormedToken("' or 1=1 --")).toBe(false);
  });

  it("expire with the last of their holds, and within 30 days at most", () => {
    expect(linkExpiry([new Date(now.getTime() + DAY), new Date(now.getTime() + 2 * DAY)], now)).toEqual(new Date(now.getTime() + 2 * DAY));
    expect(linkExpiry([new Date(now.getTime() + 90 * DAY)], now)).toEqual(new Date(now.getTime() + MAX_LINK_DAYS * DAY));
  });

  it("are active until they expire or are revoked", () => {
    const link = { expiresAt: new Date(now.getTime() + DAY), revokedAt: null };
    expect(linkState(link, now)).toBe("active");
    expect(linkState(link, new Date(now.getTime() + DAY))).toBe("expired");
    expect(linkState({ ...link, revokedAt: new Date(now.getTime() - 1) }, now)).toBe("revoked");
  });
});

describe("describeLinkState", () => {
  it("tells staff until when a link works, in the store's time, or that it no longer does", () => {
    const expiresAt = new Date("2026-11-25T22:00:00Z");
    expect(describeLinkState({ expiresAt, revokedAt: null }, now, "America/New_York")).toEqual({ label: "Link active until Wed, Nov 25, 5:00 PM", active: true });
    expect(describeLinkState({ expiresAt, revokedAt: now }, now, "America/New_York")).toEqual({ label: "Link revoked", active: false });
    expect(describeLinkState({ expiresAt, revokedAt: null }, new Date(expiresAt.getTime() + 1), "America/New_York")).toEqual({ label: "Link expired", active: false });
  });
});
