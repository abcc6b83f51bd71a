import type { NextConfig } from "next";
import { DATA_CONTENT_SECURITY_POLICY, securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
  typedRoutes: true,
  // `npm test` type-checks everything (`npm run typecheck`, the same tsconfig and route types) before it
  // builds; it sets this so the build does not check the same files a second time. `npm run build` alone checks.
  typescript: { ignoreBuildErrors: process.env.SHOPKEEPER_TYPECHECKED === "1" },
  experimental: {
    // Customer CSV uploads (/store/import) take files up to 8 MB; the proxy reads at most 10 MB of a body.
    serverActions: { bodySizeLimit: "9mb" },
  },
  turbopack: {
    rules: {
      // The customer page's stylesheet goes inside its HTML rather than in a file of its own: on a
      // phone a separate file is one more round trip (over half a second on a slow network) before
      // anything paints. Only that page: inlineCss would put the whole stylesheet into every page's
      // HTML about three times (a <style>, and copies in the RSC payload for the page and for
      // global-error), 110 KB of Alicia's profile, which staff tablets would download on every
      // visit instead of caching one file.
      "*.inline-css": { loaders: ["./scripts/inline-css-loader.cjs"], type: "ecmascript" },
    },
  },
  async headers() {
    return [
      // Every response: no framing, no sniffing, HSTS, a referrer policy, no powerful features.
      { source: "/:path*", headers: securityHeaders({ production: process.env.NODE_ENV === "production" }) },
      // Route handlers answer data, never pages; pages get a policy with a nonce from proxy.ts.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: DATA_CONTENT_SECURITY_POLICY }] },
      // A customer's private page: never leak its address to other sites, never index it, never cache it.
      // Last, so its Referrer-Policy replaces the one above.
      {
        source: "/a/:token*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Cache-Control", value: "private, no-store" },
        ],
      },
      {
        source: "/c/:token*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Cache-Control", value: "private, no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
