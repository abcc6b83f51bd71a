"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/store", label: "Dashboard" },
  { href: "/store/clients", label: "Client books" },
  { href: "/store/hours", label: "Hours" },
  { href: "/store/appointments", label: "Appointments" },
  { href: "/store/accounts", label: "Accounts" },
  { href: "/store/audit", label: "Audit" },
  { href: "/store/sources", label: "Event sources" },
  { href: "/store/import", label: "Import" },
] as const;

export function StoreTabs() {
  const path = usePathname();
  return (
    <nav aria-label="Store management" className="flex flex-wrap gap-1 rounded-xl border border-line bg-white p-1">
      {TABS.map(({ href, label }) => {
        const current = href === "/store" ? path === "/store" : path.startsWith(href);
        return (
          <Link key={href} href={href} aria-current={current ? "page" : undefined} className="inline-flex h-10 items-center rounded-lg px-3 text-sm font-medium text-muted hover:bg-stone-100 aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent">
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
