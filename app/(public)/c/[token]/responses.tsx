"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import type { PickUpChoice } from "@/lib/store-hours";
import { respondAction, type ResponseState } from "./actions";

function Result({ state }: { state: ResponseState }) {
  const text = state.fieldErrors ? Object.values(state.fieldErrors).flat().join(" ") : state.message;
  return (
    <p aria-live="polite" className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
      {text}
    </p>
  );
}

/**
 * The customer says when they will come. The times offered come from the
 * store's hours and the holds' end (lib/store-hours.ts pickUpChoices), none is
 * ticked until the customer has answered, and then the answer stays ticked and
 * written out, after sending and on reload alike.
 */
export function WhenComing({ token, associate, choices, answered }: { token: string; associate: string; choices: PickUpChoice[]; answered: string | null }) {
  const [state, formAction] = useActionState<ResponseState, FormData>(respondAction, {});
  // The answer just sent, else the one recorded before this page loaded.
  const chosen = state.chosen ?? answered;
  const ticked = choices.find((c) => c.detail === chosen)?.value ?? (chosen ? "other" : undefined);
  return (
    // Keyed by the answer: after sending, the form starts again from it rather than from the page's first state.
    <form key={chosen ?? ""} action={formAction} className="space-y-3 rounded-xl border border-line bg-white p-4">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="kind" value="coming" />
      {chosen ? (
        <p className="rounded-lg bg-accent-soft px-3 py-2">
          You told {associate} you will come: <strong>{chosen}</strong>
        </p>
      ) : null}
      <fieldset className="space-y-2">
        <legend className="mb-1 font-semibold">{chosen ? "Change when you will come by" : "When will you come by?"}</legend>
        {choices.map((c) => (
          <label key={c.value} className="flex min-h-11 items-center gap-3">
            <input type="radio" name="when" value={c.value} required className="h-5 w-5 accent-accent" defaultChecked={c.value === ticked} />
            {c.label}
          </label>
        ))}
        <label className="flex min-h-11 items-center gap-3">
          <input type="radio" name="when" value="other" required className="h-5 w-5 accent-accent" defaultChecked={ticked === "other"} />
          Another time
        </label>
        <input
          name="other"
          aria-label="Another time, for example Saturday morning"
          maxLength={60}
          defaultValue={ticked === "other" ? (chosen ?? "") : ""}
          className="ml-8 block h-11 w-[calc(100%-2rem)] rounded-lg border border-stone-300 px-3"
        />
      </fieldset>
      <SubmitButton pendingLabel="Sending…" className="w-full">
        Let {associate} know
      </SubmitButton>
      <Result state={state} />
    </form>
  );
}

export function AskQuestion({ token, associate }: { token: string; associate: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(respondAction, {});
  return (
    <form action={formAction} className="space-y-3 rounded-xl border border-line bg-white p-4">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="kind" value="question" />
      <label htmlFor="question" className="block font-semibold">
        Ask {associate} a question
      </label>
      <textarea id="question" name="question" rows={3} maxLength={500} required className="block w-full rounded-lg border border-stone-300 px-3 py-2 text-base" />
      <SubmitButton pendingLabel="Sending…" variant="quiet" className="w-full">
        Send question
      </SubmitButton>
      <Result state={state} />
    </form>
  );
}

export function ReleaseItem({ token, holdId, name }: { token: string; holdId: string; name: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(respondAction, {});
  return (
    <details className="text-sm">
      <summary className="inline-flex h-10 cursor-pointer items-center text-muted underline">No longer want it?</summary>
      <form action={formAction} className="space-y-1">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="kind" value="released" />
        <input type="hidden" name="holdId" value={holdId} />
        <button type="submit" aria-label={`Release ${name}`} className="inline-flex h-10 items-center rounded-lg border border-line px-3 font-medium">
          Release it so others can buy it
        </button>
        <Result state={state} />
      </form>
    </details>
  );
}
