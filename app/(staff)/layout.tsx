import "../globals.css";
import Link from "next/link";
import { requireStaff } from "@/lib/auth";
import { Logo } from "@/components/logo";
import { NoticeProvider } from "@/components/notices";
import { UNDO_OFFER_MS } from "@/lib/undo";
import { OfflineProvider } from "@/components/offline/offline-provider";
import { OfflineBanner, OfflinePill, SignOutButton } from "@/components/offline/offline-banner";
import { signOutAction, undoChangeAction } from "./actions";

const NAV = [
  { href: "/", label: "Customers" },
  { href: "/clients", label: "My clients" },
  { href: "/today", label: "Today" },
  { href: "/holds", label: "Holds" },
  { href: "/mentions", label: "Inbox" },
] as const;

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const me = await requireStaff();
  return (
    <OfflineProvider staffId={me.id}>
    <NoticeProvider undo={undoChangeAction} offerMs={UNDO_OFFER_MS}>
      <div className="min-h-dvh">
        <header className="sticky top-0 z-20 border-b border-line bg-white/95 backdrop-blur">
          <div className="mx-auto flex h-16 max-w-6xl items-center gap-4 px-4 sm:px-6">
            <Link href="/" aria-label="Shopkeeper, home" className="flex items-center gap-2.5 rounded-md font-semibold tracking-tight">
              <Logo />
              <span className="hidden text-lg xl:inline">Shopkeeper</span>
            </Link>
            <nav aria-label="Main" className="ml-2 flex items-center gap-0.5 lg:ml-4 lg:gap-1">
              {NAV.map(({ href, label }) => (
                <Link key={href} href={href} className="rounded-md px-2.5 py-2 text-base font-medium whitespace-nowrap text-ink hover:bg-stone-100">
                  {label}
                </Link>
              ))}
              {me.role === "manager" ? (
                <Link href="/store" className="rounded-md px-2.5 py-2 text-base font-medium whitespace-nowrap text-ink hover:bg-stone-100">
                  Store
                </Link>
              ) : null}
            </nav>
            <div className="ml-auto flex items-center gap-3">
              <OfflinePill />
              <p className="hidden text-right text-sm leading-tight lg:block">
                <span className="block font-medium">{me.name}</span>
                <span className="text-muted">
                  {me.storeName} · {me.role === "manager" ? "Manager" : "Associate"}
                </span>
              </p>
              <SignOutButton
                action={signOutAction}
                title={`Signed in as ${me.name}, ${me.storeName}`}
                label={
                  <>
                    Sign out<span className="lg:hidden"> {me.firstName}</span>
                  </>
                }
              />
            </div>
          </div>
        </header>
        {/* Room below the last row for the notice area. */}
        <main className="mx-auto max-w-6xl px-4 pt-6 pb-28 sm:px-6">
          <OfflineBanner />
          {children}
        </main>
      </div>
    </NoticeProvider>
    </OfflineProvider>
  );
}
