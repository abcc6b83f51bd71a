import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
  typedRoutes: true,
  experimental: {
    // Customer CSV uploads (/store/import) take files up to 8 MB; the proxy reads at most 10 MB of a body.
    serverActions: { bodySizeLimit: "9mb" },
  },
  async headers() {
    // A customer's private page: never leak its address to other sites, never index it, never cache it.
    return [
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
