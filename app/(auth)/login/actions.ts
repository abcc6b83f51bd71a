"use server";

import { AuthError } from "next-auth";
import { signIn, SignInThrottledError } from "@/lib/auth";
import { signInSchema } from "@/lib/sign-in";
import { UNREADABLE_FORM } from "@/lib/actions";
import { getDb } from "@/db";
import { hasStaffAccounts, NO_STAFF_MESSAGE } from "@/lib/first-run";

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

/** Only same-site paths: never send someone to another host after sign-in. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "/";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  // A forged request can send anything as the form: answer plainly, never with a server error.
  if (!(formData instanceof FormData)) return { message: UNREADABLE_FORM };
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  const email = String(formData.get("email") ?? "");
  if (!parsed.success) return { fieldErrors: parsed.error.flatten().fieldErrors, email };

  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallback(formData.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof SignInThrottledError) {
      return {
        email,
        message: `Too many sign-in attempts. Wait ${waitFor(error.retryAt.getTime() - Date.now())}, then try again. If you have forgotten your password, ask your store manager.`,
      };
    }
    if (error instanceof AuthError) {
      if (!(await hasStaffAccounts(getDb()))) return { email, message: NO_STAFF_MESSAGE };
      return { email, message: "That email and password don't match. Check both and try again." };
    }
    throw error; // Next's redirect after a successful sign-in travels as an error.
  }
}

/** "5 seconds", "3 minutes": rounded up, so waiting that long is always enough. */
function waitFor(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? "a second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
