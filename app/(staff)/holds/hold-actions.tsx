"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useOffline } from "@/components/offline/offline-provider";
import type { ActionState } from "@/lib/actions";
import { useNoticeAction } from "@/components/notices";
import { changeHoldAction } from "./actions";

const BUTTON = "inline-flex h-11 items-center rounded-lg px-4 text-sm font-medium transition disabled:opacity-60";
const QUESTION = {
  picked_up: (hold: string) => `Mark ${hold} as picked up?`,
  release: (hold: string) => `Release ${hold}?`,
} as const;
type Closing = keyof typeof QUESTION;

/**
 * Picked up, +1 day and Release for one hold. The result shows in the notice
 * area (with Undo), since a closed hold's row leaves the list. Closing a
 * hold a colleague placed asks first, naming them.
 */
export function HoldActions({ holdId, label, colleague, customerName }: { holdId: string; label: string; colleague: string | null; customerName: string }) {
  const [, formAction, pending] = useActionState<ActionState, FormData>(useNoticeAction(changeHoldAction, { refusals: true }), {});
  const [asking, setAsking] = useState<Closing | null>(null);
  // Closing or extending a hold needs the server's stock: not while the Wi-Fi is down (the banner says so).
  const offline = useOffline()?.online === false;
  // Cancelling puts focus back on the button that asked.
  const [returnTo, setReturnTo] = useState<Closing | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const pickedUpButton = useRef<HTMLButtonElement>(null);
  const releaseButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) confirmButton.current?.focus();
    else if (returnTo) (returnTo === "release" ? releaseButton : pickedUpButton).current?.focus();
  }, [asking, returnTo]);

  function ask(event: React.MouseEvent<HTMLButtonElement>, change: Closing) {
    if (!colleague) return;
    event.preventDefault();
    setAsking(change);
  }

  function cancel() {
    setReturnTo(asking);
    setAsking(null);
  }

  if (asking && colleague) {
    const question = QUESTION[asking](`${colleague}'s hold for ${customerName}`);
    return (
      // Its own key: reusing the other form's buttons would turn Cancel, mid-click, into a submitting Release.
      <form
        key="confirm"
        action={(data) => {
          setReturnTo(null);
          setAsking(null);
          formAction(data);
        }}
        role="group"
        aria-label={question}
        onKeyDown={(event) => {
          if (event.key === "Escape") cancel();
        }}
        className="flex flex-wrap items-center justify-end gap-2 rounded-lg bg-amber-50 px-3 py-2"
      >
        <input type="hidden" name="holdId" value={holdId} />
        <p className="text-sm font-medium">{question}</p>
        <button ref={confirmButton} name="change" value={asking} className={`${BUTTON} bg-accent text-white hover:bg-accent-strong`}>
          {asking === "release" ? `Release ${colleague}'s hold` : "Yes, picked up"}
        </button>
        <button type="button" onClick={cancel} className={`${BUTTON} border border-line bg-white hover:bg-stone-50`}>
          Cancel
        </button>
      </form>
    );
  }

  return (
    <form key="actions" action={formAction} className="flex flex-wrap items-center justify-end gap-2">
      {offline ? <p className="w-full text-right text-sm text-muted">When the connection is back</p> : null}
      <input type="hidden" name="holdId" value={holdId} />
      <button ref={pickedUpButton} name="change" value="picked_up" disabled={pending || offline} onClick={(event) => ask(event, "picked_up")} aria-label={`Picked up: ${label}`} className={`${BUTTON} bg-accent text-white hover:bg-accent-strong`}>
        Picked up
      </button>
      <button name="change" value="extend" disabled={pending || offline} aria-label={`+1 day, to closing time on the next open day: ${label}`} className={`${BUTTON} border border-line bg-white hover:bg-stone-50`}>
        +1 day
      </button>
      <button ref={releaseButton} name="change" value="release" disabled={pending || offline} onClick={(event) => ask(event, "release")} aria-label={`Release: ${label}`} className={`${BUTTON} border border-line bg-white hover:bg-stone-50`}>
        Release
      </button>
    </form>
  );
}
