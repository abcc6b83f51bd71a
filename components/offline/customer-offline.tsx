"use client";

import { createContext, useCallback, useContext, useEffect } from "react";
import type { ActionState } from "@/lib/actions";
import { rememberProfile } from "@/lib/offline/device-store";
import { forgetPages, keepPage, keptAt, profilePaths, servedOffline } from "@/lib/offline/page-cache";
import type { QueuedChange } from "@/lib/offline/queue";
import { useOffline, type CustomerBasis, type DraftChange } from "./offline-provider";

const CustomerContext = createContext<CustomerBasis | null>(null);

/** Opening a profile online keeps it for offline use, unless the kept copy is this fresh. */
const KEEP_AGAIN_AFTER_MS = 60 * 1000;

/**
 * Around a customer's pages (profile, preferences): what the tablet saw of
 * her, for changes made offline to carry (the server compares it with what
 * stands when they arrive), and a note that she was opened, so her profile is
 * kept for when the Wi-Fi drops.
 */
export function CustomerOffline({ basis, keep = false, children }: { basis: CustomerBasis; keep?: boolean; children: React.ReactNode }) {
  const offline = useOffline();
  const online = offline?.online ?? true;
  const { customerId, customerName } = basis;
  useEffect(() => {
    if (!keep || !online || process.env.NODE_ENV !== "production") return;
    let stopped = false;
    const keepCopy = async () => {
      if (stopped || Date.now() - ((await keptAt(profilePaths(customerId)[0]!)) ?? 0) < KEEP_AGAIN_AFTER_MS) return;
      for (const path of profilePaths(customerId)) await keepPage(path);
    };
    const inCharge = () => void keepCopy().catch(() => {});
    const timer = setTimeout(async () => {
      try {
        const dropped = await rememberProfile({ customerId, name: customerName, openedAt: Date.now() });
        await forgetPages(dropped.flatMap(profilePaths));
        // Fetched for keeping only where the service worker can serve it offline: on a new
        // tablet, once the worker takes charge of this page.
        if (servedOffline()) await keepCopy();
        else navigator.serviceWorker?.addEventListener("controllerchange", inCharge, { once: true });
      } catch {
        // Not kept this time (no storage, the connection went); the next opening tries again.
      }
    }, 1_500);
    return () => {
      stopped = true;
      clearTimeout(timer);
      navigator.serviceWorker?.removeEventListener("controllerchange", inCharge);
    };
  }, [keep, online, customerId, customerName]);
  return <CustomerContext.Provider value={basis}>{children}</CustomerContext.Provider>;
}

function isNetworkFailure(error: unknown) {
  return !navigator.onLine || error instanceof TypeError;
}

/**
 * A form's server action that, without a connection, keeps the change on the
 * tablet instead (lib/offline/queue.ts). `describe` turns the form into the
 * change; null means this form cannot work offline.
 */
export function useQueueingAction<S extends ActionState>(action: (previous: S, data: FormData) => Promise<S>, describe: (data: FormData) => DraftChange | null) {
  const offline = useOffline();
  const basis = useContext(CustomerContext);
  return useCallback(
    async (previous: S, data: FormData): Promise<S> => {
      const queueInstead = async () => {
        const draft = offline && basis ? describe(data) : null;
        if (!draft || !offline || !basis) return { message: "This needs the connection. Try again when it is back." } as S;
        return (await offline.queue(draft, basis)) as S;
      };
      if (!navigator.onLine) return queueInstead();
      try {
        return await action(previous, data);
      } catch (error) {
        if (isNetworkFailure(error)) return queueInstead();
        throw error;
      }
    },
    [action, describe, offline, basis],
  );
}

export function useCustomerBasis() {
  return useContext(CustomerContext);
}

/** Where a queued change stands, in words. */
export function stateLabel(change: QueuedChange, online: boolean) {
  switch (change.state) {
    case "waiting":
      return online ? "Sending…" : "Waiting to send";
    case "done":
      return "Sent";
    case "conflict":
      return "Needs you";
    case "failed":
      return "Not sent";
  }
}

