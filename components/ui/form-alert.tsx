/** The one place a form says what went wrong; announced to screen readers as it appears. */
export function FormAlert({ id, message }: { id: string; message?: string }) {
  return (
    <div aria-live="polite" id={id}>
      {message ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-red-800">
          {message}
        </p>
      ) : null}
    </div>
  );
}
