"use client";

import { useFormStatus } from "react-dom";

export function SubmitButton({
  children,
  pendingLabel,
  className = "",
  variant = "primary",
  disabled = false,
  ariaLabel,
}: {
  children: React.ReactNode;
  pendingLabel: string;
  className?: string;
  variant?: "primary" | "quiet";
  disabled?: boolean;
  ariaLabel?: string;
}) {
  const { pending } = useFormStatus();
  const look =
    variant === "primary"
      ? "bg-accent text-white hover:bg-accent-strong disabled:bg-accent/70"
      : "border border-line bg-white text-ink hover:bg-stone-50";
  return (
    <button
      type="submit"
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      aria-label={ariaLabel}
      className={`inline-flex h-12 items-center justify-center rounded-lg px-5 text-base font-medium transition ${look} ${className}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
