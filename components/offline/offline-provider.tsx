"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionState } from "@/lib/actions";
import type { OfflineChange, OfflineChangeInput } from "@/lib/offline/change-schema";
import { ChangeQueue, type QueuedChange } from "@/lib/offline/queue";
import { deviceQueueStore, getMeta, recentProfiles, setMeta } from "@/lib/offline/device-store";
import { sendChange } from "@/lib/offline/send-change";
import { ALWAYS_KEPT, clearDevice, keepPage, keptAt, profilePaths, servedOffline } from "@/lib/offline/page-cache";

/** A change as a form describes it; the queue adds its key, when it was made and what she saw. */
export type DraftChange = { summary: string; change: Record<string, unknown> & { kind: OfflineChange["kind"] } };

export interface CustomerBasis {
  customerId: string;
  customerName: string;
  assignedStaffId: string | null;
  preferencesUpdatedAt: number | null;
}

interface OfflineContextValue {
  staffId: string;
  online: boolean;
  changes: QueuedChange[];
  /** Keeps a change made without a connection; answers the form as the server would have. */
  queue(draft: DraftChange, basis: CustomerBasis): Promise<ActionState>;
  retry(seq: number): void;
  sendAnyway(seq: number): void;
  saveAsNewNote(seq: number): void;
  discard(seq: number): void;
}

const OfflineContext = createContext<OfflineContextValue | null>(null);

export function useOffline() {
  return useContext(OfflineContext);
}

/** Pages kept for all associates are fetched again when older than this; profiles are kept fresh on opening. */
const PAGE_FRESH_MS = 5 * 60 * 1000;
const PROFILE_FRESH_MS = 15 * 60 * 1000;
/** How often an open tablet looks for what to refresh and what to send. */
const TICK_MS = 60 * 1000;
/** After a send that did not get through while connected. */
const RETRY_AFTER_MS = 4_000;

/**
 * The change schema (and zod with it, 30 KB) is loaded only when needed, not
 * with every staff page; it is fetched once the service worker is in charge,
 * so the worker keeps the file for when the Wi-Fi drops.
 */
const loadSchema = () => import("@/lib/offline/change-schema");

export const QUEUED_MESSAGE = "Kept on this tablet. It will be sent when the connection is back.";

/**
 * The tablet's offline side, around every staff page: the service worker,
 * the pages kept for when the Wi-Fi drops, the queue of changes made
 * meanwhile and the banner that says so. Only in a production build: `next
 * dev` serves scripts whose names do not change when they do.
 */
