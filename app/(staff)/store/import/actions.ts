"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { managerAction, type ActionState } from "@/lib/actions";
import { importCustomers, MAX_UPLOAD_BYTES, textSource, type ImportReport } from "@/lib/customer-import";

export interface ImportState extends ActionState {
  report?: Omit<ImportReport, "rejected"> & { rejected: ImportReport["rejected"]; rejectedCount: number };
}

/** The page lists at most this many rejected rows; the count covers them all. */
const SHOWN_REJECTIONS = 500;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const csvFile = z.instanceof(File, { error: "Choose a CSV file to import." }).superRefine((file, ctx) => {
  if (!file.name && file.size === 0) ctx.addIssue({ code: "custom", message: "Choose a CSV file to import." });
  else if (!/\.csv$/i.test(file.name) && file.type !== "text/csv") ctx.addIssue({ code: "custom", message: `${file.name} is not a CSV file. Export customers from Shopify as CSV and choose that file.` });
  else if (file.size === 0) ctx.addIssue({ code: "custom", message: `${file.name} is empty.` });
  else if (file.size > MAX_UPLOAD_BYTES) {
    ctx.addIssue({ code: "custom", message: `${file.name} is ${megabytes(file.size)}; files up to ${megabytes(MAX_UPLOAD_BYTES)} can be uploaded. Split it into smaller files.` });
  }
});

// The file is checked in the handler, not by the wrapper's schema: a rejected
// form is sent back with its values, and that must not echo an upload back.
export const importCustomersAction = managerAction<z.ZodType<{ file?: unknown }>, ImportState>(z.object({ file: z.unknown().optional() }), async (input, me) => {
  const checked = csvFile.safeParse(input.file);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? "Choose a CSV file to import.";
    return { message, fieldErrors: { file: [message] } };
  }
  const file = checked.data;
  const result = await importCustomers(getDb(), {
    source: textSource(file.name, new Uint8Array(await file.arrayBuffer())),
    storeId: me.storeId,
    staffId: me.id,
  });
  // Stopped partway by the database: not the file's fault, and what was saved is reported with the message.
  if (!result.ok) return result.partial ? { message: result.message, report: shown(result.partial) } : { message: result.message, fieldErrors: { file: [result.message] } };
  return { ok: true, report: shown(result.report) };
});

function shown({ rejected, ...counts }: ImportReport): NonNullable<ImportState["report"]> {
  return { ...counts, rejectedCount: rejected.length, rejected: rejected.slice(0, SHOWN_REJECTIONS) };
}
