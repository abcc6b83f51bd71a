import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, staff, storeSocialAccounts, type SocialAccountNetwork } from "@/db/schema";
import { SOCIAL_ACCOUNT_NETWORKS } from "@/db/schema-constants";
import { refreshXToken, xFromEnv, XError, type XTokens } from "./providers/x";
import { getInstagramAccount, instagramGraphBaseUrl, InstagramError } from "./providers/instagram";
import { openSecret, sealSecret, SOCIAL_TOKEN_PURPOSE as TOKEN_PURPOSE } from "./secret-box";

/** Refreshed this long before X says the token ends, so a reply never leaves with one about to expire. */
const REFRESH_MARGIN_MS = 60_000;

export interface ConnectedAccount {
  network: SocialAccountNetwork;
  username: string;
  connectedAt: Date;
  connectedBy: string;
}

/** The store's connected accounts, as a manager's page shows them: never a token. */
export async function listStoreAccounts(db: Db, { storeId }: { storeId: string }): Promise<ConnectedAccount[]> {
  return db
    .select({ network: storeSocialAccounts.network, username: storeSocialAccounts.username, connectedAt: storeSocialAccounts.connectedAt, connectedBy: staff.name })
    .from(storeSocialAccounts)
    .innerJoin(staff, eq(staff.id, storeSocialAccounts.connectedByStaffId))
    .where(eq(storeSocialAccounts.storeId, storeId));
}

/** Keeps the store's account on a network (replacing one connected before), its tokens sealed; audited. */
export async function saveStoreAccount(
  db: Db,
  { storeId, staffId, network, accountId, username, tokens, now = new Date() }: { storeId: string; staffId: string; network: SocialAccountNetwork; accountId: string; username: string; tokens: XTokens; now?: Date },
): Promise<void> {
  const sealed = {
    accountId,
    username,
    accessToken: sealSecret(tokens.accessToken, TOKEN_PURPOSE),
    refreshToken: tokens.refreshToken ? sealSecret(tokens.refreshToken, TOKEN_PURPOSE) : null,
    expiresAt: tokens.expiresAt,
    connectedByStaffId: staffId,
    connectedAt: now,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(storeSocialAccounts)
      .values({ storeId, network, ...sealed })
      .onConflictDoUpdate({ target: [storeSocialAccounts.storeId, storeSocialAccounts.network], set: sealed });
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "account.connected", targetType: "store", targetId: storeId, customerId: null, detail: { network, username } });
  });
}

/** Forgets the store's account on a network (its tokens with it); false when none was connected. */
export async function disconnectStoreAccount(db: Db, { storeId, staffId, network, now = new Date() }: { storeId: string; staffId: string; network: SocialAccountNetwork; now?: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(storeSocialAccounts)
      .where(and(eq(storeSocialAccounts.storeId, storeId), eq(storeSocialAccounts.network, network)))
      .returning({ username: storeSocialAccounts.username });
    if (!removed.length) return false;
    await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId, storeId, action: "account.disconnected", targetType: "store", targetId: storeId, customerId: null, detail: { network, username: removed[0]!.username } });
    return true;
  });
}

export type InstagramConnectResult = { ok: true; username: string } | { ok: false; message: string };

/**
 * Connects the store's Instagram professional account with a long-lived
 * token the business made: the token is tried first (who is this account?),
 * and kept only when Instagram accepts it.
 */
export async function connectInstagram(db: Db, { storeId, staffId, accountId, accessToken, now = new Date() }: { storeId: string; staffId: string; accountId: string; accessToken: string; now?: Date }): Promise<InstagramConnectResult> {
  let account: { id: string; username: string };
  try {
    account = await getInstagramAccount(instagramGraphBaseUrl(), { accountId, accessToken });
  } catch (error) {
    if (error instanceof InstagramError) return { ok: false, message: `Not connected. ${error.message}.` };
    throw error;
  }
  await saveStoreAccount(db, { storeId, staffId, network: "instagram", accountId: account.id, username: account.username, tokens: { accessToken, refreshToken: null, expiresAt: null }, now });
  return { ok: true, username: account.username };
}

export type AccountCredentials = { ok: true; accountId: string; username: string; accessToken: string } | { ok: false; message: string };

export const NOT_CONNECTED: Record<SocialAccountNetwork, string> = {
  x: "X is not connected for this store. A manager can connect it under Store › Accounts.",
  instagram: "Instagram is not connected for this store. A manager can connect it under Store › Accounts.",
};

/**
 * The token to send with for the store's account, refreshed first when it
 * has ended (X's last two hours; Instagram's business tokens do not end here).
 * X rotates refresh tokens, so the new one is saved with the new access token.
 */
export async function accountCredentials(db: Db, { storeId, network, now = new Date() }: { storeId: string; network: SocialAccountNetwork; now?: Date }): Promise<AccountCredentials> {
  const [row] = await db
    .select()
    .from(storeSocialAccounts)
    .where(and(eq(storeSocialAccounts.storeId, storeId), eq(storeSocialAccounts.network, network)))
    .limit(1);
  if (!row) return { ok: false, message: NOT_CONNECTED[network] };
  const accessToken = openSecret(row.accessToken, TOKEN_PURPOSE);
  const reconnect = `${network === "x" ? "X" : "Instagram"} needs connecting again: a manager can do it under Store › Accounts.`;
  if (accessToken === null) return { ok: false, message: reconnect };
  const fresh = !row.expiresAt || row.expiresAt.getTime() - REFRESH_MARGIN_MS > now.getTime();
  if (network !== "x" || fresh) return { ok: true, accountId: row.accountId, username: row.username, accessToken };

  const settings = xFromEnv();
  const refreshToken = row.refreshToken ? openSecret(row.refreshToken, TOKEN_PURPOSE) : null;
  if (!settings || !refreshToken) return { ok: false, message: reconnect };
  let tokens: XTokens;
  try {
    tokens = await refreshXToken(settings, refreshToken, now);
  } catch (error) {
    if (error instanceof XError) return { ok: false, message: `${reconnect} (${error.message})` };
    throw error;
  }
  // Only over the token this refresh used: another tablet that refreshed first keeps its newer one.
  await db
    .update(storeSocialAccounts)
    .set({
      accessToken: sealSecret(tokens.accessToken, TOKEN_PURPOSE),
      refreshToken: tokens.refreshToken ? sealSecret(tokens.refreshToken, TOKEN_PURPOSE) : row.refreshToken,
      expiresAt: tokens.expiresAt,
    })
    .where(and(eq(storeSocialAccounts.storeId, storeId), eq(storeSocialAccounts.network, network), eq(storeSocialAccounts.accessToken, row.accessToken)));
  return { ok: true, accountId: row.accountId, username: row.username, accessToken: tokens.accessToken };
}

export function isSocialAccountNetwork(value: string): value is SocialAccountNetwork {
  return (SOCIAL_ACCOUNT_NETWORKS as readonly string[]).includes(value);
}
