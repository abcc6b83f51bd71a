import { getDb } from "@/db";
import { selectionCredits } from "@/lib/selections";
import { formatMoney } from "@/lib/format";

/**
 * What followed the selections each associate sent, for the dashboard's
 * period: her page opened, holds she placed from it, purchases of a selected
 * product within 30 days. Everything counts for whoever sent the selection.
 */
export async function SelectionCredits({ storeId, from, to }: { storeId: string; from: Date; to: Date }) {
  const rows = await selectionCredits(getDb(), { storeId, from, to });
  return (
    <section aria-labelledby="selection-credits" className="space-y-3">
      <h2 id="selection-credits" className="text-lg font-semibold">
        Selections
      </h2>
      {rows.length ? (
        <div className="overflow-x-auto rounded-xl border border-line bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">What followed each associate&apos;s selections</caption>
            <thead className="border-b border-line text-sm text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Associate</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Sent</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Views</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Holds</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Purchases</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Value</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map((r) => (
                <tr key={r.staffId}>
                  <th scope="row" className="px-4 py-2 font-medium">{r.name}</th>
                  <td className="px-4 py-2 text-right tabular-nums">{r.sent}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.views}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.holds}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.purchases}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatMoney(r.purchaseCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-muted">No selections were sent, opened or answered in this period.</p>
      )}
      <p className="text-sm text-muted">Views are opens of her page after it was sent; holds are those she placed from it; purchases are of a selected product by her within 30 days. Each counts for the associate who sent the selection, on the day it happened.</p>
    </section>
  );
}
