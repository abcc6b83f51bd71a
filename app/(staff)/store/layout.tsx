import { requireManager } from "@/lib/auth";
import { StoreTabs } from "./store-tabs";

/** The manager's part of the app. Each page and action checks the role again itself. */
export default async function StoreLayout({ children }: { children: React.ReactNode }) {
  const me = await requireManager();
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{me.storeName}</h1>
        <StoreTabs />
      </div>
      {children}
    </div>
  );
}
