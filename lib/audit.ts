import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { and, desc, eq, sql } from "drizzle-orm";
import { preparedRead } from "@/db/dialect";
import { auditLog } from "@/db/schema";
import type { AuditAction } from "./audit-actions";

export interface AuditEntry {
  staffId: string | null;
  storeId: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  customerId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Pick<Db, "insert">, entry: AuditEntry, at = new Date()): Promise<void> {
  await db.insert(auditLog).values({ id: randomUUID(), at, ...entry, customerId: entry.customerId ?? null });
}

/** A repeat view by the same person within this window is the same visit. */
const VISIT_MS = 10 * 60_000;

/** This person's latest profile view; read on every profile view, so made once (preparedRead). */
const readLastView = preparedRead("audit_last_view", (db) =>
  db
    .select({ customerId: auditLog.customerId, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.staffId, sql.placeholder("staffId")), eq(auditLog.action, "customer.viewed")))
    .orderBy(desc(auditLog.at))
    .limit(1),
);

/**
 * Records that staff opened a profile. A page that re-renders itself (live
 * updates) while it stays open is not a new view: if this person's last view
 * was this customer, moments ago, nothing is added.
 */
export async function recordProfileView(db: Db, { staffId, storeId, customerId, at = new Date() }: { staffId: string; storeId: string; customerId: string; at?: Date }): Promise<boolean> {
  const [last] = await readLastView(db, { staffId });
  if (last && last.customerId === customerId && last.at.getTime() > at.getTime() - VISIT_MS) return false;
  await recordAudit(db, { staffId, storeId, action: "customer.viewed", targetType: "customer", targetId: customerId, customerId }, at);
  return true;
}
