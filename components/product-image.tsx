// Product pictures are small SVGs served by this app (or a retailer's own URLs
// later); the image optimiser would add work for no gain.
/* eslint-disable @next/next/no-img-element */

const SIZES = { sm: "h-15 w-12", md: "h-20 w-16", lg: "h-30 w-24" } as const;

export function ProductImage({ src, alt, size = "sm" }: { src: string | null | undefined; alt: string; size?: keyof typeof SIZES }) {
  if (!src) return <span aria-hidden="true" className={`block shrink-0 rounded-md bg-stone-100 ${SIZES[size]}`} />;
  return <img src={src} alt={alt} loading="lazy" decoding="async" className={`block shrink-0 rounded-md bg-stone-100 object-cover ${SIZES[size]}`} />;
}
