import Link from "next/link";

export default function CustomerNotFound() {
  return (
    <div className="mx-auto max-w-md rounded-xl border border-line bg-white px-6 py-10 text-center">
      <h1 className="text-xl font-semibold">No such customer</h1>
      <p className="mt-2 text-muted">The link may be old, or the customer was removed.</p>
      <Link href="/" className="mt-6 inline-flex h-12 items-center rounded-lg bg-accent px-5 font-medium text-white">
        Search customers
      </Link>
    </div>
  );
}
