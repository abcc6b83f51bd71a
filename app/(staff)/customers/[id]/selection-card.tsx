import type { listSelections, SelectionItemView } from "@/lib/selections";
import { MAX_SELECTION_ITEMS } from "@/lib/selections";
import { formatMoney, formatRelative } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ProductImage } from "@/components/product-image";
import { FindForSelection, RemoveFromSelection, SEND_FORM_ID, SendSelectionForm } from "./selection-forms";
import type { linkChannels } from "./customer-link-card";

type Selections = Awaited<ReturnType<typeof listSelections>>;

/** Her answer to an item, as the associate reads it. */
function Answer({ item, now }: { item: SelectionItemView; now: Date }) {
  if (item.response === "held") {
    // What became of the hold since: picked up is the best answer of all.
    if (item.holdStatus === "picked_up") return <Badge tone="good">Held, then picked up</Badge>;
    if (item.holdStatus === "released") return <Badge>Held, then let go</Badge>;
    if (item.holdStatus === "expired" || (item.holdExpiresAt && item.holdExpiresAt <= now)) return <Badge>Held; the hold ended</Badge>;
    return <Badge tone="good">Holding it</Badge>;
  }
  if (item.response === "not_for_me") return <Badge tone="warn">{item.reason ? `Not for me: ${item.reason}` : "Not for me"}</Badge>;
  if (item.response === "asked") return <Badge tone="accent">{`Asked: ${item.reason ?? ""}`}</Badge>;
  return <Badge>Not answered yet</Badge>;
}

function ItemSummary({ item }: { item: SelectionItemView }) {
  return (
    <div className="flex min-w-0 flex-1 gap-3">
      <ProductImage src={item.imageUrl} alt="" />
      <div className="min-w-0">
        <p className="font-medium leading-snug">{item.name}</p>
        <p className="text-sm text-muted">
          {item.colour} · {item.size} · {formatMoney(item.priceCents)}
        </p>
      </div>
    </div>
  );
}

/**
 * A selection for her: the caller's unsent one (items from the suggestions or
 * found by name, each with a line of its own, then Send), and the ones sent
 * from this store with her answer per item, which the page's live refresh
 * brings in as she gives them.
 */
export function SelectionCard({
  customerId,
  firstName,
  selections,
  channels,
  now,
}: {
  customerId: string;
  firstName: string;
  selections: Selections;
  channels: ReturnType<typeof linkChannels>;
  now: Date;
}) {
  const items = selections.draft?.items ?? [];
  return (
    <Card title={`Selection for ${firstName}`} id="selection">
      <div className="space-y-5">
        <div>
          <h3 className="mb-2 text-sm font-semibold">
            Your selection <span className="font-normal text-muted">({items.length} of at most {MAX_SELECTION_ITEMS})</span>
          </h3>
          {items.length ? (
            <ul aria-label="Your selection" className="divide-y divide-line">
              {items.map((item) => (
                <li key={item.id} className="space-y-2 py-3">
                  <div className="flex items-start gap-3">
                    <ItemSummary item={item} />
                    <RemoveFromSelection customerId={customerId} itemId={item.id} label={item.name} />
                  </div>
                  <label htmlFor={`line-${item.id}`} className="block text-sm font-medium">
                    Your line for {item.name}
                  </label>
                  <input
                    id={`line-${item.id}`}
                    form={SEND_FORM_ID}
                    name={`line_${item.id}`}
                    defaultValue={item.line}
                    required
                    maxLength={200}
                    placeholder={`Why ${firstName} will like it`}
                    className="block h-12 w-full rounded-lg border border-stone-300 px-3 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none"
                  />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-muted">Nothing chosen yet. Add items from the suggestions, or find one below; only what is not on hold for {firstName} can go in.</p>
          )}
        </div>
        <FindForSelection customerId={customerId} />
        <SendSelectionForm customerId={customerId} firstName={firstName} channels={channels} items={items.length} />
        {selections.sent.map((s) => (
          <section key={s.id} aria-label={`Sent ${formatRelative(s.sentAt, now)}`} className="border-t border-line pt-3">
            <h3 className="mb-2 text-sm font-semibold">
              Sent by {s.staffName.split(" ")[0]} {formatRelative(s.sentAt, now)}
            </h3>
            <ul aria-label="Her answers" className="divide-y divide-line">
              {s.items.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-3 py-2">
                  <ItemSummary item={item} />
                  <Answer item={item} now={now} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Card>
  );
}
