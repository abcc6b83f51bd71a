"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { clearDevice } from "@/lib/offline/page-cache";
import { useOffline } from "@/components/offline/offline-provider";

/**
 * Bursts of changes (a batch of events) cause one refresh, not one each. While
 * changes keep coming (an import, a busy hour), the gap between refreshes grows
 * up to the maximum, so many open tablets do not re-render non-stop; a quiet
 * moment resets it.
 */
const MIN_REFRESH_GAP_MS = 500;
const MAX_REFRESH_GAP_MS = 2_000;
/** Short drops (a server restart, the tablet waking up) pass without a word. */
const SHOW_PAUSED_AFTER_MS = 10_000;
/** When the server answered with an error, the browser gives up: try again ourselves. */
const REOPEN_DELAYS_MS = [3_000, 10_000, 30_000, 60_000];

const TEXT_ENTRY = "textarea, select, input:not([type=checkbox], [type=radio], [type=button], [type=submit], [type=reset], [type=hidden])";

function isTypingInForm(element: Element | null): boolean {
  return element instanceof HTMLElement && element.matches(TEXT_ENTRY) && element.closest("form") !== null;
}

function changeKind(event: Event): string {
  try {
    return String((JSON.parse((event as MessageEvent<string>).data) as { kind?: unknown }).kind ?? "");
  } catch {
    return "";
  }
}

/**
 * Keeps an open page current: listens to /api/live for changes on these
 * topics (`customer:<id>`, `store:<id>`) and re-renders the page's server
 * components when one arrives. Shows nothing unless updates stop for a while.
 */
export function LiveRefresh({
  topics,
  kinds,
  since,
}: {
  topics: string[];
  /** Only these kinds of change matter to this page (all when absent). */
  kinds?: string[];
  /** When the server rendered the page (ms): anything saved after it arrives as soon as the stream opens. */
  since?: number;
}) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const offlineState = useOffline();
  const [signedOut, setSignedOut] = useState(false);
  const query = topics.join(",");
  const wanted = kinds?.join(",") ?? "";
  // Only the first render's time matters: later renders come from our own refreshes.
  const [renderedAt] = useState(since);

  useEffect(() => {
    let disposed = false;
    let source: EventSource | null = null;
    let connectedBefore = false;
    let failures = 0;
    let owed = false;
    let lastRefreshAt = 0;
    let gap = MIN_REFRESH_GAP_MS;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let pausedTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;

    // Refreshing while someone types is safe (React keeps what was typed) but
    // can shift the page under their finger; a hidden tab need not render at all.
    // Both wait: focusout and visibilitychange try again.
    const busy = () => document.hidden || isTypingInForm(document.activeElement);

    function flush() {
      refreshTimer = undefined;
      if (disposed || !owed || busy()) return;
      const now = Date.now();
      const wait = lastRefreshAt + gap - now;
      if (wait > 0) {
        refreshTimer = setTimeout(flush, wait);
        return;
      }
      gap = now - lastRefreshAt < 2 * gap ? Math.min(2 * gap, MAX_REFRESH_GAP_MS) : MIN_REFRESH_GAP_MS;
      owed = false;
      lastRefreshAt = now;
      router.refresh();
    }

    function requestRefresh() {
      owed = true;
      if (refreshTimer === undefined) flush();
    }

    function retryLater() {
      // After focusout the next element has not been focused yet: look once it has.
      if (refreshTimer === undefined) refreshTimer = setTimeout(flush, 0);
    }

    function showSignedOut() {
      if (disposed) return;
      source?.close();
      clearTimeout(pausedTimer);
      clearTimeout(reopenTimer);
      setPaused(false);
      setSignedOut(true);
      // Nothing of hers stays on the tablet once her session has ended.
      void clearDevice().catch(() => {});
    }

    function connect() {
      const url = `/api/live?topics=${encodeURIComponent(query)}`;
      const current = new EventSource(`${url}${renderedAt && !connectedBefore ? `&since=${renderedAt}` : ""}`);
      source = current;
      current.addEventListener("open", () => {
        failures = 0;
        clearTimeout(pausedTimer);
        pausedTimer = undefined;
        setPaused(false);
        // Whatever changed while we were disconnected was not sent: catch up once.
        if (connectedBefore) requestRefresh();
        connectedBefore = true;
      });
      current.addEventListener("change", (event) => {
        if (wanted && !wanted.split(",").includes(changeKind(event))) return;
        requestRefresh();
      });
      // The session ended (signed out on another device, account deactivated): the server's last word.
      current.addEventListener("signed-out", showSignedOut);
      current.addEventListener("error", () => {
        pausedTimer ??= setTimeout(() => setPaused(true), SHOW_PAUSED_AFTER_MS);
        if (current.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
        current.close();
        // The server refused the stream, and EventSource does not say why: ask once
        // more, reading only the status. 401 means signed out, so say that rather
        // than "reconnecting" forever; anything else, try again later.
        const probe = new AbortController();
        fetch(url, { cache: "no-store", signal: probe.signal })
          .then((response) => {
            probe.abort();
            if (response.status === 401) showSignedOut();
          })
          .catch(() => {});
        const delay = REOPEN_DELAYS_MS[Math.min(failures, REOPEN_DELAYS_MS.length - 1)];
        failures += 1;
        reopenTimer = setTimeout(connect, delay);
      });
    }

    connect();
    document.addEventListener("focusout", retryLater);
    document.addEventListener("visibilitychange", retryLater);
    return () => {
      disposed = true;
      source?.close();
      clearTimeout(refreshTimer);
      clearTimeout(pausedTimer);
      clearTimeout(reopenTimer);
      document.removeEventListener("focusout", retryLater);
      document.removeEventListener("visibilitychange", retryLater);
    };
  }, [query, wanted, renderedAt, router]);

  // Nothing to see while updates flow; a small note only when they have stopped for a while.
  if (signedOut) {
    // Only ever rendered in the browser (the state changes after the page loads), so location is there.
    const here = `${window.location.pathname}${window.location.search}`;
    return (
      <p role="status" className="fixed bottom-4 left-4 z-30 flex items-center gap-2 rounded-full border border-line bg-white px-3 py-1.5 text-sm text-muted shadow-sm">
        <span aria-hidden="true" className="h-2 w-2 rounded-full bg-red-600" />
        You are signed out, so this page no longer updates.{" "}
        <a href={`/login?callbackUrl=${encodeURIComponent(here)}`} className="font-medium text-accent underline-offset-2 hover:underline">
          Sign in again
        </a>
      </p>
    );
  }
  // Offline, the banner under the header already says so.
  return paused && offlineState?.online !== false ? (
    <p role="status" className="fixed bottom-4 left-4 z-30 flex items-center gap-2 rounded-full border border-line bg-white px-3 py-1.5 text-sm text-muted shadow-sm">
      <span aria-hidden="true" className="h-2 w-2 rounded-full bg-amber-500" />
      Live updates paused — reconnecting…
    </p>
  ) : null;
}
