import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";

export interface AuditEntry {
  staffId: string | null;
  storeId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  customerId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry, at = new Date()): Promise<void> {
  await db.insert(auditLog).values({ id: randomUUID(), at, ...entry, customerId: entry.customerId ?? null });
}
