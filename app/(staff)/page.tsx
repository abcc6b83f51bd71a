import { Suspense } from "react";
import type { Metadata } from "next";
import { getDb } from "@/db";
import { requireStaff, type StaffSession } from "@/lib/auth";
import { listClientBook, listRecentlyViewed, lookupCustomers, SEARCH_LIMIT, type LookupGroup, type RankedCustomer } from "@/lib/customer-search";
import { plural } from "@/lib/format";
import { CustomerList } from "@/components/customer-list";
import { SearchBox } from "@/components/search-box";
import { ListSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const me = await requireStaff();
  const { q } = await searchParams;
  const query = (typeof q === "string" ? q : "").slice(0, 100);
  return (
    <div className="space-y-8">
      <h1 className="sr-only">Customers</h1>
      <SearchBox initialQuery={query} />
      <div aria-live="polite" id="search-results">
        <Suspense key={query} fallback={<ListSkeleton rows={5} />}>
          {query.trim() ? <SearchResults query={query} me={me} /> : <StartLists me={me} />}
        </Suspense>
      </div>
    </div>
  );
}

async function SearchResults({ query, me }: { query: string; me: StaffSession }) {
  const { customers: results, closeMatches } = await lookupCustomers(getDb(), { query, staffId: me.id, storeId: me.storeId });
  if (results.length === 0) {
    return (
      <div data-query={query} className="rounded-xl border border-dashed border-stone-300 bg-white px-6 py-10 text-center">
        <p className="text-lg font-medium">No customer matches “{query.trim()}”.</p>
        <p className="mt-1 text-muted">Check the spelling, or try their email, phone number or social handle.</p>
      </div>
    );
  }
  const headings: Record<LookupGroup, string> = { own: "Your clients", store: me.storeName, other: "Other stores" };
  const groups = (["own", "store", "other"] as const)
    .map((group) => ({ group, customers: results.filter((c) => c.group === group) }))
    .filter((g) => g.customers.length > 0);
  const now = new Date();
  return (
    <section aria-labelledby="results-heading" data-query={query} className="space-y-6">
      {closeMatches ? (
        <div className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3">
          <h2 id="results-heading" className="font-medium">
            No exact match for “{query.trim()}”; showing close matches.
          </h2>
          <p className="mt-0.5 text-sm text-muted">Searched for {closeMatches.words.map((w) => `“${w}”`).join(" or ")}.</p>
        </div>
      ) : (
        <h2 id="results-heading" className="text-sm font-medium text-muted">
          {results.length === SEARCH_LIMIT ? `Top ${SEARCH_LIMIT} matches; type more to narrow down` : `${plural(results.length, "customer")} found`}
        </h2>
      )}
      {groups.map(({ group, customers }) => (
        <ResultGroup key={group} group={group} heading={headings[group]} customers={customers} now={now} viewer={{ storeName: me.storeName, staffName: me.name }} />
      ))}
    </section>
  );
}

function ResultGroup({ group, heading, customers, now, viewer }: { group: LookupGroup; heading: string; customers: RankedCustomer[]; now: Date; viewer: { storeName: string; staffName: string } }) {
  const id = `results-${group}`;
  return (
    <section aria-labelledby={id} data-group={group} className="space-y-2">
      <h3 id={id} className="text-lg font-semibold">
        {heading} <span className="font-normal text-muted">· {customers.length}</span>
      </h3>
      <CustomerList customers={customers} now={now} viewer={viewer} />
    </section>
  );
}

async function StartLists({ me }: { me: StaffSession }) {
  const db = getDb();
  const [recent, book] = await Promise.all([listRecentlyViewed(db, { staffId: me.id }), listClientBook(db, { staffId: me.id })]);
  const now = new Date();
  const viewer = { storeName: me.storeName, staffName: me.name };
  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <section aria-labelledby="recent-heading" className="space-y-3">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Recently viewed
        </h2>
        {recent.length ? <CustomerList customers={recent} now={now} viewer={viewer} /> : <Empty>Customers you open will be listed here.</Empty>}
      </section>
      <section aria-labelledby="book-heading" className="space-y-3">
        <h2 id="book-heading" className="text-lg font-semibold">
          Your client book <span className="font-normal text-muted">· {plural(book.total, "customer")}</span>
        </h2>
        {book.customers.length ? (
          <>
            <CustomerList customers={book.customers} now={now} viewer={viewer} />
            {book.total > book.customers.length ? (
              <p className="text-sm text-muted">
                Showing the first {book.customers.length} by surname. Search to find the others.
              </p>
            ) : null}
          </>
        ) : (
          <Empty>No customers are assigned to you yet.</Empty>
        )}
      </section>
    </div>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-6 text-muted">{children}</p>;
}
