import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readReplyToken, replyAddress, replyToken, replyTokenKey, tokenInAddress } from "./email-reply-address";

const SECRET = "test-secret-for-reply-tokens-0123456789abcdef";
const key = replyTokenKey({ AUTH_SECRET: SECRET });
const otherKey = replyTokenKey({ AUTH_SECRET: `${SECRET}-other` });

afterEach(() => vi.unstubAllEnvs());

describe("reply tokens", () => {
  const customerId = randomUUID();
  const storeId = randomUUID();
  const otherStore = randomUUID();

  it("name the customer and store they were made for, in lowercase base32 that fits an address", () => {
    const token = replyToken({ customerId, storeId }, key)!;
    expect(token).toMatch(/^[a-z2-7]+$/);
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(readReplyToken(token, key, [otherStore, storeId])).toEqual({ customerId, storeId });
    // Mail systems may change the case of the local part.
    expect(readReplyToken(token.toUpperCase(), key, [storeId])).toEqual({ customerId, storeId });
    // Ids that are not UUIDs fit too, up to 25 bytes; longer ones get no token.
    expect(readReplyToken(replyToken({ customerId: "cust-alicia", storeId }, key)!, key, [storeId])).toEqual({ customerId: "cust-alicia", storeId });
    expect(replyToken({ customerId: "x".repeat(26), storeId }, key)).toBeNull();
  });

  it("refuse any change, another store, and another key", () => {
    const token = replyToken({ customerId, storeId }, key)!;
    for (let i = 0; i < token.length; i++) {
      const swapped = token[i] === "a" ? "b" : "a";
      expect(readReplyToken(`${token.slice(0, i)}${swapped}${token.slice(i + 1)}`, key, [storeId])).toBeNull();
    }
    expect(readReplyToken(token, key, [otherStore])).toBeNull();
    expect(readReplyToken(token, otherKey, [storeId])).toBeNull();
    expect(readReplyToken(token.slice(0, -1), key, [storeId])).toBeNull();
    expect(readReplyToken(`${token}a`, key, [storeId])).toBeNull();
    expect(readReplyToken("not-base32!", key, [storeId])).toBeNull();
    expect(readReplyToken("", key, [storeId])).toBeNull();
    // Another customer's id with this token's MAC is refused.
    const forged = replyToken({ customerId: randomUUID(), storeId }, key)!.slice(0, 28) + token.slice(28);
    expect(readReplyToken(forged, key, [storeId])).toBeNull();
  });

  it("make the Reply-To address only when INBOUND_EMAIL_DOMAIN is set", () => {
    expect(replyAddress({ customerId, storeId }, { AUTH_SECRET: SECRET })).toBeNull();
    const address = replyAddress({ customerId, storeId }, { AUTH_SECRET: SECRET, INBOUND_EMAIL_DOMAIN: "Reply.Shop.Example" })!;
    expect(address).toMatch(/^reply\+[a-z2-7]+@reply\.shop\.example$/);
    expect(tokenInAddress(address.toUpperCase(), "reply.shop.example")).toBe(address.slice(6, address.indexOf("@")));
    expect(tokenInAddress(address, "elsewhere.example")).toBeNull();
    expect(tokenInAddress("store@reply.shop.example", "reply.shop.example")).toBeNull();
  });
});
