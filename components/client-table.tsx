import Link from "next/link";
import type { Route } from "next";
import { CLIENT_FILTERS, CLIENT_SORTS, PAGE_SIZE, pageCount, type ClientListParams, type ClientSort, type listClients } from "@/lib/client-books";
import { describeDueDate } from "@/lib/dates";
import { formatRelative, plural } from "@/lib/format";
import { Badge } from "./ui/badge";
import { SelectAll } from "./select-all";
import { ScrollX } from "@/components/ui/scroll-x";

type Rows = Awaited<ReturnType<typeof listClients>>;

/** Builds the URL of the same list with some options changed (always back to page 1 unless a page is given). */
export function clientListHref(base: string, params: ClientListParams, change: Partial<ClientListParams>, extra: Record<string, string> = {}): Route {
  const next = { ...params, page: 1, ...change };
  const query = new URLSearchParams(extra);
  if (next.q) query.set("q", next.q);
  if (next.filter !== "all") query.set("filter", next.filter);
  if (next.sort !== "name") query.set("sort", next.sort);
  if (next.page > 1) query.set("page", String(next.page));
  const qs = query.toString();
  return (qs ? `${base}?${qs}` : base) as Route;
}

/**
 * The direction each sort really runs in, as listClients orders it: names
 * A–Z, last contact oldest first (never contacted before that), follow-ups
 * soonest first, holds and new posts most first.
 */
const SORT_DIRECTION: Record<ClientSort, "ascending" | "descending"> = {
  name: "ascending",
  last_contact: "ascending",
  next_follow_up: "ascending",
  open_holds: "descending",
  new_mentions: "descending",
};

function SortHeader({ label, sort, params, href }: { label: string; sort: ClientSort; params: ClientListParams; href: (c: Partial<ClientListParams>) => Route }) {
  const active = params.sort === sort;
  const direction = SORT_DIRECTION[sort];
  return (
    <th scope="col" aria-sort={active ? direction : undefined} className="px-3 py-2 text-left font-medium">
      <Link href={href({ sort })} className={`inline-flex h-10 items-center gap-1 rounded underline-offset-2 hover:underline ${active ? "text-ink" : "text-muted"}`} title={`Sort: ${CLIENT_SORTS[sort]}`}>
        {label}
        {active ? <span aria-hidden="true">{direction === "ascending" ? "↑" : "↓"}</span> : null}
      </Link>
    </th>
  );
}

/**
 * A client book as a table: filters, sortable columns, pages. With `formId`
 * each row gets a checkbox belonging to that form (bulk reassignment).
 */
