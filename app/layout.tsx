import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Shopkeeper", template: "%s · Shopkeeper" },
  description: "Know every customer who walks in.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#f7f5f2" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
