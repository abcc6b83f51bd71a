"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { connectInstagramAction, disconnectAccountAction } from "./actions";

export function ConnectInstagramForm() {
  const [state, formAction] = useActionState<ActionState, FormData>(connectInstagramAction, {});
  return (
    <form action={formAction} className="space-y-3" aria-describedby="instagram-status">
      <Field
        label="Instagram account id"
        name="accountId"
        inputMode="numeric"
        autoComplete="off"
        required
        defaultValue={String(state.values?.accountId ?? "")}
        errors={state.fieldErrors?.accountId}
        hint="The id of the store's Instagram professional account."
      />
      <Field
        label="Access token"
        name="accessToken"
        type="password"
        autoComplete="off"
        required
        errors={state.fieldErrors?.accessToken}
        hint="A long-lived system user token from Meta Business Suite, with instagram_manage_comments. It is checked with Instagram, then kept encrypted."
      />
      <FormAlert id="instagram-status" message={state.ok || state.fieldErrors ? undefined : state.message} />
      <SubmitButton pendingLabel="Checking with Instagram…">Connect Instagram</SubmitButton>
    </form>
  );
}

export function DisconnectAccount({ network, label }: { network: "x" | "instagram"; label: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(disconnectAccountAction, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="network" value={network} />
      <button type="submit" disabled={pending} className="inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 text-sm font-medium hover:bg-stone-50 disabled:opacity-60">
        {pending ? "Disconnecting…" : `Disconnect ${label}`}
      </button>
      {state.message && !state.ok ? (
        <p aria-live="polite" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
