import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { resolveAuthSecret } from "./env";

// Every email Shopkeeper sends a customer says Reply-To: reply+TOKEN@INBOUND_EMAIL_DOMAIN,
// so her answer comes back to her conversation with the store that wrote.
// TOKEN carries the customer's id and an HMAC over (customer id, store id):
// nobody can make one for another customer or store without AUTH_SECRET.
// It is lowercase base32 (mail systems may lowercase local parts) and the
// whole local part stays within 64 characters (RFC 5321).

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
/** 80 bits: a forger would need about 2^79 tries, each one an authenticated webhook post. */
const MAC_BYTES = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A lowercase UUID is packed into 16 bytes; any other id is kept as its UTF-8 bytes, up to this many. */
const MAX_RAW_ID_BYTES = 25;
const KIND_UUID = 1;
const KIND_RAW = 2;
export const REPLY_LOCAL_PREFIX = "reply+";

type Env = Readonly<Record<string, string | undefined>>;

/** The key for reply tokens, derived from AUTH_SECRET so it is never the session key itself. */
export function replyTokenKey(env: Env = process.env): Buffer {
  const secret = resolveAuthSecret(env as NodeJS.ProcessEnv);
  return Buffer.from(hkdfSync("sha256", secret, "shopkeeper", "email reply-to token v1", 32));
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

function mac(key: Buffer, customerId: string, storeId: string): Buffer {
  return createHmac("sha256", key).update(`${customerId}\u0000${storeId}`, "utf8").digest().subarray(0, MAC_BYTES);
}

function packId(customerId: string): Buffer | null {
  if (UUID.test(customerId)) return Buffer.concat([Buffer.from([KIND_UUID]), Buffer.from(customerId.replaceAll("-", ""), "hex")]);
  const raw = Buffer.from(customerId, "utf8");
  return raw.length <= MAX_RAW_ID_BYTES ? Buffer.concat([Buffer.from([KIND_RAW]), raw]) : null;
}

function unpackId(bytes: Buffer): string | null {
  if (bytes[0] === KIND_UUID && bytes.length === 17) {
    const hex = bytes.subarray(1).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (bytes[0] === KIND_RAW && bytes.length > 1 && bytes.length <= MAX_RAW_ID_BYTES + 1) return bytes.subarray(1).toString("utf8");
  return null;
}

/** The token for a customer's conversation with a store, or null for an id too long to fit an address (none of ours: they are UUIDs). */
export function replyToken({ customerId, storeId }: { customerId: string; storeId: string }, key: Buffer): string | null {
  const id = packId(customerId);
  return id ? base32(Buffer.concat([id, mac(key, customerId, storeId)])) : null;
}

/**
 * The conversation a token names: its customer, and which of `storeIds` it
 * was made for. Null for anything we did not make (a changed letter, another
 * key, a store not in the list). Case does not matter.
 */
export function readReplyToken(token: string, key: Buffer, storeIds: readonly string[]): { customerId: string; storeId: string } | null {
  if (token.length > 64 - REPLY_LOCAL_PREFIX.length) return null;
  const lower = token.toLowerCase();
  const bytes = fromBase32(lower);
  // Only the one spelling we make: the last letter's spare bits cannot vary.
  if (!bytes || bytes.length <= MAC_BYTES || base32(bytes) !== lower) return null;
  const customerId = unpackId(bytes.subarray(0, bytes.length - MAC_BYTES));
  if (!customerId) return null;
  const given = bytes.subarray(bytes.length - MAC_BYTES);
  // Stores are few: the one whose MAC matches is the one it was made for.
  const storeId = storeIds.find((id) => timingSafeEqual(given, mac(key, customerId, id)));
  return storeId ? { customerId, storeId } : null;
}

/** The domain replies come back to, or null when inbound email is not connected. */
export function inboundEmailDomain(env: Env = process.env): string | null {
  return env.INBOUND_EMAIL_DOMAIN?.trim().toLowerCase() || null;
}

/** reply+TOKEN@INBOUND_EMAIL_DOMAIN for this conversation, or null when replies by email are not connected. */
export function replyAddress(conversation: { customerId: string; storeId: string }, env: Env = process.env): string | null {
  const domain = inboundEmailDomain(env);
  if (!domain) return null;
  const token = replyToken(conversation, replyTokenKey(env));
  return token ? `${REPLY_LOCAL_PREFIX}${token}@${domain}` : null;
}

/** The token in reply+TOKEN@domain (our domain only), lowercased, or null. */
export function tokenInAddress(address: string, domain: string): string | null {
  const match = /^reply\+([a-z2-7]{1,58})@([^@\s]+)$/i.exec(address.trim());
  return match && match[2]!.toLowerCase() === domain.toLowerCase() ? match[1]!.toLowerCase() : null;
}
