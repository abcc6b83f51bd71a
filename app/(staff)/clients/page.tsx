import type { Metadata } from "next";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth";
import { clientListParams, listClients } from "@/lib/client-books";
import { localDate } from "@/lib/dates";
import { ClientTable } from "@/components/client-table";

export const metadata: Metadata = { title: "My clients" };

export default async function MyClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaff();
  const params = clientListParams.parse(await searchParams);
  const now = new Date();
  const today = localDate(now, me.storeTimezone);
  const data = await listClients(getDb(), { owner: { staffId: me.id }, now, today, params });
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
