"use client";

import { useActionState, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { createSourceKeyAction, revokeSourceKeyAction, type CreateKeyState } from "./actions";
import { Card } from "@/components/ui/card";
import { HowToSend } from "./how-to-send";

/**
 * Making a key, and how to send events with it: one place, so the
 * instructions are said once, and once a key is made their example uses it.
 */
export function KeySetup({ origin }: { origin: string }) {
  const [state, formAction] = useActionState<CreateKeyState, FormData>(createSourceKeyAction, {});
  const made = state.ok && state.key ? state.key : undefined;
  return (
    <>
      <Card title="New key" id="new-key">
        <div className="space-y-4">
          <form action={formAction} className="flex flex-wrap items-end gap-3" aria-describedby="new-key-status">
            <Field
              label="Name"
              name="name"
              required
              maxLength={60}
              autoComplete="off"
              hint="Where it will be used, e.g. Website or Segment."
              defaultValue={state.ok ? "" : String(state.values?.name ?? "")}
              errors={state.fieldErrors?.name}
              className="min-w-56 flex-1"
            />
            <SubmitButton pendingLabel="Creating…" className="mb-6">
              Create key
            </SubmitButton>
          </form>
          {made ? <NewKey keyValue={made} name={state.name ?? ""} /> : <FormAlert id="new-key-status" message={state.fieldErrors ? undefined : state.message} />}
        </div>
      </Card>
      <Card title="How to send events" id="how-to-send">
        <HowToSend origin={origin} writeKey={made} />
      </Card>
    </>
  );
}

function NewKey({ keyValue, name }: { keyValue: string; name: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(keyValue);
      setCopied("yes");
    } catch {
      // No clipboard outside a secure page: select the key so it can be copied by hand.
      input.current?.select();
      setCopied("select");
    }
  }
  return (
    <div className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4">
      <p role="status" className="font-medium text-emerald-900">
        Key “{name}” created. Copy it now: Shopkeeper keeps only a fingerprint of it and cannot show it again.
      </p>
      <div className="flex flex-wrap gap-2">
        <label htmlFor="new-write-key" className="sr-only">
          New write key
        </label>
        <input
          ref={input}
          id="new-write-key"
          readOnly
          value={keyValue}
          onFocus={(e) => e.currentTarget.select()}
          className="h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 font-mono text-sm"
        />
        <button type="button" onClick={copy} className="inline-flex h-12 items-center rounded-lg bg-accent px-5 font-medium text-white hover:bg-accent-strong">
          {copied === "yes" ? "Copied" : "Copy key"}
        </button>
      </div>
      <p aria-live="polite" className="text-sm text-emerald-900">
        {copied === "yes" ? "The key is on the clipboard." : copied === "select" ? "Copying is blocked here: the key is selected, copy it by hand." : null}
      </p>
      <p className="text-sm text-emerald-900">The example under “How to send events” now uses this key.</p>
    </div>
  );
}

function ConfirmRevoke() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className="inline-flex h-11 items-center rounded-lg bg-red-700 px-4 font-medium text-white hover:bg-red-800 disabled:opacity-70">
      {pending ? "Revoking…" : "Yes, revoke"}
    </button>
  );
}

/** Revoking asks once more: whatever still sends with the key stops being heard at once. */
export function RevokeKey({ keyId, name }: { keyId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState<ActionState, FormData>(revokeSourceKeyAction, {});
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`} className="inline-flex h-11 items-center rounded-lg border border-line px-4 font-medium text-red-700 hover:bg-red-50">
        Revoke…
      </button>
    );
  }
  return (
    <form action={formAction} className="w-full space-y-2 rounded-lg bg-red-50 p-3">
      <input type="hidden" name="keyId" value={keyId} />
      <p className="text-red-900">Revoke “{name}”? Anything still sending with it is refused from now on. This cannot be undone.</p>
      <div className="flex flex-wrap gap-2">
        <ConfirmRevoke />
        <button type="button" autoFocus onClick={() => setConfirming(false)} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 font-medium hover:bg-stone-50">
          Keep it
        </button>
      </div>
      <FormAlert id={`revoke-${keyId}`} message={state.ok ? undefined : state.message} />
    </form>
  );
}
