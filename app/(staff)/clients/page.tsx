import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { clientListParams, listClients, pageCount } from "@/lib/client-books";
import { localDate } from "@/lib/dates";
import { ClientTable, clientListHref } from "@/components/client-table";

export const metadata: Metadata = { title: "My clients" };

export default async function MyClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaff();
  const params = clientListParams.parse(await searchParams);
  const now = new Date();
  const today = localDate(now, me.storeTimezone);
  const data = await listClients(getDb(), { owner: { staffId: me.id }, now, today, params });
  // A page past the end (clients moved away, or an old link): show the last one instead.
  if (data.total > 0 && params.page > pageCount(data.total)) redirect(clientListHref("/clients", params, { page: pageCount(data.total) }));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">My clients</h1>
        <p className="text-muted">The customers you look after: who to call, what is on hold, who posted about the store.</p>
      </div>
      <ClientTable data={data} params={params} base="/clients" today={today} now={now} emptyText="No customers are assigned to you yet. Your manager assigns them." />
    </div>
  );
}
