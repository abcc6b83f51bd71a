import "server-only";
import type pg from "pg";
import type { ChangeSource, LiveChange } from "@/lib/live";

/** The channel db/migrations-pg/0002_live_notify.sql announces change_feed rows on. */
export const CHANGE_CHANNEL = "shopkeeper_change";

/**
 * Listens for committed change_feed rows on one connection of the pool, held
 * for as long as pages listen. PostgreSQL delivers a notification only when
 * its transaction commits, in commit order, to every instance listening, so
 * tablets on other app instances hear a change and none is skipped.
 */
export function postgresChangeSource(pool: pg.Pool): ChangeSource {
  return async ({ onChange, onError }) => {
    const client = await pool.connect();
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.removeListener("notification", onNotification);
      client.removeListener("error", onClientError);
      // A broken connection is thrown away, not returned to the pool.
      client.release(error ?? true);
    };
    const onNotification = (message: pg.Notification) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      try {
        const { kind, customerId, storeId } = JSON.parse(message.payload) as LiveChange;
        onChange({ kind, customerId: customerId ?? null, storeId: storeId ?? null });
      } catch (error) {
        console.error("Live updates: an unreadable notification", error);
      }
    };
    const onClientError = (error: Error) => {
      release(error);
      onError(error);
    };
    client.on("notification", onNotification);
    client.on("error", onClientError);
    try {
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      release(error as Error);
      throw error;
    }
    return async () => {
      if (released) return;
      await client.query(`UNLISTEN ${CHANGE_CHANNEL}`).catch(() => {});
      release();
    };
  };
}
