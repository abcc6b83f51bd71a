import type { Metadata, Route } from "next";
import Link from "next/link";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { customers, staff } from "@/db/schema";
import { requireManager } from "@/lib/auth";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS, auditActionLabel } from "@/lib/audit-actions";
import { actorWithoutStaff, AUDIT_PAGE_SIZE, auditParams, describeDetail, listAudit, type AuditParams } from "@/lib/audit-view";
import { ScrollX } from "@/components/ui/scroll-x";

export const metadata: Metadata = { title: "Audit" };

function auditHref(params: AuditParams, change: Partial<AuditParams>): Route {
  const next = { ...params, page: 1, ...change };
  const query = new URLSearchParams();
  for (const key of ["staff", "customer", "action", "from", "to"] as const) if (next[key]) query.set(key, next[key]);
  if (next.page > 1) query.set("page", String(next.page));
  const qs = query.toString();
  return (qs ? `/store/audit?${qs}` : "/store/audit") as Route;
}

const SELECT = "mt-1 block h-11 w-full rounded-lg border border-stone-300 bg-white px-3 text-base";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireManager();
  const search = await searchParams;
  const params = auditParams.parse(Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const db = getDb();
  const [people, page, filteredCustomer] = await Promise.all([
    db.select({ id: staff.id, name: staff.name, active: staff.active }).from(staff).where(eq(staff.storeId, me.storeId)).orderBy(asc(staff.name)),
    listAudit(db, { storeId: me.storeId, timeZone: me.storeTimezone, params }),
    params.customer
      ? db
          .select({ firstName: customers.firstName, lastName: customers.lastName })
          .from(customers)
          .where(eq(customers.id, params.customer))
          .limit(1)
          .then(([row]) => row)
      : undefined,
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const when = (d: Date) => d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: me.storeTimezone });
  const exportQuery = auditHref(params, { page: 1 }).replace("/store/audit", "");
  const first = (params.page - 1) * AUDIT_PAGE_SIZE + 1;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <div>
          <h2 className="text-xl font-semibold">Who viewed or changed which customer</h2>
          <p className="text-muted">Everything done at {me.storeName}, newest first.</p>
        </div>
        <a href={`/store/export/audit${exportQuery}`} download className="text-sm font-medium text-accent underline-offset-2 hover:underline">
          Download these entries (CSV)
        </a>
      </div>

      <form action="/store/audit" className="grid items-end gap-3 rounded-xl border border-line bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
        {params.customer ? <input type="hidden" name="customer" value={params.customer} /> : null}
        <label className="block text-sm font-medium">
          Associate
          <select name="staff" defaultValue={params.staff} className={SELECT}>
            <option value="">Everyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.active ? "" : " (left)"}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Action
          <select name="action" defaultValue={params.action} className={SELECT}>
            <option value="">Any action</option>
            {AUDIT_ACTION_GROUPS.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.actions.map((action) => (
                  <option key={action} value={action}>
                    {AUDIT_ACTIONS[action]}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          From
          <input type="date" name="from" defaultValue={params.from} className={SELECT} />
        </label>
        <label className="block text-sm font-medium">
          To
          <input type="date" name="to" defaultValue={params.to} className={SELECT} />
        </label>
        <div className="flex gap-2">
          <button type="submit" className="h-11 flex-1 rounded-lg bg-accent px-4 font-medium text-white hover:bg-accent-strong">
            Filter
          </button>
          <Link href="/store/audit" className="inline-flex h-11 items-center rounded-lg border border-line px-4 font-medium hover:bg-stone-50">
            Clear
          </Link>
        </div>
      </form>

      {params.customer ? (
        <p className="flex flex-wrap items-center gap-2">
          <span className="rounded-full bg-accent-soft px-3 py-1 font-medium text-accent">
            Customer: {filteredCustomer ? `${filteredCustomer.firstName} ${filteredCustomer.lastName}` : "no longer on file"}
          </span>
          {filteredCustomer ? (
            <Link href={`/customers/${params.customer}`} className="text-sm font-medium text-accent underline-offset-2 hover:underline">
              Open profile
            </Link>
          ) : null}
          <Link href={auditHref(params, { customer: "" })} className="text-sm font-medium text-muted underline-offset-2 hover:underline">
            Show all customers
          </Link>
        </p>
      ) : null}

      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white px-4 py-6 text-muted">Nothing was recorded that matches these filters.</p>
      ) : (
        <ScrollX label="Audit entries">
          <table className="w-full text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead className="border-b border-line bg-stone-50 text-left">
              <tr>
                <th scope="col" className="px-3 py-2.5 font-medium">When</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Who</th>
                <th scope="col" className="px-3 py-2.5 font-medium">What</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Customer</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {page.rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">{when(row.at)}</td>
                  <td className="px-3 py-2.5">{row.staff?.name ?? <span className="text-muted">{actorWithoutStaff(row.action)}</span>}</td>
                  <td className="px-3 py-2.5">{auditActionLabel(row.action)}</td>
                  <td className="px-3 py-2.5">
                    {row.customer ? (
                      <Link href={auditHref(params, { customer: row.customer.id })} className="font-medium text-accent underline-offset-2 hover:underline" title="Show only this customer">
                        {row.customer.firstName} {row.customer.lastName}
                      </Link>
                    ) : (
                      <span className="text-muted">–</span>
                    )}
                  </td>
                  <td className="max-w-72 truncate px-3 py-2.5 text-muted">{describeDetail(row, names, me.storeTimezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm text-muted">
        <span>{page.rows.length ? `Entries ${first}–${first + page.rows.length - 1}` : ""}</span>
        <span className="flex gap-2">
          {params.page > 1 ? (
            <Link href={auditHref(params, { page: params.page - 1 })} className="inline-flex h-10 items-center rounded-lg border border-line bg-white px-4 font-medium text-ink hover:bg-stone-50">
              Newer
            </Link>
          ) : null}
          {page.hasMore ? (
            <Link href={auditHref(params, { page: params.page + 1 })} className="inline-flex h-10 items-center rounded-lg border border-line bg-white px-4 font-medium text-ink hover:bg-stone-50">
              Older
            </Link>
          ) : null}
        </span>
      </nav>
    </div>
  );
}
