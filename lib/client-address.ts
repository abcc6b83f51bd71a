import { randomBytes, timingSafeEqual } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import net from "node:net";

// Which address a request came from, for rate limits. X-Forwarded-For is a
// list the client starts: anything left of the last hop our own proxies added
// may be made up. So the only address taken on trust is the socket's, and a
// proxy's word only when the socket (or the hop before) is a proxy the retailer
// listed in TRUSTED_PROXIES.
//
// Next's server puts the socket address into X-Forwarded-For only when the
// client sent none (base-server.js: `x-forwarded-for ??= socket.remoteAddress`),
// and hands route code nothing else of the socket. So, before Next sees a
// request, watchPeerAddresses() appends the socket address to the header, as a
// proxy would, and marks the request with a per-process secret that says the
// last hop is the socket's. This module stays free of "server-only": the
// server's instrumentation hook imports it.

const FORWARDED_FOR = "x-forwarded-for";
/** Says "the last X-Forwarded-For hop is this server's socket"; its value is a secret of this process. */
const STAMP = "x-shopkeeper-peer";

type Shared = { secret?: string; watching?: boolean };
// Shared through globalThis: the instrumentation hook and the routes are separate bundles in one process.
const shared = ((globalThis as { [key: symbol]: Shared })[Symbol.for("shopkeeper.client-address")] ??= {});
const stampSecret = () => (shared.secret ??= randomBytes(24).toString("base64url"));

type IncomingRequest = { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };

/** Appends the socket's address to X-Forwarded-For and marks the request as stamped. */
export function stampPeerAddress(request: IncomingRequest): void {
  const sent = [request.headers[FORWARDED_FOR]].flat().filter(Boolean).join(", ");
  const peer = request.socket.remoteAddress ?? "unknown";
  request.headers[FORWARDED_FOR] = sent ? `${sent}, ${peer}` : peer;
  request.headers[STAMP] = stampSecret();
}

/**
 * Stamps every request this process's HTTP server receives, before any
 * handler runs: Node publishes "http.server.request.start" just before it
 * emits the server's "request" event. Called once at start (instrumentation.ts).
 */
export function watchPeerAddresses(): void {
  if (shared.watching) return;
  shared.watching = true;
  subscribe("http.server.request.start", (message) => stampPeerAddress((message as { request: IncomingRequest }).request));
}

function isStamped(headers: Headers): boolean {
  const given = Buffer.from(headers.get(STAMP) ?? "");
  const expected = Buffer.from(stampSecret());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One hop as an address: without a port or brackets, IPv4-mapped IPv6 as IPv4. */
export function normalizeAddress(hop: string): string {
  let address = hop.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (address.startsWith("::ffff:") && net.isIPv4(address.slice(7))) address = address.slice(7);
  return address.slice(0, 64) || "unknown";
}

const trustCache = new Map<string, net.BlockList>();

function trustList(trustedProxies: readonly string[]): net.BlockList {
  const key = trustedProxies.join(",");
  let list = trustCache.get(key);
  if (!list) {
    list = new net.BlockList();
    for (const entry of trustedProxies) {
      const [address = "", bits] = entry.split("/");
      const type = net.isIPv6(address) ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    trustCache.clear();
    trustCache.set(key, list);
  }
  return list;
}

/**
 * The client's address: walking X-Forwarded-For from the right (the socket's
 * hop), skip hops that are trusted proxies and take the first that is not.
 * A request that was not stamped (no instrumentation hook ran: a test, or the
 * first instant of start-up) is "unknown", never a value the client wrote.
 */
export function clientAddressFrom(headers: Headers, trustedProxies: readonly string[]): string {
  if (!isStamped(headers)) return "unknown";
  const hops = (headers.get(FORWARDED_FOR) ?? "").split(",").map(normalizeAddress);
  const trusted = trustList(trustedProxies);
  for (let i = hops.length - 1; i > 0; i--) {
    const hop = hops[i]!;
    const family = net.isIP(hop);
    if (!family || !trusted.check(hop, family === 6 ? "ipv6" : "ipv4")) return hop;
  }
  return hops[0] ?? "unknown";
}
