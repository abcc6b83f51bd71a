export function ListSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div aria-hidden="true" className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-white">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-4 px-4 py-4">
          <span className="h-11 w-11 animate-pulse rounded-full bg-stone-200" />
          <span className="flex-1 space-y-2">
            <span className="block h-4 w-1/3 animate-pulse rounded bg-stone-200" />
            <span className="block h-3 w-1/2 animate-pulse rounded bg-stone-100" />
          </span>
        </div>
      ))}
    </div>
  );
}
