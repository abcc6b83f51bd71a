import Link from "next/link";
import { settings } from "@/lib/env";

/** The retailer's name over the store's, as on a customer's page, so she knows whose page this is. */
export function PublicHeader({ store }: { store: string | null }) {
  const retailer = settings().RETAILER_NAME;
  return (
    <p className="flex flex-col items-start border-b border-line pb-3">
      <span className="font-serif text-xl tracking-[0.18em] text-ink uppercase">{retailer ?? store ?? "Book a visit"}</span>
      {retailer && store ? <span className="text-sm text-muted">{store}</span> : null}
    </p>
  );
}

/** A calm page for an address that opens nothing: an unknown store, a wrong or old link, or too many tries. */
export function NothingHere({ title, text, phone }: { title: string; text: string; phone?: string | null }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 py-12 text-center">
      <div className="mb-8 flex justify-center [&>p]:items-center [&>p]:border-none">
        <PublicHeader store={null} />
      </div>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-muted">{text}</p>
      {phone ? (
        <a href={`tel:${phone}`} className="mt-6 inline-flex h-12 items-center justify-center rounded-lg bg-accent px-5 font-medium text-white">
          Call the store
        </a>
      ) : null}
      <Link href="/book" className="mt-4 inline-flex h-12 items-center justify-center font-medium text-accent underline">
        Book a visit at one of our stores
      </Link>
    </main>
  );
}
