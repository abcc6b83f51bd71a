"use client";

import { useEffect, useState } from "react";
import { recentProfiles, type RecentProfile } from "@/lib/offline/device-store";
import { useOffline } from "@/components/offline/offline-provider";

const LINK = "flex min-h-12 items-center rounded-lg px-3 font-medium text-accent hover:bg-stone-50";

/** The pages and profiles kept on this tablet, read from the tablet itself so it works offline. */
export function SavedOnTablet() {
  const offline = useOffline();
  const [profiles, setProfiles] = useState<RecentProfile[] | null>(null);
  const [elsewhere, setElsewhere] = useState(false);
  useEffect(() => {
    const found = (list: RecentProfile[]) => {
      // Shown in place of another page the tablet did not keep.
      setElsewhere(window.location.pathname !== "/offline");
      setProfiles(list);
    };
    recentProfiles()
      .then(found)
      .catch(() => found([]));
  }, []);
  const online = offline?.online ?? true;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">{elsewhere ? "This page is not saved on this tablet" : "Saved on this tablet"}</h1>
      <p className="text-muted">
        {elsewhere
          ? "It opens again when the connection is back. Meanwhile, these work without it."
          : online
            ? "When the store's Wi-Fi drops, these still open, as they were when last refreshed. Notes, follow-ups, contacts and preferences you change meanwhile are sent when the connection is back."
            : "No connection. These open as they were when last refreshed."}
      </p>
      <nav aria-label="Saved pages" className="rounded-xl border border-line bg-white p-2">
        <a href="/today" className={LINK}>
          Today
        </a>
        <a href="/clients" className={LINK}>
          My clients
        </a>
        <a href="/holds" className={LINK}>
          Holds at your store
        </a>
      </nav>
      <section aria-labelledby="recent-heading" className="space-y-2">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Profiles you opened lately
        </h2>
        {profiles === null ? null : profiles.length === 0 ? (
          <p className="text-muted">None yet: a profile is kept once you open it with the connection on.</p>
        ) : (
          <ul className="divide-y divide-line rounded-xl border border-line bg-white">
            {profiles.map((p) => (
              <li key={p.customerId}>
                <a href={`/customers/${p.customerId}`} className={LINK}>
                  {p.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
