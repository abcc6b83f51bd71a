import { getDb } from "@/db";
import { selectionForLink } from "@/lib/selections";
import { formatStoreDateTime } from "@/lib/store-hours";
import { ItemSummary } from "./item-summary";
import { SelectionItemAnswer } from "./selection-item";

/**
 * What the associate picked for her, when her link was sent with a selection:
 * each item in her size with the associate's line, and her answer (hold it,
 * not for me, ask), or the answer she already gave.
 */
export async function SelectionSection({ token, linkId, timeZone }: { token: string; linkId: string; timeZone: string }) {
  const selection = await selectionForLink(getDb(), { linkId });
  if (!selection) return null;
  const associate = selection.associateFirstName;
  return (
    <section aria-labelledby="selection-heading" className="space-y-3">
      <h2 id="selection-heading" className="text-lg font-semibold">
        Picked for you by {associate}
      </h2>
      <ul className="space-y-3">
        {selection.items.map((item) => (
          <li key={item.id} className="space-y-3 rounded-xl border border-line bg-white p-3">
            <div className="flex gap-4">
              <ItemSummary item={item} />
            </div>
            {item.line ? (
              <p className="rounded-lg bg-accent-soft px-3 py-2">
                <span className="font-medium">{associate}:</span> {item.line}
              </p>
            ) : null}
            <SelectionItemAnswer
              token={token}
              itemId={item.id}
              name={item.name}
              associate={associate}
              answered={item.response}
              reason={item.reason}
              heldUntil={item.response === "held" && item.holdExpiresAt && item.holdStatus === "active" ? formatStoreDateTime(item.holdExpiresAt, timeZone) : null}
              timeZone={timeZone}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
