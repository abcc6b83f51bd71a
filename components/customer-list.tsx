import Link from "next/link";
import type { CustomerSummary } from "@/lib/customer-search";
import { formatPhone, formatRelative } from "@/lib/format";
import { Avatar } from "./ui/avatar";

export function CustomerList({ customers, now }: { customers: CustomerSummary[]; now: Date }) {
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
              <span className="block truncate text-sm text-muted">
                {[c.email, c.phone ? formatPhone(c.phone) : null].filter(Boolean).join(" · ")}
              </span>
            </span>
            <span className="hidden shrink-0 text-right text-sm leading-snug text-muted sm:block">
              <span className="block">
                {c.homeStoreName ?? "No home store"}
                {c.assignedStaffName ? ` · ${c.assignedStaffName}` : ""}
              </span>
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
