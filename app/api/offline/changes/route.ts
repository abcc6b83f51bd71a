import { getDb } from "@/db";
import { getStaff } from "@/lib/auth";
import { applyOfflineChange } from "@/lib/offline/apply-change";
import { offlineChangeSchema } from "@/lib/offline/change-schema";
import { isCrossSiteRequest } from "@/lib/request-guard";
import { readBodyBytes } from "@/lib/request-body";

// One change the tablet kept while offline (issue 15), sent when the
// connection is back: the queue replays its changes in order, one request
// each. The answer is always the change's outcome (lib/offline/change-schema.ts
// OfflineOutcome) or a refusal that wrote nothing. Not rate-limited, as no
// staff page or action is: a tablet back online sends a hundred changes in a
// row, and each is a signed-in associate's own work.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A note is at most 2,000 characters; the largest change is a few KB. */
const BODY_LIMIT_BYTES = 64 * 1024;

const answer = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
const problem = (status: number, error: string, message: string, extra: object = {}) => answer({ error, message, ...extra }, status);

export async function POST(request: Request): Promise<Response> {
  // A deactivated account or a session ended by signing out is no session (lib/auth).
  const me = await getStaff();
  if (!me) return problem(401, "signed-out", "Your session has ended. Sign in again to send what this tablet kept.");
  // The session is a cookie: refuse what another site's page makes a browser send with it.
  if (isCrossSiteRequest(request)) return problem(403, "cross-site", "This was sent from another site, so nothing was saved.");
  // A page elsewhere cannot send JSON here without asking first (CORS), and this route never agrees.
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
    return problem(415, "unsupported", "Send the change as JSON (Content-Type: application/json).");
  }

  let bytes: Buffer | null;
  try {
    bytes = await readBodyBytes(request, BODY_LIMIT_BYTES);
  } catch {
    // The tablet went away mid-body: it will send the change again.
    return problem(400, "unreadable", "This change arrived incomplete, so nothing was saved.");
  }
  if (bytes === null) return problem(413, "too-large", `A change may be at most ${BODY_LIMIT_BYTES / 1024} KB, so nothing was saved.`);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch {
    return problem(400, "unreadable", "This change could not be read, so nothing was saved.");
  }
  const parsed = offlineChangeSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "change"] ??= []).push(issue.message);
    const first = parsed.error.issues[0]?.message ?? "Some details need a second look.";
    return problem(400, "invalid", `Not saved: ${first}`, { fieldErrors });
  }
  return answer(await applyOfflineChange(getDb(), me, parsed.data));
}
