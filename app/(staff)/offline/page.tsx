import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth";
import { SavedOnTablet } from "./saved-on-tablet";

export const metadata: Metadata = { title: "Saved on this tablet" };

/**
 * What the tablet keeps for when the store's Wi-Fi drops. The service worker
 * also shows this page, offline, in place of a page that was not kept.
 */
export default async function OfflinePage() {
  await requireStaff();
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <SavedOnTablet />
    </div>
  );
}
