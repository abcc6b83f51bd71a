"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormAlert } from "@/components/ui/form-alert";

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
      <FormAlert id="sign-in-status" message={state.message} />
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
