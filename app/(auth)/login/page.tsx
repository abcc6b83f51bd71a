import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getStaff } from "@/lib/auth";
import { DEMO_DATA_COMMAND, hasStaffAccounts } from "@/lib/first-run";
import { Logo } from "@/components/logo";
import { ClearTablet } from "@/components/offline/clear-tablet";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

/** Auth.js hands over an absolute callbackUrl; keep only its path so it stays on this site. */
function callbackPath(value: string | string[] | undefined): string {
  if (typeof value !== "string") return "/";
  try {
    const url = new URL(value, "http://localhost");
    return url.pathname.startsWith("//") ? "/" : `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getStaff()) redirect("/");
  const { callbackUrl } = await searchParams;
  const empty = !(await hasStaffAccounts(getDb()));
  return (
    <main className="flex min-h-dvh items-center justify-center px-6 py-12">
      <ClearTablet />
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <Logo className="h-12 w-12" />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Shopkeeper</h1>
          <p className="text-muted">Use your store email and password.</p>
        </div>
        {empty ? (
          <div role="status" className="mb-5 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
            <p className="font-medium">No one can sign in yet: this database has no staff accounts.</p>
            <p className="mt-1">
              To try Shopkeeper with the demo store, run <code className="rounded bg-white px-1 py-0.5 font-mono">{DEMO_DATA_COMMAND}</code> with the same database settings, then sign in as
              maya@shop.example with the password shopkeeper.
            </p>
          </div>
        ) : null}
        <LoginForm callbackUrl={callbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
