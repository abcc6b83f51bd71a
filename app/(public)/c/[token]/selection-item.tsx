"use client";

import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { answerSelectionAction, type SelectionAnswerState } from "./selection-actions";

const DATE_TIME: Intl.DateTimeFormatOptions = { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" };

function Settled({ children }: { children: React.ReactNode }) {
  return <p className="rounded-lg bg-stone-100 px-3 py-2">{children}</p>;
}

/**
 * Her answer to one item: Hold it for me, Not for me (with a reason if she
 * likes), or Ask. Once held or declined, the item says so instead; asking
 * stays open.
 */
export function SelectionItemAnswer({
  token,
  itemId,
  name,
  associate,
  answered,
  reason,
  heldUntil,
  timeZone,
}: {
  token: string;
  itemId: string;
  name: string;
  associate: string;
  answered: "held" | "not_for_me" | "asked" | null;
  reason: string | null;
  heldUntil: string | null;
  timeZone: string;
}) {
  const [open, setOpen] = useState<"not_for_me" | "ask" | null>(null);
  const [state, formAction] = useActionState<SelectionAnswerState, FormData>(async (previous, data) => {
    const result = await answerSelectionAction(previous, data);
    // Answered: the form it came from closes; asking again opens a new one.
    if (result.ok) setOpen(null);
    return result;
  }, {});
  const response = state.response ?? answered;
  const until = heldUntil ?? (state.heldUntil ? new Intl.DateTimeFormat("en-US", { ...DATE_TIME, timeZone }).format(state.heldUntil) : null);

  if (response === "held") {
    return (
      <div aria-live="polite">
        <Settled>
          <strong>Held for you</strong>
          {until ? ` until ${until}` : ""}. Ask for {associate} when you come by.
        </Settled>
      </div>
    );
  }
  if (response === "not_for_me") {
    return (
      <div aria-live="polite">
        <Settled>
          <strong>Not for you</strong>
          {reason ? ` (${reason})` : ""}. {associate} will not suggest it again.
        </Settled>
      </div>
    );
  }
  const field = "block w-full rounded-lg border border-stone-300 px-3 py-2 text-base";
  return (
    <div className="space-y-2">
      {response === "asked" ? (
        <Settled>
          You asked {associate}
          {reason ? `: “${reason}”` : " about it"}. The answer will show on this page.
        </Settled>
      ) : null}
      <div className="grid grid-cols-2 gap-2">
        <form action={formAction} className="col-span-2">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="kind" value="hold" />
          <SubmitButton pendingLabel="Holding…" className="w-full" ariaLabel={`Hold it for me: ${name}`}>
            Hold it for me
          </SubmitButton>
        </form>
        <button
          type="button"
          aria-expanded={open === "not_for_me"}
          onClick={() => setOpen(open === "not_for_me" ? null : "not_for_me")}
          className="inline-flex h-12 items-center justify-center rounded-lg border border-line bg-white px-4 font-medium"
          aria-label={`Not for me: ${name}`}
        >
          Not for me
        </button>
        <button
          type="button"
          aria-expanded={open === "ask"}
          onClick={() => setOpen(open === "ask" ? null : "ask")}
          className="inline-flex h-12 items-center justify-center rounded-lg border border-line bg-white px-4 font-medium"
          aria-label={`Ask about ${name}`}
        >
          Ask
        </button>
      </div>
      {open === "not_for_me" ? (
        <form action={formAction} className="space-y-2">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="kind" value="not_for_me" />
          <label htmlFor={`reason-${itemId}`} className="block text-sm font-medium">
            Why not? <span className="font-normal text-muted">(optional)</span>
          </label>
          <input id={`reason-${itemId}`} name="reason" maxLength={200} placeholder="Too long, not my colour…" className={`h-12 ${field}`} />
          <SubmitButton pendingLabel="Sending…" variant="quiet" className="w-full">
            Tell {associate} it is not for me
          </SubmitButton>
        </form>
      ) : null}
      {open === "ask" ? (
        <form action={formAction} className="space-y-2">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="kind" value="ask" />
          <label htmlFor={`ask-${itemId}`} className="block text-sm font-medium">
            Your question about the {name}
          </label>
          <textarea id={`ask-${itemId}`} name="text" rows={2} maxLength={500} required className={field} />
          <SubmitButton pendingLabel="Sending…" variant="quiet" className="w-full">
            Send question
          </SubmitButton>
        </form>
      ) : null}
      <div aria-live="polite" className="text-sm">
        {state.elsewhere ? (
          <div className="space-y-1 rounded-lg bg-amber-50 px-3 py-2 text-amber-950">
            <p className="font-medium">{state.message}</p>
            {state.elsewhere.stores.map((s) => (
              <p key={s.name}>
                {s.name}, {s.city} has {s.available === 1 ? "one" : s.available} now.
              </p>
            ))}
            {state.elsewhere.nextFreeAt ? <p>One may come back here {new Intl.DateTimeFormat("en-US", { ...DATE_TIME, timeZone }).format(new Date(state.elsewhere.nextFreeAt))}.</p> : null}
            <p>Ask {associate} and they will look for one for you.</p>
          </div>
        ) : state.message && !(state.ok && state.response === "asked") ? (
          <p className={state.ok ? "text-emerald-800" : "text-red-700"}>{state.fieldErrors ? Object.values(state.fieldErrors).flat().join(" ") : state.message}</p>
        ) : null}
      </div>
    </div>
  );
}
