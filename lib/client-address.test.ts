import { describe, expect, it } from "vitest";
import { clientAddressFrom, normalizeAddress, stampPeerAddress } from "./client-address";

/** Headers as a route sees them after the server stamped a request from `peer`. */
function received(peer: string | undefined, forwardedFor?: string | string[]): Headers {
  const request = { headers: { "x-forwarded-for": forwardedFor } as Record<string, string | string[] | undefined>, socket: { remoteAddress: peer } };
  stampPeerAddress(request);
  return new Headers(request.headers as Record<string, string>);
}

describe("clientAddressFrom", () => {
  it("uses the socket's address when no proxy is trusted", () => {
    expect(clientAddressFrom(received("198.51.100.7"), [])).toBe("198.51.100.7");
    expect(clientAddressFrom(received("198.51.100.7", "203.0.113.1"), [])).toBe("198.51.100.7");
    expect(clientAddressFrom(received("::ffff:198.51.100.7", ["203.0.113.1", "203.0.113.2"]), [])).toBe("198.51.100.7");
  });

  it("walks back over trusted proxies to the first hop that is not one", () => {
    const trusted = ["10.0.0.0/8", "fd00::/8"];
    expect(clientAddressFrom(received("10.0.0.2", "203.0.113.1, 198.51.100.7"), trusted)).toBe("198.51.100.7");
    expect(clientAddressFrom(received("10.0.0.2", "203.0.113.1, 198.51.100.7, 10.1.2.3"), trusted)).toBe("198.51.100.7");
    expect(clientAddressFrom(received("fd00::2", "[2001:db8::1]:443"), trusted)).toBe("2001:db8::1");
    // A made-up value between the proxies is where the walk stops, not a pass to go further left.
    expect(clientAddressFrom(received("10.0.0.2", "198.51.100.7, not-an-address"), trusted)).toBe("not-an-address");
    // Straight from a trusted proxy (its health check): the proxy itself.
    expect(clientAddressFrom(received("10.0.0.2"), trusted)).toBe("10.0.0.2");
    // The same chain from an untrusted socket: that socket.
    expect(clientAddressFrom(received("198.51.100.9", "203.0.113.1, 10.0.0.3"), trusted)).toBe("198.51.100.9");
  });

  it("does not believe a stamp the client wrote itself", () => {
    expect(clientAddressFrom(new Headers({ "x-forwarded-for": "203.0.113.1", "x-shopkeeper-peer": "made-up" }), [])).toBe("unknown");
    const stamped = received("198.51.100.7", "203.0.113.1");
    stamped.set("x-shopkeeper-peer", `${stamped.get("x-shopkeeper-peer")}x`);
    expect(clientAddressFrom(stamped, [])).toBe("unknown");
  });

  it("normalizes ports, brackets and IPv4-mapped addresses", () => {
    expect(normalizeAddress(" 198.51.100.7:5123 ")).toBe("198.51.100.7");
    expect(normalizeAddress("[2001:DB8::1]:80")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeAddress("")).toBe("unknown");
  });
});