export function OfflineProvider({ staffId, children }: { staffId: string; children: React.ReactNode }) {
  const router = useRouter();
  const [online, setOnline] = useState(true);
  const [changes, setChanges] = useState<QueuedChange[]>([]);
  const queueRef = useRef<ChangeQueue | null>(null);
  const ready = useRef<Promise<void> | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const replayRef = useRef<() => Promise<void>>(async () => {});

  const getQueue = useCallback(() => (queueRef.current ??= new ChangeQueue({ store: deviceQueueStore, send: sendChange })), []);

  const reload = useCallback(async () => {
    setChanges(await getQueue().list(staffId));
  }, [getQueue, staffId]);

  const signedOut = useCallback(async () => {
    // The server says this session has ended: nothing of hers stays on the tablet.
    await clearDevice();
    // A full load, so nothing of hers stays in this page's memory either.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
  }, []);

  const replay = useCallback(async () => {
    if (!navigator.onLine) return;
    await ready.current;
    const run = () => getQueue().replay(staffId);
    let report: Awaited<ReturnType<typeof run>>;
    try {
      // One tab sends at a time; the server's keys would keep a second from applying anything twice anyway.
      report = navigator.locks ? await navigator.locks.request("shopkeeper-offline-replay", run) : await run();
      await reload();
    } catch {
      // No IndexedDB here (a private window): nothing was kept, so nothing waits.
      return;
    }
    if (report.stoppedBy === "signed-out") return signedOut();
    if (report.applied) router.refresh();
    // Connected, yet a send did not get through (flaky Wi-Fi, a lost answer, a server restarting): try again shortly.
    if (report.stoppedBy && navigator.onLine) {
      clearTimeout(retryTimer.current);
      retryTimer.current = setTimeout(() => void replayRef.current(), RETRY_AFTER_MS);
    }
  }, [getQueue, staffId, reload, router, signedOut]);
  useEffect(() => {
    replayRef.current = replay;
  }, [replay]);

  // Whose tablet data this is: someone else's (signed out without the app, a revoked session) is removed first.
  useEffect(() => {
    ready.current = (async () => {
      try {
        const owner = await getMeta("staffId");
        if (owner && owner !== staffId) await clearDevice();
        await setMeta("staffId", staffId);
      } catch {
        // No IndexedDB (a private window): the app works, only not offline.
      }
    })();
    void ready.current.then(reload).catch(() => {});
  }, [staffId, reload]);

  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    const warm = () => void loadSchema().catch(() => {});
    if (navigator.serviceWorker.controller) {
      const idle = setTimeout(warm, 2_000);
      return () => clearTimeout(idle);
    }
    // Now in the worker's charge: the first copies worth keeping (refreshKept waits for this).
    const inCharge = () => {
      warm();
      void refreshKept(staffId);
    };
    navigator.serviceWorker.addEventListener("controllerchange", inCharge, { once: true });
    return () => navigator.serviceWorker.removeEventListener("controllerchange", inCharge);
  }, [staffId]);

  useEffect(() => {
    const update = () => {
      setOnline(navigator.onLine);
      if (navigator.onLine) void replay();
    };
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    // Another tab changed the queue.
    const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("shopkeeper-offline");
    channel?.addEventListener("message", () => void reload());
    const tick = setInterval(() => {
      if (navigator.onLine) void replay().then(() => refreshKept(staffId));
    }, TICK_MS);
    const first = setTimeout(() => void refreshKept(staffId), 3_000);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
      channel?.close();
      clearInterval(tick);
      clearTimeout(first);
    };
  }, [replay, reload, staffId]);

  const changed = useCallback(async () => {
    await reload();
    if (typeof BroadcastChannel !== "undefined") new BroadcastChannel("shopkeeper-offline").postMessage("changed");
  }, [reload]);

  const queue = useCallback(
    async (draft: DraftChange, basis: CustomerBasis): Promise<ActionState> => {
      const change = {
        // A hold keeps its form's key: if the attempt that failed did reach the server, the request returns that same hold.
        key: crypto.randomUUID(),
        ...draft.change,
        customerId: basis.customerId,
        madeAt: Date.now(),
        force: false,
        basis: draft.change.kind === "preferences.set" ? { assignedStaffId: basis.assignedStaffId, preferencesUpdatedAt: basis.preferencesUpdatedAt } : { assignedStaffId: basis.assignedStaffId },
      } as OfflineChangeInput;
      // The same check the server makes, when the tablet has it; the server checks again either way.
      const parsed = await loadSchema()
        .then(({ offlineChangeSchema }) => offlineChangeSchema.safeParse(change))
        .catch(() => null);
      if (parsed && !parsed.success) {
        // Field by field, as the online forms show them (zod's flattenError, without loading zod here).
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
        return { message: "Some details need a second look.", fieldErrors };
      }
      await ready.current;
      // Kept as written, not as parsed: the server parses it again when it arrives.
      await getQueue().add({ staffId, customerId: basis.customerId, customerName: basis.customerName, summary: draft.summary, change });
      await changed();
      // Connected after all (the server only failed to answer once): send it now.
      if (navigator.onLine) void replay();
      return { ok: true, message: QUEUED_MESSAGE };
    },
    [getQueue, staffId, changed, replay],
  );

  const act = useCallback(
    (what: (q: ChangeQueue, seq: number) => Promise<boolean>) => (seq: number) => {
      void (async () => {
        if (await what(getQueue(), seq)) {
          await changed();
          void replay();
        }
      })();
    },
    [getQueue, changed, replay],
  );

  const value = useMemo<OfflineContextValue>(
    () => ({
      staffId,
      online,
      changes,
      queue,
      retry: act((q, seq) => q.retry(staffId, seq)),
      sendAnyway: act((q, seq) => q.sendAnyway(staffId, seq)),
      saveAsNewNote: act((q, seq) => q.saveAsNewNote(staffId, seq)),
      discard: act((q, seq) => q.discard(staffId, seq)),
    }),
    [staffId, online, changes, queue, act],
  );

  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>;
}

let refreshing = false;

/**
 * Keeps the tablet's copies current while it is online: Today, her book, the
 * store's holds and the offline page when older than a few minutes, then the
 * profiles she opened lately, oldest copy first, a few at a time so a tablet
 * never floods the server.
 */
async function refreshKept(staffId: string) {
  if (refreshing || !navigator.onLine || typeof caches === "undefined" || !servedOffline()) return;
  refreshing = true;
  try {
    if ((await getMeta("staffId")) !== staffId) return;
    const now = Date.now();
    for (const path of ALWAYS_KEPT) {
      if (now - ((await keptAt(path)) ?? 0) < PAGE_FRESH_MS) continue;
      if ((await keepPage(path)) === "signed-out") {
        // The server no longer knows her: nothing of hers stays on the tablet.
        await clearDevice();
        return;
      }
    }
    const stale = [];
    for (const profile of await recentProfiles()) {
      const [page] = profilePaths(profile.customerId);
      const at = (await keptAt(page!)) ?? 0;
      if (now - at >= PROFILE_FRESH_MS) stale.push({ profile, at });
    }
    stale.sort((a, b) => a.at - b.at);
    for (const { profile } of stale.slice(0, 10)) for (const path of profilePaths(profile.customerId)) await keepPage(path);
  } catch {
    // Nothing kept this time; the next tick tries again.
  } finally {
    refreshing = false;
  }
}