/**
 * On the profile: that the page is the tablet's copy and from when, what
 * waits for the connection, and this customer's changes kept on the tablet.
 */
export function CustomerOfflineStatus({ renderedAt, firstName }: { renderedAt: number; firstName: string }) {
  const offline = useOffline();
  const basis = useCustomerBasis();
  const online = offline?.online ?? true;
  const mine = (offline?.changes ?? []).filter((c) => c.customerId === basis?.customerId);
  if (online && mine.length === 0) return null;
  return (
    <section aria-labelledby="on-tablet-heading" className="space-y-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3">
      {online ? (
        <h2 id="on-tablet-heading" className="font-semibold">
          Kept on this tablet
        </h2>
      ) : (
        <>
          <h2 id="on-tablet-heading" className="font-semibold">
            {/* Only ever shown in the browser (offline is known after the page loads), so the tablet's clock and zone format it. */}
            Offline: {firstName}&apos;s profile as of {new Date(renderedAt).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })}
          </h2>
          <p className="text-sm">
            Notes, follow-ups, logged contacts and preferences are kept on this tablet and sent when the connection is back. A hold becomes a request, placed if a unit is still free
            then. Texts, emails, replies, links and moving clients wait for the connection.
          </p>
        </>
      )}
      {mine.length ? <QueuedList changes={mine} /> : null}
    </section>
  );
}

/** Changes kept on the tablet, each with where it stands and what can be done about it. */
export function QueuedList({ changes, showCustomer = false }: { changes: QueuedChange[]; showCustomer?: boolean }) {
  const offline = useOffline();
  if (!offline) return null;
  return (
    <ul className="divide-y divide-amber-200 rounded-lg border border-amber-200 bg-white">
      {changes.map((change) => (
        <li key={change.seq} className="space-y-2 px-3 py-2" data-queued-state={change.state}>
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <span className="min-w-0">
              {showCustomer ? <span className="font-medium">{change.customerName}: </span> : null}
              {change.summary}
            </span>
            <span className={`text-sm font-medium ${change.state === "done" ? "text-emerald-800" : change.state === "waiting" ? "text-amber-900" : "text-red-700"}`}>
              {stateLabel(change, offline.online)}
            </span>
          </div>
          {change.message && change.state !== "waiting" ? <p className="text-sm">{change.message}</p> : null}
          {change.state === "conflict" || change.state === "failed" ? (
            <div className="flex flex-wrap gap-2">
              {change.state === "conflict" && change.code === "note_locked" ? (
                <QueueButton onClick={() => offline.saveAsNewNote(change.seq)}>Save as a new note</QueueButton>
              ) : change.state === "conflict" ? (
                <QueueButton onClick={() => offline.sendAnyway(change.seq)}>Send anyway</QueueButton>
              ) : (
                <QueueButton onClick={() => offline.retry(change.seq)}>Retry</QueueButton>
              )}
              <QueueButton quiet onClick={() => offline.discard(change.seq)}>
                Discard
              </QueueButton>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function QueueButton({ children, onClick, quiet = false }: { children: React.ReactNode; onClick: () => void; quiet?: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className={`h-10 rounded-lg px-3 text-sm font-medium ${quiet ? "border border-line bg-white text-ink hover:bg-stone-50" : "bg-accent text-white hover:bg-accent-strong"}`}
    >
      {children}
    </button>
  );
}

/**
 * Around controls that need the server right away (sending a text, a link,
 * releasing a hold): disabled while offline, with a word why.
 */
export function NeedsConnection({ children, what }: { children: React.ReactNode; what: string }) {
  const offline = useOffline();
  const disabled = offline ? !offline.online : false;
  return (
    <div className="min-w-0">
      {disabled ? <p className="mb-2 text-sm font-medium text-amber-900">{what} when the connection is back.</p> : null}
      <fieldset disabled={disabled} className="min-w-0 disabled:opacity-60">
        {children}
      </fieldset>
    </div>
  );
}

export type { ActionState };
