import "server-only";
import { inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { staff } from "@/db/schema";

/**
 * Whether a session still counts: its account is active and was not signed
 * out (everywhere) after the session began. A signed-out session stays dead
 * even if a late response re-sets its cookie.
 */
export function isSessionCurrent(row: { active: boolean; sessionsRevokedAt: Date | null } | undefined, signedInAt: number): boolean {
  if (!row?.active) return false;
  return !row.sessionsRevokedAt || signedInAt > row.sessionsRevokedAt.getTime();
}

type Waiter = { signedInAt: number; resolve: (result: { storeId: string } | null) => void; reject: (error: unknown) => void };
let waiting = new Map<string, Waiter[]>();
let scheduled = false;

/**
 * Checks again that an open live stream's session is current, answering its
 * staff member's store, or null once the session has ended. The hub hands a
 * change to every stream that follows it in one go, so the checks asked for
 * at that moment are answered by one query, however many tablets listen.
 */
export function recheckSession(session: { id: string; signedInAt: number }): Promise<{ storeId: string } | null> {
  return new Promise((resolve, reject) => {
    const waiters = waiting.get(session.id) ?? [];
    waiters.push({ signedInAt: session.signedInAt, resolve, reject });
    waiting.set(session.id, waiters);
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => void answer());
  });
}

const IDS_PER_QUERY = 500;

async function answer(): Promise<void> {
  const batch = waiting;
  waiting = new Map();
  scheduled = false;
  try {
    const ids = [...batch.keys()];
    const rows = new Map<string, { storeId: string; active: boolean; sessionsRevokedAt: Date | null }>();
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const found = await getDb()
        .select({ id: staff.id, storeId: staff.storeId, active: staff.active, sessionsRevokedAt: staff.sessionsRevokedAt })
        .from(staff)
        .where(inArray(staff.id, ids.slice(i, i + IDS_PER_QUERY)));
      for (const { id, ...row } of found) rows.set(id, row);
    }
    for (const [id, waiters] of batch) {
      const row = rows.get(id);
      for (const { signedInAt, resolve } of waiters) resolve(row && isSessionCurrent(row, signedInAt) ? { storeId: row.storeId } : null);
    }
  } catch (error) {
    for (const waiters of batch.values()) for (const { reject } of waiters) reject(error);
  }
}
