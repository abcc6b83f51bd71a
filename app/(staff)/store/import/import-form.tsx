"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { importCustomersAction, type ImportState } from "./actions";

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (n: number) => n.toLocaleString("en-US");

/** The upload form beside `children` (what the file needs), and the report of the last import below both. */
export function ImportForm({ maxBytes, children }: { maxBytes: number; children: React.ReactNode }) {
  const [state, formAction] = useActionState<ImportState, FormData>(importCustomersAction, {});
  // Checked here too, so a file over the limit is never sent.
  const [tooBig, setTooBig] = useState<string | null>(null);
  const fileErrors = tooBig ? [tooBig] : state.fieldErrors?.file;
  return (
    <div className="space-y-4">
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <form action={formAction} className="space-y-4 rounded-xl border border-line bg-white p-5">
          <div>
            <label htmlFor="import-file" className="mb-1.5 block text-sm font-medium">
              Customer file (CSV)
            </label>
            <input
              id="import-file"
              type="file"
              name="file"
              accept=".csv,text/csv"
              required
              aria-invalid={fileErrors?.length ? true : undefined}
              aria-describedby={fileErrors?.length ? "import-file-hint import-file-error" : "import-file-hint"}
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                setTooBig(file && file.size > maxBytes ? `${file.name} is ${megabytes(file.size)}; files up to ${megabytes(maxBytes)} can be uploaded. Split it into smaller files.` : null);
              }}
              className="block w-full rounded-lg border border-stone-300 bg-white p-2 text-base file:mr-4 file:h-10 file:cursor-pointer file:rounded-md file:border-0 file:bg-accent-soft file:px-4 file:font-medium file:text-accent focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none aria-invalid:border-red-600"
            />
            <p id="import-file-hint" className="mt-1 text-sm text-muted">
              Up to {megabytes(maxBytes)}, about 50,000 customers.
            </p>
            <div aria-live="polite">
              {fileErrors?.length ? (
                <p id="import-file-error" className="mt-1 text-sm text-red-700">
                  {fileErrors.join(" ")}
                </p>
              ) : null}
            </div>
          </div>
          <FormAlert id="import-status" message={state.ok || state.fieldErrors?.file ? undefined : state.message} />
          <div className="flex flex-wrap items-center gap-4">
            <SubmitButton pendingLabel="Importing…" disabled={Boolean(tooBig)}>
              Import customers
            </SubmitButton>
            <Working />
          </div>
        </form>
        {children}
      </div>
      {state.report ? <ImportReportView report={state.report} partial={!state.ok} /> : null}
    </div>
  );
}

function Working() {
  const { pending } = useFormStatus();
  return (
    <p role="status" className="flex items-center gap-2 text-muted">
      {pending ? (
        <>
          <span aria-hidden="true" className="h-5 w-5 animate-spin rounded-full border-2 border-accent/30 border-t-accent" />
          Reading and saving the file. A large one takes a few seconds; keep this page open.
        </>
      ) : null}
    </p>
  );
}

function ImportReportView({ report, partial }: { report: NonNullable<ImportState["report"]>; partial: boolean }) {
  // The report lands below the form: bring it into view and put focus on it, so the result is seen (and read out) at once.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "start", behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    heading.current?.focus({ preventScroll: true });
  }, [report]);
  const tiles = [
    { label: "New customers", value: report.created, tone: "border-line bg-white" },
    { label: "Updated", value: report.updated, tone: "border-line bg-white" },
    { label: "Unchanged", value: report.unchanged, tone: "border-line bg-white" },
    { label: "Rejected", value: report.rejectedCount, tone: report.rejectedCount ? "border-red-200 bg-red-50" : "border-line bg-white" },
  ];
  return (
    <section aria-labelledby="import-report-heading" aria-live="polite" className="space-y-4 rounded-xl border border-line bg-white p-5">
      <div>
        <h3 id="import-report-heading" ref={heading} tabIndex={-1} className="scroll-mt-4 text-lg font-semibold focus:outline-none">
          {partial ? "Partly imported" : "Imported"} {report.fileName}
        </h3>
        <p className="text-muted">{partial ? `${count(report.rows)} customer rows read before the stop. Import the same file again to finish.` : `${count(report.rows)} customer rows read. Importing the same file again changes nothing.`}</p>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {tiles.map((t) => (
          <div key={t.label} className={`rounded-xl border px-4 py-3 ${t.tone}`}>
            <dt className="text-sm text-muted">{t.label}</dt>
            <dd className="mt-0.5 text-2xl font-semibold tabular-nums">{count(t.value)}</dd>
          </div>
        ))}
      </dl>
      {report.rejectedCount ? (
        <div className="space-y-2">
          <p>
            Nothing from a rejected row was saved. Correct those rows in the file and import it again: rows already imported will show as unchanged.
            {report.rejectedCount > report.rejected.length ? ` The first ${count(report.rejected.length)} of ${count(report.rejectedCount)} are listed.` : ""}
          </p>
          <div className="max-h-[28rem] overflow-auto rounded-lg border border-line">
            <table className="w-full text-left">
              <caption className="sr-only">Rejected rows</caption>
              <thead className="sticky top-0 bg-stone-50 text-sm text-muted">
                <tr>
                  <th scope="col" className="w-24 px-3 py-2 font-medium">
                    Line
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {report.rejected.map((r) => (
                  <tr key={r.line}>
                    <td className="px-3 py-2 align-top tabular-nums">{r.line}</td>
                    <td className="px-3 py-2 break-words">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
