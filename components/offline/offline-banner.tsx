"use client";

import { useEffect, useState } from "react";
import { clearDevice, keptAt } from "@/lib/offline/page-cache";
import { useOffline } from "./offline-provider";
import { QueuedList } from "./customer-offline";

function changesWord(n: number) {
  return n === 1 ? "1 change" : `${n} changes`;
}

/**
 * Under the header on every staff page: offline, with how many changes wait;
 * back online, what is being sent and what needs her.
 */
export function OfflineBanner() {
  const offline = useOffline();
  const [open, setOpen] = useState(false);
  const savedAt = useSavedAt(offline?.online ?? true);
  if (!offline) return null;
  const waiting = offline.changes.filter((c) => c.state === "waiting").length;
  const needsYou = offline.changes.filter((c) => c.state === "conflict" || c.state === "failed").length;
  if (offline.online && !waiting && !needsYou) return null;
  const text = !offline.online
    ? `Offline. Showing what this tablet saved${savedAt ? ` at ${savedAt}` : ""}. ${waiting ? `${changesWord(waiting)} waiting to send.` : "Changes you make are kept here until the connection is back."}`
    : needsYou
      ? `${changesWord(needsYou)} made offline ${needsYou === 1 ? "needs" : "need"} you.`
      : `Back online. Sending ${changesWord(waiting)}…`;
  const unsettled = offline.changes.filter((c) => c.state !== "done");
  return (
    <div role="status" id="offline-banner" className={`mb-6 rounded-xl border ${offline.online ? "border-amber-300 bg-amber-50" : "border-stone-700 bg-stone-800 text-white"}`}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-full ${offline.online ? "bg-amber-500" : "bg-red-400"}`} />
        <p className="min-w-0 flex-1">{text}</p>
        {unsettled.length ? (
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className={`h-10 rounded-lg px-3 text-sm font-medium ${offline.online ? "border border-line bg-white text-ink" : "border border-white/40"}`}>
            {open ? "Hide changes" : "Review changes"}
          </button>
        ) : null}
      </div>
      {open && unsettled.length ? (
        <div className="px-4 pb-3 text-ink">
          <QueuedList changes={unsettled} showCustomer />
        </div>
      ) : null}
    </div>
  );
}

/**
 * When the page on screen was kept, if it came from the tablet's copy: a page
 * opened without a connection. (One opened online and still on screen is
 * as fresh as its last update.)
 */
const LOADED_OFFLINE = typeof navigator !== "undefined" && !navigator.onLine;

function useSavedAt(online: boolean) {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  useEffect(() => {
    if (online) return;
    let current = true;
    // Loaded without a connection: the service worker served the tablet's copy.
    if (LOADED_OFFLINE) {
      void keptAt(window.location.pathname).then((at) => {
        if (current && at) setSavedAt(new Date(at).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }));
      });
    }
    return () => {
      current = false;
    };
  }, [online]);
  return online ? null : savedAt;
}

/**
 * In the header, always in view: offline, or changes waiting or needing her.
 * The banner at the top of the page says the rest.
 */
export function OfflinePill() {
  const offline = useOffline();
  if (!offline) return null;
  const waiting = offline.changes.filter((c) => c.state === "waiting").length;
  const needsYou = offline.changes.filter((c) => c.state === "conflict" || c.state === "failed").length;
  if (offline.online && !waiting && !needsYou) return null;
  const text = [offline.online ? null : "Offline", waiting ? `${waiting} waiting` : null, needsYou ? `${needsYou} to review` : null].filter(Boolean).join(" · ");
  return (
    <a href="#offline-banner" className="flex h-9 items-center gap-2 rounded-full border border-line bg-white px-3 text-sm font-medium whitespace-nowrap">
      <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${offline.online ? "bg-amber-500" : "bg-red-600"}`} />
      {text}
    </a>
  );
}

/**
 * Signing out clears the tablet of her data. Changes not yet sent would go
 * with it, so she is told first and decides.
 */
export function SignOutButton({ action, label, title }: { action: () => Promise<void>; label: React.ReactNode; title: string }) {
  const offline = useOffline();
  const [confirming, setConfirming] = useState(false);
  const unsent = (offline?.changes ?? []).filter((c) => c.state !== "done").length;
  async function signOut(formData: FormData) {
    if (unsent && !confirming) {
      setConfirming(true);
      return;
    }
    await clearDevice().catch(() => {});
    void formData;
    await action();
  }
  return (
    <form action={signOut} className="relative">
      <button type="submit" title={title} className="h-11 rounded-lg border border-line px-4 text-sm font-medium whitespace-nowrap hover:bg-stone-50">
        {label}
      </button>
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby="sign-out-warning"
          onKeyDown={(event) => {
            if (event.key === "Escape") setConfirming(false);
          }}
          className="absolute top-12 right-0 z-30 w-96 max-w-[calc(100vw-2rem)] space-y-3 rounded-xl border border-line bg-white p-4 text-ink shadow-lg">
          <p id="sign-out-warning">
            {changesWord(unsent)} made on this tablet {unsent === 1 ? "has" : "have"} not been sent. Signing out removes {unsent === 1 ? "it" : "them"} from the tablet for good.
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" autoFocus onClick={() => setConfirming(false)} className="h-11 rounded-lg border border-line px-4 font-medium hover:bg-stone-50">
              Stay signed in
            </button>
            <button type="submit" className="h-11 rounded-lg bg-red-700 px-4 font-medium text-white hover:bg-red-800">
              Sign out anyway
            </button>
          </div>
        </div>
      ) : null}
    </form>
  );
}
