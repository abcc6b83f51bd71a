const ALPHA = ["XXS", "XS", "S", "M", "L", "XL", "XXL"];

/** Orders sizes the way a rail does: XS before S before M, 2 before 10. */
export function compareSizes(a: string, b: string): number {
  const ai = ALPHA.indexOf(a.toUpperCase());
  const bi = ALPHA.indexOf(b.toUpperCase());
  if (ai >= 0 && bi >= 0) return ai - bi;
  const an = Number.parseFloat(a);
  const bn = Number.parseFloat(b);
  if (!Number.isNaN(an) && !Number.isNaN(bn)) return an - bn;
  return a.localeCompare(b);
}
