import { eq, gt } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { changeFeed, customers } from "@/db/schema";
import { getStaff } from "@/lib/auth";
import { recheckSession } from "@/lib/auth/sessions";
import { getLiveHub, storeTopic, type LiveChange } from "@/lib/live";

// Server-sent events for open pages (components/live-refresh.tsx): "something
// changed for this customer or store", never the data itself; the page then
// re-renders through its own checks.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const HEARTBEAT_MS = 20_000;
/** How often an open stream checks its session, besides before every change it sends. */
const SESSION_RECHECK_MS = 30_000;
/** A stream ends after this long; the browser reconnects, which checks the session again. */
const MAX_STREAM_MS = 15 * 60_000;
/** The last thing a stream sends when its session has ended: the page says so instead of reconnecting. */
const SIGNED_OUT = `event: signed-out\ndata: ${JSON.stringify({ message: "You are signed out." })}\n\n`;
/** Chunks a client may leave unread before it is dropped (it reconnects and refreshes). */
const MAX_QUEUED_CHUNKS = 500;

const topicSchema = z.string().regex(/^(customer|store):[A-Za-z0-9_-]{1,64}$/, "Topics look like customer:<id> or store:<id>.");
const querySchema = z.object({
  /** When the page was rendered (ms): changes saved since then are sent at once, so none fall between render and stream. */
  since: z.coerce.number().int().positive().optional().catch(undefined),
  topics: z
    .string({ error: "Say which topics to follow." })
    .transform((value) => [...new Set(value.split(",").map((t) => t.trim()))])
    .pipe(z.array(topicSchema).min(1).max(5, "Follow at most 5 topics.")),
});

const problem = (status: number, error: string) => Response.json({ error }, { status, headers: { "cache-control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const me = await getStaff();
  if (!me) return problem(401, "Sign in to receive live updates.");

  const search = new URL(request.url).searchParams;
  const parsed = querySchema.safeParse({ topics: search.get("topics") ?? undefined, since: search.get("since") ?? undefined });
  if (!parsed.success) return problem(400, parsed.error.issues[0]?.message ?? "Invalid topics.");
  const topics = parsed.data.topics;

  for (const topic of topics) {
    const [kind, id] = topic.split(":") as ["customer" | "store", string];
    if (kind === "store" && topic !== storeTopic(me.storeId)) return problem(403, "You can follow only your own store.");
    if (kind === "customer") {
      const [found] = await getDb().select({ id: customers.id }).from(customers).where(eq(customers.id, id)).limit(1);
      if (!found) return problem(404, "No such customer.");
    }
  }

  const missed = parsed.data.since ? await changesSince(parsed.data.since, topics) : [];

  const encoder = new TextEncoder();
  let close = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return close();
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      // A change is sent only after a session check that began once it arrived,
      // so nothing reaches a tablet whose session ended before. Changes that
      // arrive during a check wait for the next one, merged.
      let queued = new Map<string, LiveChange>();
      let checking = false;
      const sessionStillCurrent = async (): Promise<boolean> => {
        const current = await recheckSession(me).catch(() => undefined);
        if (closed) return false;
        if (current === null) {
          send(SIGNED_OUT);
          close();
        } else if (current === undefined || current.storeId !== me.storeId) {
          // The check failed, or the account moved store: reconnecting checks everything again.
          close();
        }
        return !closed;
      };
      const deliver = async () => {
        if (checking) return;
        checking = true;
        try {
          while (queued.size > 0 && !closed) {
            const changes = [...queued.values()];
            queued = new Map();
            if (!(await sessionStillCurrent())) return;
            for (const { kind, customerId, storeId } of changes) send(`event: change\ndata: ${JSON.stringify({ kind, customerId, storeId })}\n\n`);
          }
        } finally {
          checking = false;
        }
      };
      const unsubscribe = getLiveHub().subscribe(
        topics,
        (change: LiveChange) => {
          queued.set(`${change.kind}:${change.customerId}:${change.storeId}`, change);
          void deliver();
        },
        // The server is stopping: end the stream so the browser reconnects (to another instance).
        () => close(),
      );
      const recheck = setInterval(() => void sessionStillCurrent(), SESSION_RECHECK_MS);
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      const expiry = setTimeout(() => close(), MAX_STREAM_MS);
      close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(recheck);
        clearTimeout(expiry);
        request.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the client going away.
        }
      };
      request.signal.addEventListener("abort", close);
      send(`retry: 3000\n: live updates for ${topics.join(",")}\n\n`);
      for (const change of missed) send(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
      if (request.signal.aborted) close();
    },
    cancel() {
      close();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform also keeps `next start`'s compression from buffering the stream.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/** Changes on these topics saved after `since` (at most the last 10 minutes), one per kind. */
async function changesSince(since: number, topics: string[]): Promise<LiveChange[]> {
  const from = Math.max(since, Date.now() - 10 * 60_000);
  const rows = await getDb()
    .select({ kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId })
    .from(changeFeed)
    .where(gt(changeFeed.at, new Date(from)))
    .limit(1000);
  const seen = new Map<string, LiveChange>();
  for (const row of rows) {
    const matches = topics.some((t) => t === `customer:${row.customerId}` || t === `store:${row.storeId}`);
    if (matches && !seen.has(row.kind)) seen.set(row.kind, row as LiveChange);
  }
  return [...seen.values()];
}
