import type { Metadata, Viewport } from "next";
import { connection } from "next/server";

export const metadata: Metadata = {
  title: { default: "Shopkeeper", template: "%s · Shopkeeper" },
  description: "Know every customer who walks in.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#f7f5f2" };

// No stylesheet here: staff pages link globals.css (their layouts import it, and
// a browser keeps it between pages); the customer page carries its own inside
// its HTML (app/(public)/layout.tsx).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next can put this response's CSP nonce
  // (proxy.ts) on its scripts; a page built ahead of time would carry none.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
