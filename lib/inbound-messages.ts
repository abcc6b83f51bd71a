import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { auditLog, inboundMessages, staff } from "@/db/schema";
import { recordChanges } from "./change-feed";

// What staff do with a text or email waiting in the inbox besides answering
// it (lib/sms.ts answers texts): claim it or have a manager assign it, as for
// posts, or dismiss it when it needs no answer ("Thanks!").

interface Actor {
  messageId: string;
  staffId: string;
  storeId: string;
  now?: Date;
}

export type MessageAssignResult = { ok: true; assigneeName: string | null } | { ok: false; reason: "not_found" | "no_such_person" | "closed" };

/**
 * Who answers a message: only one still waiting at the caller's store, and
 * only to an active colleague of that store (or to nobody). Whether the
 * caller may assign others is the action's rule (managers only). Audited, and
 * announced to other tablets.
 */
export async function assignMessage(db: Db, { messageId, staffId, storeId, assigneeId, now = new Date() }: Actor & { assigneeId: string | null }): Promise<MessageAssignResult> {
  return db.transaction(async (tx): Promise<MessageAssignResult> => {
    const scope = and(eq(inboundMessages.id, messageId), eq(inboundMessages.storeId, storeId));
    const [message] = await forUpdate(tx.select({ status: inboundMessages.status, customerId: inboundMessages.customerId }).from(inboundMessages).where(scope).limit(1));
    if (!message) return { ok: false, reason: "not_found" };
    if (message.status !== "waiting") return { ok: false, reason: "closed" };
    let assigneeName: string | null = null;
    if (assigneeId) {
      const [person] = await tx.select({ name: staff.name }).from(staff).where(and(eq(staff.id, assigneeId), eq(staff.storeId, storeId), eq(staff.active, true))).limit(1);
      if (!person) return { ok: false, reason: "no_such_person" };
      assigneeName = person.name;
    }
    await tx.update(inboundMessages).set({ assignedStaffId: assigneeId, assignedAt: assigneeId ? now : null }).where(scope);
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "message.assigned", targetType: "message", targetId: messageId, customerId: message.customerId, detail: { to: assigneeId } });
    await recordChanges(tx, [{ kind: "response", customerId: message.customerId, storeId }], now);
    return { ok: true, assigneeName };
  });
}

export type MessageCloseResult = { ok: true; customerId: string | null } | { ok: false; reason: "not_found" | "closed" };

/** A message that needs no answer leaves the waiting list; only the first of two colleagues closes it. */
export async function dismissMessage(db: Db, { messageId, staffId, storeId, now = new Date() }: Actor): Promise<MessageCloseResult> {
  return db.transaction(async (tx): Promise<MessageCloseResult> => {
    const scope = and(eq(inboundMessages.id, messageId), eq(inboundMessages.storeId, storeId));
    const [message] = await tx.select({ status: inboundMessages.status, customerId: inboundMessages.customerId }).from(inboundMessages).where(scope).limit(1);
    if (!message) return { ok: false, reason: "not_found" };
    const closed = await tx
      .update(inboundMessages)
      .set({ status: "dismissed" })
      .where(and(scope, eq(inboundMessages.status, "waiting")))
      .returning({ id: inboundMessages.id });
    if (!closed.length) return { ok: false, reason: "closed" };
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "message.dismissed", targetType: "message", targetId: messageId, customerId: message.customerId, detail: null });
    await recordChanges(tx, [{ kind: "response", customerId: message.customerId, storeId }], now);
    return { ok: true, customerId: message.customerId };
  });
}
