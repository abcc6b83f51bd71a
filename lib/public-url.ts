import { z } from "zod";

const publicUrl = z.url({ protocol: /^https?$/, message: "PUBLIC_URL must be an http(s) address, e.g. https://clienteling.example.com." });
// A host name or IPv4 address, or a bracketed IPv6 address, and an optional port: nothing else may reach a link.
const hostHeader = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The base of links that leave the shop (private links to customers, the
 * event endpoints shown to managers): PUBLIC_URL, and only PUBLIC_URL in
 * production. X-Forwarded-Host and X-Forwarded-Proto are never read: any
 * client can send them, and a link built from them would point wherever the
 * client chose. Outside production, without PUBLIC_URL, the request's own
 * Host header is enough for a developer's machine.
 */
export function linkBaseUrl(requestHeaders: Pick<Headers, "get">, env: Record<string, string | undefined> = process.env): string {
  const configured = env.PUBLIC_URL?.trim();
  if (configured) return publicUrl.parse(configured).replace(/\/+$/, "");
  if (env.NODE_ENV === "production") throw new Error("PUBLIC_URL is not set: links to customers cannot be made. Set it to the address customers open, e.g. https://clienteling.example.com.");
  const host = requestHeaders.get("host");
  return `http://${host && hostHeader.test(host) ? host : "localhost:3000"}`;
}
