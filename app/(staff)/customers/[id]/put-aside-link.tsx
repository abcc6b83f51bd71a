import Link from "next/link";

export function PutAsideLink({ customerId, productId, variantId, productName }: { customerId: string; productId: string; variantId?: string; productName: string }) {
  const query = new URLSearchParams({ product: productId, ...(variantId ? { variant: variantId } : {}) });
  return (
    <Link
      href={`/customers/${customerId}/hold?${query}`}
      aria-label={`Put aside ${productName}`}
      className="inline-flex h-10 shrink-0 items-center rounded-lg border border-line px-3 text-sm font-medium text-accent hover:bg-accent-soft"
    >
      Put aside
    </Link>
  );
}
