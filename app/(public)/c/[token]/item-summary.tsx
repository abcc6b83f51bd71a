import { formatMoney } from "@/lib/format";
import { ProductImage } from "@/components/product-image";

/** One item as her page shows it, held or picked for her: picture, name, colour and size, price, and what follows (`children`). */
export function ItemSummary({ item, children }: { item: { imageUrl: string | null; name: string; colour: string; size: string; priceCents: number }; children?: React.ReactNode }) {
  return (
    <>
      <ProductImage src={item.imageUrl} alt={item.name} size="lg" />
      <div className="min-w-0 space-y-1">
        <p className="font-medium leading-snug">{item.name}</p>
        <p className="text-muted">
          {item.colour} · Size {item.size}
        </p>
        <p className="font-medium">{formatMoney(item.priceCents)}</p>
        {children}
      </div>
    </>
  );
}
