import { describe, expect, it } from "vitest";
import { linkBaseUrl } from "./public-url";

const forged = new Headers({ host: "shop.local:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });

describe("linkBaseUrl", () => {
  it("is PUBLIC_URL when set, without a trailing slash, whatever the request says", () => {
    expect(linkBaseUrl(forged, { PUBLIC_URL: "https://clienteling.example.com/", NODE_ENV: "production" })).toBe("https://clienteling.example.com");
  });

  it("never reads X-Forwarded-Host or X-Forwarded-Proto; outside production it falls back to the request's own Host", () => {
    expect(linkBaseUrl(forged, { NODE_ENV: "development" })).toBe("http://shop.local:3000");
    expect(linkBaseUrl(new Headers({ "x-forwarded-host": "evil.example" }), {})).toBe("http://localhost:3000");
    expect(linkBaseUrl(new Headers({ host: "[::1]:3000" }), {})).toBe("http://[::1]:3000");
  });

  it("refuses a Host header that is more than a host and port", () => {
    for (const host of ["evil.example/phish", "evil.example@x", "a b", "evil.example#", ""]) expect(linkBaseUrl(new Headers({ host }), {})).toBe("http://localhost:3000");
  });

  it("refuses to make links in production without PUBLIC_URL, and a PUBLIC_URL that is not a web address", () => {
    expect(() => linkBaseUrl(forged, { NODE_ENV: "production" })).toThrow(/PUBLIC_URL is not set/);
    expect(() => linkBaseUrl(forged, { PUBLIC_URL: "javascript:alert(1)" })).toThrow(/http\(s\) address/);
  });
});
