/**
 * Any address with nothing at it, and any notFound() without a not-found page
 * of its own.
 *
 * It brings its few styles itself, in a small <style>, and links no
 * stylesheet and no next/link: as every page's last not-found boundary, this
 * page is carried in every page's payload, and whatever it imports with it.
 * globals.css here made every page preload the staff stylesheet, and next/link
 * load the router's link code, the customer page included: two more requests
 * on a customer's phone before her page's scripts. The customer page's inline
 * stylesheet here would add 16 KB to every page's payload.
 *
 * The colours and fonts are app/theme.css's, written out: on an address with
 * nothing at it no stylesheet defines them.
 */
const STYLES = `body:has(.not-found){margin:0;background:#f7f5f2}
.not-found{display:flex;min-height:100dvh;align-items:center;justify-content:center;padding:0 1.5rem;text-align:center;color:#1c1917;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;line-height:1.5}
.not-found h1{margin:0;font-size:1.25rem;line-height:1.75rem;font-weight:600}
.not-found p{margin:.5rem 0 0;color:#57534e}
.not-found a{display:inline-flex;height:3rem;align-items:center;margin-top:1.5rem;padding:0 1.25rem;border-radius:.5rem;background:#1f3a5f;color:#fff;font-weight:500;text-decoration:none}
.not-found a:focus-visible{outline:3px solid #1f3a5f;outline-offset:2px}`;

export default function NotFound() {
  return (
    <main className="not-found">
      <style href="not-found" precedence="default">
        {STYLES}
      </style>
      <div>
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load is fine here; see above */}
        <a href="/">Go to Shopkeeper</a>
      </div>
    </main>
  );
}
