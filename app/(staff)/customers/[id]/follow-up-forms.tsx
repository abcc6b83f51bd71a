"use client";

import { useActionState, useRef } from "react";
import type { ActionState } from "@/lib/actions";
import { contactChoices, type ContactConsent } from "@/lib/contacts-labels";
import { SubmitButton } from "@/components/ui/submit-button";
import { NeedsConnection, useQueueingAction } from "@/components/offline/customer-offline";
import type { DraftChange } from "@/components/offline/offline-provider";
import { CONTACT_LABELS } from "@/lib/contacts-labels";
import { cancelFollowUpAction, completeFollowUpAction, logContactAction, setFollowUpAction } from "./follow-up-actions";

const text = (data: FormData, name: string) => String(data.get(name) ?? "").trim();

/** A follow-up set offline, kept on the tablet until the connection is back. */
function followUpDraft(data: FormData): DraftChange {
  const dueOn = text(data, "dueOn");
  // The store's calendar day, written as people read it ("Mon, Dec 7"); noon keeps it the same day in any zone.
  const day = /^\d{4}-\d{2}-\d{2}$/.test(dueOn) ? new Date(`${dueOn}T12:00:00`).toLocaleDateString([], { weekday: "short", month: "short", day: "numeric" }) : dueOn;
  return { summary: `Follow-up on ${day}: ${text(data, "reason")}`, change: { kind: "follow_up.set", dueOn: text(data, "dueOn"), reason: text(data, "reason") } };
}

function contactDraft(data: FormData): DraftChange {
  const kind = text(data, "kind");
  const label = CONTACT_LABELS[kind as keyof typeof CONTACT_LABELS] ?? kind;
  const summary = text(data, "summary");
  return { summary: `Contact logged: ${label}${summary ? `, ${summary}` : ""}`, change: { kind: "contact.log", contactKind: kind, summary: summary || null } };
}

const INPUT = "block h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none aria-invalid:border-red-600";
const SUMMARY = "flex h-12 cursor-pointer list-none items-center justify-center rounded-lg border border-line px-4 font-medium hover:bg-stone-50";

function Status({ state, field }: { state: ActionState; field?: string }) {
  const text = (field && state.fieldErrors?.[field]?.join(" ")) || state.message;
  // Always mounted, so screen readers announce the message when it appears.
  return (
    <p aria-live="polite" className={`text-sm empty:hidden ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
      {text}
    </p>
  );
}

function useResettingAction(action: (previous: ActionState, data: FormData) => Promise<ActionState>) {
  const form = useRef<HTMLFormElement>(null);
  const [state, formAction] = useActionState<ActionState, FormData>(async (previous, data) => {
    const result = await action(previous, data);
    if (result.ok) form.current?.reset();
    return result;
  }, {});
  return { form, state, formAction };
}

export function SetFollowUp({ customerId, defaultDate, minDate, maxDate, hint }: { customerId: string; defaultDate: string; minDate: string; maxDate: string; hint: string }) {
  const { form, state, formAction } = useResettingAction(useQueueingAction(setFollowUpAction, followUpDraft));
  const values = state.ok ? undefined : state.values;
  return (
    <details className="group rounded-lg sm:col-span-2 open:border open:border-line open:p-3">
      <summary className={SUMMARY}>Set a follow-up</summary>
      <form ref={form} action={formAction} className="mt-3 space-y-3">
        <input type="hidden" name="customerId" value={customerId} />
        <div>
          <label htmlFor="follow-up-date" className="mb-1.5 block text-sm font-medium">
            When
          </label>
          <input id="follow-up-date" type="date" name="dueOn" required min={minDate} max={maxDate} defaultValue={String(values?.dueOn ?? defaultDate)} aria-invalid={state.fieldErrors?.dueOn ? true : undefined} aria-describedby="follow-up-date-hint" className={INPUT} />
          <p id="follow-up-date-hint" className="mt-1 text-sm text-muted">
            {hint}
          </p>
        </div>
        <div>
          <label htmlFor="follow-up-reason" className="mb-1.5 block text-sm font-medium">
            What about
          </label>
          <input id="follow-up-reason" name="reason" required maxLength={200} defaultValue={String(values?.reason ?? "")} aria-invalid={state.fieldErrors?.reason ? true : undefined} className={INPUT} />
        </div>
        <Status state={state} field={state.fieldErrors?.dueOn ? "dueOn" : "reason"} />
        <SubmitButton pendingLabel="Saving…">Save follow-up</SubmitButton>
      </form>
    </details>
  );
}

function HowChoice({ name, legend, consent }: { name: string; legend: string; consent: ContactConsent }) {
  const { choices, initial } = contactChoices(consent);
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {choices.map(({ kind, label, caution }) => (
          <label key={kind} className="flex min-h-11 items-center gap-2 rounded-lg border border-line px-3 py-1 has-checked:border-accent has-checked:bg-accent-soft">
            <input type="radio" name={name} value={kind} defaultChecked={kind === initial} className="h-4 w-4 accent-accent" />
            <span>
              {label}
              {caution ? <span className="block text-xs text-amber-800">{caution}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function LogContact({ customerId, consent }: { customerId: string; consent: ContactConsent }) {
  const { form, state, formAction } = useResettingAction(useQueueingAction(logContactAction, contactDraft));
  return (
    <details className="group rounded-lg sm:col-span-2 open:border open:border-line open:p-3">
      <summary className={SUMMARY}>Log a call, message or visit</summary>
      <form ref={form} action={formAction} className="mt-3 space-y-3">
        <input type="hidden" name="customerId" value={customerId} />
        <HowChoice name="kind" legend="How" consent={consent} />
        <div>
          <label htmlFor="contact-summary" className="mb-1.5 block text-sm font-medium">
            Note (optional)
          </label>
          <input id="contact-summary" name="summary" maxLength={500} className={INPUT} />
        </div>
        <Status state={state} field="summary" />
        <SubmitButton pendingLabel="Saving…">Log contact</SubmitButton>
      </form>
    </details>
  );
}

export function CompleteFollowUp({ customerId, followUpId, consent }: { customerId: string; followUpId: string; consent: ContactConsent }) {
  const [doneState, doneAction] = useActionState<ActionState, FormData>(completeFollowUpAction, {});
  const [cancelState, cancelAction] = useActionState<ActionState, FormData>(cancelFollowUpAction, {});
  return (
    <NeedsConnection what="Follow-ups can be closed">
    <div className="space-y-2">
      <details>
        <summary className="inline-flex h-10 cursor-pointer items-center font-medium text-accent">Mark done</summary>
        <form action={doneAction} className="mt-2 space-y-3 rounded-lg border border-line p-3">
          <input type="hidden" name="customerId" value={customerId} />
          <input type="hidden" name="followUpId" value={followUpId} />
          <HowChoice name="how" legend="How did you reach them?" consent={consent} />
          <div>
            <label htmlFor={`outcome-${followUpId}`} className="mb-1.5 block text-sm font-medium">
              Outcome (optional)
            </label>
            <input id={`outcome-${followUpId}`} name="outcome" maxLength={500} className={INPUT} />
          </div>
          <SubmitButton pendingLabel="Saving…">Done</SubmitButton>
        </form>
      </details>
      <form action={cancelAction}>
        <input type="hidden" name="customerId" value={customerId} />
        <input type="hidden" name="followUpId" value={followUpId} />
        <button type="submit" className="inline-flex h-10 items-center text-sm font-medium text-muted underline-offset-2 hover:underline">
          Not needed any more
        </button>
      </form>
      <Status state={doneState.message ? doneState : cancelState} />
    </div>
    </NeedsConnection>
  );
}
