"use client";

/** A header checkbox that ticks or clears every row checkbox of a form. */
export function SelectAll({ formId, label }: { formId: string; label: string }) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      className="h-5 w-5 accent-accent"
      onChange={(event) => {
        const form = document.getElementById(formId) as HTMLFormElement | null;
        if (!form) return;
        for (const element of Array.from(form.elements)) {
          if (element instanceof HTMLInputElement && element.type === "checkbox" && element.name === "customerId") element.checked = event.currentTarget.checked;
        }
      }}
    />
  );
}
