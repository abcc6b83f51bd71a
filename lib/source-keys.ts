import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, sourceKeys, staff } from "@/db/schema";
import { generateWriteKey, hashWriteKey, writeKeyFromAuthorization, writeKeyPrefix } from "@/lib/ingest/write-key-format";

/** lastUsedAt is a hint for managers ("used 3 min ago"), not a log: one write a minute per key is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface AuthenticatedSource {
  id: string;
  storeId: string;
  name: string;
}

/**
 * Makes a key for an event source at the manager's store. The full key is
 * returned once, here, and never again: only its hash is stored. `key` is for
 * fixtures that need a known key; the app always lets it be generated.
 */
export async function createSourceKey(
  db: Db,
  { storeId, staffId, name, key = generateWriteKey(), now = new Date() }: { storeId: string; staffId: string; name: string; key?: string; now?: Date },
) {
  const id = randomUUID();
  const prefix = writeKeyPrefix(key);
  await db.transaction(async (tx) => {
    await tx.insert(sourceKeys).values({ id, storeId, name, keyHash: hashWriteKey(key), keyPrefix: prefix, createdByStaffId: staffId, createdAt: now });
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "source_key.created", targetType: "source_key", targetId: id, detail: { name, prefix } });
  });
  return { id, key, prefix, name };
}

/** A store's keys, newest first, without their hashes. */
export async function listSourceKeys(db: Db, { storeId }: { storeId: string }) {
  return db
    .select({
      id: sourceKeys.id,
      name: sourceKeys.name,
      prefix: sourceKeys.keyPrefix,
      createdAt: sourceKeys.createdAt,
      createdByName: staff.name,
      lastUsedAt: sourceKeys.lastUsedAt,
      revokedAt: sourceKeys.revokedAt,
    })
    .from(sourceKeys)
    .innerJoin(staff, eq(staff.id, sourceKeys.createdByStaffId))
    .where(eq(sourceKeys.storeId, storeId))
    .orderBy(desc(sourceKeys.createdAt));
}

/** Stops a key at once. Only the key's own store can revoke it; revoking twice is harmless. */
export async function revokeSourceKey(db: Db, { keyId, storeId, staffId, now = new Date() }: { keyId: string; storeId: string; staffId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [key] = await tx
      .select({ name: sourceKeys.name })
      .from(sourceKeys)
      .where(and(eq(sourceKeys.id, keyId), eq(sourceKeys.storeId, storeId)))
      .limit(1);
    if (!key) return { ok: false as const, reason: "not_found" as const };
    // Only the request that actually revokes it audits it, even when two revoke at once.
    const revoked = await tx
      .update(sourceKeys)
      .set({ revokedAt: now, revokedByStaffId: staffId })
      .where(and(eq(sourceKeys.id, keyId), eq(sourceKeys.storeId, storeId), isNull(sourceKeys.revokedAt)))
      .returning({ id: sourceKeys.id });
    if (revoked.length) {
      await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "source_key.revoked", targetType: "source_key", targetId: keyId, detail: { name: key.name } });
    }
    return { ok: true as const, name: key.name };
  });
}

/**
 * The source behind an `Authorization: Basic …` header (Segment style: the
 * key is the username, the password empty), or null for a missing,
 * malformed, unknown or revoked key.
 */
export async function authenticateWriteKey(db: Db, authorizationHeader: string | null | undefined, now = new Date()): Promise<AuthenticatedSource | null> {
  const key = writeKeyFromAuthorization(authorizationHeader);
  if (!key) return null;
  const [row] = await db
    .select({ id: sourceKeys.id, storeId: sourceKeys.storeId, name: sourceKeys.name, lastUsedAt: sourceKeys.lastUsedAt, revokedAt: sourceKeys.revokedAt })
    .from(sourceKeys)
    .where(eq(sourceKeys.keyHash, hashWriteKey(key)))
    .limit(1);
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.update(sourceKeys).set({ lastUsedAt: now }).where(eq(sourceKeys.id, row.id));
  }
  return { id: row.id, storeId: row.storeId, name: row.name };
}
