import type { MetadataRoute } from "next";

/** Staff install Shopkeeper on the store's tablets from the browser's menu; it opens on Today, full screen. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Shopkeeper",
    short_name: "Shopkeeper",
    description: "Know every customer who walks in.",
    id: "/today",
    start_url: "/today",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#f7f5f2",
    theme_color: "#f7f5f2",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/app-icon/192", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/app-icon/512", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/app-icon/512?maskable=1", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
