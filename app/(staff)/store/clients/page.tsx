import type { Metadata } from "next";
import type { Route } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requireManager } from "@/lib/auth";
import { UNASSIGNED_BOOK, clientListParams, listAssignableStaff, listClients, listStoreBooks, pageCount } from "@/lib/client-books";
import { localDate } from "@/lib/dates";
import { plural } from "@/lib/format";
import { ClientTable, clientListHref } from "@/components/client-table";
import { Badge } from "@/components/ui/badge";
import { ReassignForm } from "./reassign-form";

export const metadata: Metadata = { title: "Client books" };

const FORM_ID = "reassign-form";

export default async function ClientBooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireManager();
  const search = await searchParams;
  const params = clientListParams.parse(search);
  const bookParam = z.string().max(64).catch("").parse(Array.isArray(search.book) ? search.book[0] : (search.book ?? ""));
  const db = getDb();
  const now = new Date();
  const today = localDate(now, me.storeTimezone);
  const [books, people] = await Promise.all([listStoreBooks(db, { storeId: me.storeId, today }), listAssignableStaff(db, me.storeId)]);
  // Only this store's people and its unassigned pile can be opened here.
  const person = books.people.find((p) => p.id === bookParam);
  const selected = bookParam === UNASSIGNED_BOOK ? ({ kind: "unassigned" } as const) : person ? ({ kind: "person", person } as const) : null;
  const data = selected ? await listClients(db, { owner: selected.kind === "person" ? { staffId: selected.person.id } : { unassignedAt: me.storeId }, now, today, params }) : null;
  // A page past the end (the book shrank, or an old link): show the last one instead.
  if (data && data.total > 0 && params.page > pageCount(data.total)) redirect(clientListHref("/store/clients", params, { page: pageCount(data.total) }, { book: bookParam }));
  const bookHref = (book: string) => `/store/clients?book=${book}` as Route;

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[16rem_1fr]">
      <nav aria-label="Client books" className="overflow-hidden rounded-xl border border-line bg-white">
        <ul className="divide-y divide-line">
          {books.people.map((p) => (
            <li key={p.id}>
              <Link href={bookHref(p.id)} aria-current={selected?.kind === "person" && selected.person.id === p.id ? "page" : undefined} className="block px-4 py-3 hover:bg-stone-50 aria-[current=page]:bg-accent-soft">
                <span className="flex items-center justify-between gap-2 font-medium">
                  {p.name}
                  <span className="text-sm font-normal text-muted tabular-nums">{p.clients}</span>
                </span>
                <span className="flex flex-wrap gap-1.5 pt-1 text-sm text-muted">
                  {!p.active ? <Badge tone="bad">Left the store</Badge> : p.role === "manager" ? <span>Manager</span> : null}
                  {p.overdueFollowUps ? <Badge tone="warn">{plural(p.overdueFollowUps, "overdue follow-up")}</Badge> : null}
                  {p.newMentions ? <Badge tone="warn">{plural(p.newMentions, "new post")}</Badge> : null}
                </span>
              </Link>
            </li>
          ))}
          <li>
            <Link href={bookHref(UNASSIGNED_BOOK)} aria-current={selected?.kind === "unassigned" ? "page" : undefined} className="flex items-center justify-between gap-2 px-4 py-3 font-medium hover:bg-stone-50 aria-[current=page]:bg-accent-soft">
              Unassigned
              <span className="text-sm font-normal text-muted tabular-nums">{books.unassigned}</span>
            </Link>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="book-title" className="min-w-0 space-y-4">
        {selected && data ? (
          <>
            <div className="flex flex-wrap items-baseline justify-between gap-3">
              <h2 id="book-title" className="text-xl font-semibold">
                {selected.kind === "person" ? `${selected.person.name}’s clients` : "Customers nobody looks after yet"}
              </h2>
              <Link href={`/store/export/clients?book=${bookParam}` as Route} prefetch={false} className="text-sm font-medium text-accent underline-offset-2 hover:underline">
                Download CSV
              </Link>
            </div>
            <ReassignForm
              key={bookParam}
              formId={FORM_ID}
              people={people.filter((p) => selected.kind !== "person" || p.id !== selected.person.id)}
              leaving={selected.kind === "person" && !selected.person.active}
              book={{ key: bookParam, clients: selected.kind === "person" ? selected.person.clients : books.unassigned }}
            />
            <ClientTable data={data} params={params} base="/store/clients" extra={{ book: bookParam }} today={today} now={now} formId={FORM_ID} emptyText="This book is empty." />
          </>
        ) : (
          <div className="rounded-xl border border-line bg-white px-5 py-6">
            <h2 id="book-title" className="text-xl font-semibold">
              Client books at {me.storeName}
            </h2>
            <p className="mt-1 text-muted">
              {plural(books.people.reduce((n, p) => n + p.clients, 0), "customer")} assigned to {plural(books.people.filter((p) => p.clients > 0).length, "person", "people")}, {books.unassigned} not yet assigned. Choose a book to see its clients and move them.
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
