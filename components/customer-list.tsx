import Link from "next/link";
import type { CustomerSummary } from "@/lib/customer-search";
import { describeOwner } from "@/lib/client-owner";
import { formatPhone, formatRelative } from "@/lib/format";
import { Avatar } from "./ui/avatar";

/** Customers as rows to tap. `viewer` is who is looking: their own clients' rows leave out the store and associate, which the list already says. */
export function CustomerList({ customers, now, viewer }: { customers: CustomerSummary[]; now: Date; viewer: { storeName: string; staffName: string } }) {
  const owner = (c: CustomerSummary) => describeOwner(c, viewer);
  return (
    <ul className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-white">
      {customers.map((c) => (
        <li key={c.id}>
          <Link
            href={`/customers/${c.id}`}
            className="flex min-h-18 items-center gap-4 px-4 py-3 transition hover:bg-stone-50 focus-visible:bg-stone-50"
          >
            <Avatar id={c.id} firstName={c.firstName} lastName={c.lastName} />
            <span className="min-w-0 flex-1">
              <span className="block truncate text-base font-semibold">
                {c.firstName} {c.lastName}
              </span>
              {c.email ? <span className="block truncate text-sm text-muted">{c.email}</span> : null}
              {c.phone ? <span className="block text-sm whitespace-nowrap text-muted tabular-nums">{formatPhone(c.phone)}</span> : null}
            </span>
            <span className="hidden shrink-0 text-right text-sm leading-snug text-muted sm:block">
              {owner(c) ? <span className="block">{owner(c)}</span> : null}
              <span className="block">{c.lastActivityAt ? `Active ${formatRelative(c.lastActivityAt, now)}` : "No activity yet"}</span>
            </span>
            <span aria-hidden="true" className="text-xl text-stone-400">
              ›
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
