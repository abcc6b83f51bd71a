/** What the profile shows while its cards load. */
export function ProfileSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading customer" className="space-y-6">
      <div className="h-48 animate-pulse rounded-xl border border-line bg-white" />
      <div className="h-24 animate-pulse rounded-xl bg-accent-soft" />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="h-96 animate-pulse rounded-xl border border-line bg-white lg:col-span-3" />
        <div className="h-96 animate-pulse rounded-xl border border-line bg-white lg:col-span-2" />
      </div>
    </div>
  );
}
