"use client";

import { useEffect } from "react";

export default function StaffError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="mx-auto max-w-md rounded-xl border border-line bg-white px-6 py-10 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-muted">Nothing you saved was lost. Try again; if it keeps happening, tell your manager{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" onClick={reset} className="mt-6 inline-flex h-12 items-center rounded-lg bg-accent px-5 font-medium text-white">
        Try again
      </button>
    </div>
  );
}
