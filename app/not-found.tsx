import "./globals.css";
import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-6">
      <div className="max-w-md text-center">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-muted">There is nothing at this address.</p>
        <Link href="/" className="mt-6 inline-flex h-12 items-center rounded-lg bg-accent px-5 font-medium text-white">
          Go to Shopkeeper
        </Link>
      </div>
    </main>
  );
}
