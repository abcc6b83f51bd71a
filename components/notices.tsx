"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, useTransition } from "react";
import type { ActionState } from "@/lib/actions";

type UndoAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;
interface Notice {
  key: number;
  message: string;
  ok: boolean;
  /** Set while Undo is offered. */
  undoId?: string;
}

const NoticeContext = createContext<(state: ActionState) => void>(() => {});

/**
 * The staff pages' one place for what just happened: a calm message at the
 * bottom of the screen, outside the page's rows, so it stays when the row it
 * came from is gone (a released hold, a dismissed post). A change that can be
 * undone offers Undo for `offerMs`, longer while the notice has focus; the
 * server allows more (lib/undo.ts), so a last-moment tap still counts. The
 * message itself stays until closed or replaced.
 */
export function NoticeProvider({ undo, offerMs, children }: { undo: UndoAction; offerMs: number; children: React.ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, startTransition] = useTransition();
  const region = useRef<HTMLDivElement>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const offerEnded = useRef(false);
  const next = useRef(0);

  const show = useCallback((state: ActionState) => {
    if (!state.message) return;
    next.current += 1;
    offerEnded.current = false;
    setNotice({ key: next.current, message: state.message, ok: state.ok === true, undoId: state.undoId });
  }, []);

  const endOffer = useCallback((key: number) => setNotice((current) => (current && current.key === key ? { ...current, undoId: undefined } : current)), []);

  useEffect(() => {
    if (!notice?.undoId) return;
    const key = notice.key;
    const timer = setTimeout(() => {
      // Not while someone is on the notice (a keyboard user reaching Undo): it ends when they leave it.
      if (region.current?.contains(document.activeElement)) offerEnded.current = true;
      else endOffer(key);
    }, offerMs);
    // The row that was tapped may be gone, taking keyboard focus with it: then Undo is where focus goes.
    const frame = requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) undoButton.current?.focus();
    });
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, [notice?.key, notice?.undoId, offerMs, endOffer]);

  function runUndo(undoId: string) {
    startTransition(async () => {
      const form = new FormData();
      form.set("undoId", undoId);
      show(await undo({}, form));
    });
  }

  return (
    <NoticeContext.Provider value={show}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-4 z-30 flex justify-center px-4">
        <div
          ref={region}
          role="status"
          aria-live="polite"
          aria-label="Messages"
          onBlur={(event) => {
            if (offerEnded.current && notice && !event.currentTarget.contains(event.relatedTarget)) endOffer(notice.key);
          }}
        >
          {notice ? (
            <div
              className={`pointer-events-auto flex max-w-2xl flex-wrap items-center gap-x-4 gap-y-2 rounded-xl px-4 py-3 shadow-lg ${notice.ok ? "bg-ink text-white" : "border border-red-200 bg-red-50 text-red-800"}`}
            >
              <p className="min-w-0 flex-1 text-base">{notice.message}</p>
              <div className="flex items-center gap-2">
                {notice.undoId ? (
                  <button
                    ref={undoButton}
                    type="button"
                    disabled={pending}
                    onClick={() => notice.undoId && runUndo(notice.undoId)}
                    className="h-11 rounded-lg bg-white px-4 text-sm font-semibold text-ink hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-60"
                  >
                    {pending ? "Undoing…" : "Undo"}
                  </button>
                ) : null}
                <button
                  type="button"
                  aria-label="Close message"
                  onClick={() => setNotice(null)}
                  className="h-11 w-11 rounded-lg text-xl leading-none hover:bg-black/10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-current"
                >
                  ×
                </button>
              </div>
            </div>
          ) : null}
        </div>
      </div>
    </NoticeContext.Provider>
  );
}

/**
 * The action, showing its result in the notice area as it arrives: successes
 * always (with Undo when the action offers one); refusals too with
 * `refusals`, for forms whose own place on the page may be gone. Shown from
 * the action itself, not from an effect of the form: the refreshed page may
 * remove the form (a closed hold's row) in the same update.
 */
export function useNoticeAction<S extends ActionState>(action: (previous: S, formData: FormData) => Promise<S>, { refusals = false }: { refusals?: boolean } = {}) {
  const show = useContext(NoticeContext);
  return useCallback(
    async (previous: S, formData: FormData) => {
      const state = await action(previous, formData);
      if (state.ok || refusals) show(state);
      return state;
    },
    [action, refusals, show],
  );
}
