"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

const DEBOUNCE_MS = 200;

/** Finds as you type: the query lives in the URL (?q=), so back, reload and sharing work. */
export function SearchBox({ initialQuery }: { initialQuery: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [value, setValue] = useState(initialQuery);
  // The last query this box put in the URL, and the last one the page gave us.
  const [pushed, setPushed] = useState(initialQuery);
  const [seen, setSeen] = useState(initialQuery);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // The URL changed and not because of typing here (back, forward, a link):
  // show what the URL says.
  if (initialQuery !== seen) {
    setSeen(initialQuery);
    if (initialQuery !== pushed) setValue(initialQuery);
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  function navigate(query: string) {
    clearTimeout(timer.current);
    setPushed(query);
    const href = query.trim() ? `${pathname}?q=${encodeURIComponent(query)}` : pathname;
    startTransition(() => router.replace(href as Parameters<typeof router.replace>[0], { scroll: false }));
  }

  return (
    <form
      role="search"
      action={pathname}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(value);
      }}
    >
      <label htmlFor="customer-search" className="mb-2 block text-lg font-semibold">
        Search customers
      </label>
      <div className="relative">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="pointer-events-none absolute top-1/2 left-4 h-6 w-6 -translate-y-1/2 text-stone-400">
          <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="m20 20-3.5-3.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <input
          id="customer-search"
          name="q"
          type="search"
          value={value}
          onChange={(event) => {
            const query = event.target.value;
            setValue(query);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => navigate(query), DEBOUNCE_MS);
          }}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          autoFocus
          aria-describedby="customer-search-hint"
          className="block h-14 w-full rounded-xl border border-stone-300 bg-white pr-12 pl-13 text-lg shadow-xs outline-none focus:border-accent focus:ring-2 focus:ring-accent/30"
        />
        {pending ? (
          <span role="status" className="absolute top-1/2 right-4 -translate-y-1/2">
            <span className="sr-only">Searching…</span>
            <span aria-hidden="true" className="block h-5 w-5 animate-spin rounded-full border-2 border-stone-300 border-t-accent" />
          </span>
        ) : null}
      </div>
      <p id="customer-search-hint" className="mt-2 text-sm text-muted">
        Name in any order, email, phone number or social handle.
      </p>
    </form>
  );
}