export function ClientTable({ data, params, base, extra, today, now, formId, emptyText }: { data: Rows; params: ClientListParams; base: string; extra?: Record<string, string>; today: string; now: Date; formId?: string; emptyText: string }) {
  const href = (change: Partial<ClientListParams>) => clientListHref(base, params, change, extra);
  const pages = pageCount(data.total);
  const first = (params.page - 1) * PAGE_SIZE + 1;
  // The pages redirect past the end; should a page still come back empty (the
  // book shrank in between), say so rather than "101–60 of 60".
  const pastTheEnd = data.rows.length === 0 && data.total > 0;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Filter clients" className="flex flex-wrap gap-2">
          {Object.entries(CLIENT_FILTERS).map(([key, label]) => (
            <Link
              key={key}
              href={href({ filter: key as ClientListParams["filter"] })}
              aria-current={params.filter === key ? "page" : undefined}
              className="inline-flex h-10 items-center rounded-full border border-line bg-white px-4 text-sm font-medium hover:bg-stone-50 aria-[current=page]:border-accent aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent"
            >
              {label}
            </Link>
          ))}
        </nav>
        <form action={base} className="ml-auto flex items-center gap-2" role="search">
          {Object.entries(extra ?? {}).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          {params.filter !== "all" ? <input type="hidden" name="filter" value={params.filter} /> : null}
          {params.sort !== "name" ? <input type="hidden" name="sort" value={params.sort} /> : null}
          <label htmlFor="client-filter-q" className="sr-only">
            Find a client by name
          </label>
          <input id="client-filter-q" name="q" type="search" defaultValue={params.q} placeholder="Find by name" className="h-10 w-44 rounded-lg border border-stone-300 bg-white px-3 text-base" />
          <button type="submit" className="h-10 rounded-lg border border-line bg-white px-3 text-sm font-medium hover:bg-stone-50">
            Find
          </button>
        </form>
      </div>
      {pastTheEnd ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-6 text-muted">
          This page is past the end of the list.{" "}
          <Link href={href({ page: pages })} className="font-medium text-accent underline-offset-2 hover:underline">
            Go to the last page
          </Link>
        </p>
      ) : data.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-6 text-muted">{params.q || params.filter !== "all" ? "No clients match. Try another filter." : emptyText}</p>
      ) : (
        <ScrollX label="Clients">
          <table className="w-full text-base">
            <caption className="sr-only">Clients, {CLIENT_SORTS[params.sort].toLowerCase()}</caption>
            <thead className="border-b border-line bg-stone-50 text-sm">
              <tr>
                {formId ? (
                  <th scope="col" className="w-12 px-3 py-2 [&_input]:focus-visible:outline-3 [&_input]:focus-visible:outline-offset-2 [&_input]:focus-visible:outline-accent">
                    <SelectAll formId={formId} label="Select every client on this page" />
                  </th>
                ) : null}
                <SortHeader label="Client" sort="name" params={params} href={href} />
                <SortHeader label="Last contact" sort="last_contact" params={params} href={href} />
                <SortHeader label="Next follow-up" sort="next_follow_up" params={params} href={href} />
                <SortHeader label="Open holds" sort="open_holds" params={params} href={href} />
                <SortHeader label="New posts" sort="new_mentions" params={params} href={href} />
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {data.rows.map((c) => {
                const due = c.nextFollowUp ? describeDueDate(c.nextFollowUp, today) : null;
                return (
                  <tr key={c.id} className="hover:bg-stone-50">
                    {formId ? (
                      <td className="px-3 py-2">
                        <input type="checkbox" name="customerId" value={c.id} form={formId} aria-label={`Select ${c.firstName} ${c.lastName}`} className="h-5 w-5 accent-accent focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-accent" />
                      </td>
                    ) : null}
                    <td className="px-3 py-2">
                      <Link href={`/customers/${c.id}`} className="font-semibold text-accent underline-offset-2 hover:underline">
                        {c.firstName} {c.lastName}
                      </Link>
                      <span className="block max-w-64 truncate text-sm text-muted">{c.email ?? c.phone ?? ""}</span>
                    </td>
                    <td className="px-3 py-2 text-sm">{c.lastContactAt ? formatRelative(c.lastContactAt, now) : <span className="text-muted">Never</span>}</td>
                    <td className="px-3 py-2 text-sm">{due ? <Badge tone={due.state === "overdue" ? "bad" : due.state === "today" ? "warn" : "neutral"}>{due.label}</Badge> : <span className="text-muted">None</span>}</td>
                    <td className="px-3 py-2 text-sm tabular-nums">{c.openHolds || <span className="text-muted">0</span>}</td>
                    <td className="px-3 py-2 text-sm tabular-nums">{c.newMentions ? <Badge tone="warn">{c.newMentions} new</Badge> : <span className="text-muted">0</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollX>
      )}
      {data.total > 0 ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm text-muted">
          <span>{pastTheEnd ? plural(data.total, "client") : `${first}–${Math.min(first + data.rows.length - 1, data.total)} of ${plural(data.total, "client")}`}</span>
          <span className="flex gap-2">
            {params.page > 1 ? (
              <Link href={href({ page: params.page - 1 })} className="inline-flex h-10 items-center rounded-lg border border-line bg-white px-4 font-medium text-ink hover:bg-stone-50">
                Previous
              </Link>
            ) : null}
            {params.page < pages && !pastTheEnd ? (
              <Link href={href({ page: params.page + 1 })} className="inline-flex h-10 items-center rounded-lg border border-line bg-white px-4 font-medium text-ink hover:bg-stone-50">
                Next
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </div>
  );
}
