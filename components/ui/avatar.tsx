import { initials } from "@/lib/format";

const TONES = ["bg-sky-100 text-sky-900", "bg-amber-100 text-amber-900", "bg-emerald-100 text-emerald-900", "bg-rose-100 text-rose-900", "bg-indigo-100 text-indigo-900", "bg-stone-200 text-stone-800"];

/** Initials on a soft colour that stays the same for the same customer. */
export function Avatar({ id, firstName, lastName, size = "md" }: { id: string; firstName: string; lastName: string; size?: "md" | "lg" }) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const dimensions = size === "lg" ? "h-16 w-16 text-xl" : "h-11 w-11 text-base";
  return (
    <span aria-hidden="true" className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold ${dimensions} ${TONES[hash % TONES.length]}`}>
      {initials(firstName, lastName)}
    </span>
  );
}
