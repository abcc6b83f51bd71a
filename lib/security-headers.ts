// The security headers every response carries. next.config.ts sends the fixed
// ones on every path (API and static files included); proxy.ts adds each page's
// Content-Security-Policy with a fresh nonce, which Next puts on its own
// scripts while rendering (node_modules/next/dist/docs/01-app/02-guides/
// content-security-policy.md). No "server-only" here: next.config.ts imports it.

export type Header = { key: string; value: string };

/** 128 random bits, base64: unguessable, and new for every page. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * A page's policy. Scripts run only with this response's nonce (and what those
 * scripts load: 'strict-dynamic'); `next dev` also needs eval for React's
 * debugging and a WebSocket for hot reload. Styles allow inline: the customer
 * page's stylesheet is a <style> inside it (app/(public)/layout.tsx, so its
 * first paint waits for no second file), and charts and a few widths are
 * `style=` attributes, which a nonce cannot cover. Styles cannot run code, so
 * script-src stays nonce-only. Images are our own files, plus data: and blob:.
 * No <base>, no plugins, forms post only here, and no site may frame us.
 */
export function pageContentSecurityPolicy({ nonce, development = false }: { nonce: string; development?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    // The staff app's service worker (/sw.js): named here, since 'strict-dynamic' leaves script-src no 'self' to fall back on.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For responses that are data, not pages (route handlers, redirects): nothing may load, nothing may frame them. */
export const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** No feature the shop floor uses asks for these; a framed or injected page cannot either. */
export const PERMISSIONS_POLICY = "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/** Headers for every response. HSTS only from a production build: `next dev` runs on plain http://localhost. */
export function securityHeaders({ production }: { production: boolean }): Header[] {
  return [
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
