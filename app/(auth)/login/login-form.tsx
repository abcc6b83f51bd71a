"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={formAction} className="space-y-5 rounded-2xl border border-line bg-white p-6 shadow-sm" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        defaultValue={state.email}
        errors={state.fieldErrors?.email}
        required
        autoFocus
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" errors={state.fieldErrors?.password} required />
      <div aria-live="polite" id="sign-in-status">
        {state.message ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.message}
          </p>
        ) : null}
      </div>
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
