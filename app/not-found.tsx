import { CustomerPageStyle } from "./(public)/customer-page-style";

/**
 * Any address with nothing at it. Its few styles come inside the HTML, as the
 * customer page's do: a stylesheet imported here would be preloaded by every
 * page under the root layout (this page is their last not-found boundary),
 * one more request on a customer's phone before her page's scripts can load.
 * For the same reason its one link is a plain one: next/link here would put
 * the client router's link code into every page's scripts, the customer
 * page's included, though that page has no other use for it.
 */
export default function NotFound() {
  return (
    <>
      <CustomerPageStyle />
      <main className="flex min-h-dvh items-center justify-center px-6">
        <div className="max-w-md text-center">
          <h1 className="text-xl font-semibold">Page not found</h1>
          <p className="mt-2 text-muted">There is nothing at this address.</p>
          <a href="/" className="mt-6 inline-flex h-12 items-center rounded-lg bg-accent px-5 font-medium text-white">
            Go to Shopkeeper
          </a>
        </div>
      </main>
    </>
  );
}
