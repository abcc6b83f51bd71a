"use client";

import { SubmitButton } from "@/components/ui/submit-button";

/** One match in a "link this post to…" list: what it is, and a Link button posting its ids. */
export function LinkChoice({ name, detail, fields, action }: { name: string; detail: string; fields: Record<string, string | null | undefined>; action: (data: FormData) => void }) {
  return (
    <li className="flex flex-wrap items-center gap-3 px-3 py-2">
      <span className="min-w-0 flex-1">
        <span className="block font-medium">{name}</span>
        <span className="block truncate text-sm text-muted">{detail}</span>
      </span>
      <form action={action}>
        {Object.entries(fields).map(([field, value]) => (value ? <input key={field} type="hidden" name={field} value={value} /> : null))}
        <SubmitButton variant="quiet" pendingLabel="Linking…" ariaLabel={`Link this post to ${name}`}>
          Link
        </SubmitButton>
      </form>
    </li>
  );
}
