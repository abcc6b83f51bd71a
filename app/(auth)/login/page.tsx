import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth";
import { Logo } from "@/components/logo";
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
  return (
    <main className="flex min-h-dvh items-center justify-center px-6 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <Logo className="h-12 w-12" />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Shopkeeper</h1>
          <p className="text-muted">Use your store email and password.</p>
        </div>
        <LoginForm callbackUrl={callbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
