// Sends one queued change to the server (app/api/offline/changes/route.ts) and
// says what happened in the queue's terms (lib/offline/queue.ts).

import type { OfflineChangeInput as OfflineChange, OfflineOutcome } from "./change-schema";
import type { SendResult } from "./queue";

export const CHANGES_URL = "/api/offline/changes";

export async function sendChange(change: OfflineChange, fetchImpl: typeof fetch = fetch): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetchImpl(CHANGES_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(change),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    // No connection, or it dropped before the answer came back.
    return { kind: "unreachable" };
  }
  if (response.status === 401) return { kind: "signed-out" };
  if (response.status === 429 || response.status >= 500) return { kind: "server-error", status: response.status };
  const body = (await response.json().catch(() => null)) as (OfflineOutcome & { message?: string }) | { message?: string } | null;
  if (response.ok && body && "status" in body) return { kind: "answered", outcome: body };
  if (response.status >= 400 && response.status < 500) return { kind: "invalid", message: body?.message ?? `The server refused it (HTTP ${response.status}).` };
  // A 2xx without an answer we can read (a captive portal's page, say): treat as not reached.
  return { kind: "unreachable" };
}
