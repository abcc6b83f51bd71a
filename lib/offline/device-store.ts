// What the tablet keeps in IndexedDB, through `idb` (a small, maintained
// promise wrapper by one of IndexedDB's spec editors): the queue of changes
// made offline, the profiles she opened lately, and whose tablet data it is.
// Pages themselves are kept in Cache Storage (lib/offline/page-cache.ts).

import { openDB, deleteDB, type DBSchema, type IDBPDatabase } from "idb";
import type { QueuedChange, QueueStore } from "./queue";

export const DEVICE_DB = "shopkeeper-offline";

export interface RecentProfile {
  customerId: string;
  name: string;
  openedAt: number;
}

interface DeviceSchema extends DBSchema {
  changes: { key: number; value: QueuedChange };
  recent: { key: string; value: RecentProfile; indexes: { openedAt: number } };
  meta: { key: string; value: { key: string; value: string } };
}

let opening: Promise<IDBPDatabase<DeviceSchema>> | null = null;

export function deviceDb(): Promise<IDBPDatabase<DeviceSchema>> {
  opening ??= openDB<DeviceSchema>(DEVICE_DB, 1, {
    upgrade(db) {
      db.createObjectStore("changes", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("recent", { keyPath: "customerId" }).createIndex("openedAt", "openedAt");
      db.createObjectStore("meta", { keyPath: "key" });
    },
    // Another tab is clearing the tablet (sign-out): let go so it can.
    blocking() {
      void closeDeviceDb();
    },
  });
  return opening;
}

async function closeDeviceDb() {
  const db = await opening?.catch(() => null);
  opening = null;
  db?.close();
}

export const deviceQueueStore: QueueStore = {
  async all() {
    return (await deviceDb()).getAll("changes");
  },
  async add(item) {
    const db = await deviceDb();
    // The store gives the next number; `seq` is filled in by IndexedDB.
    const seq = await db.add("changes", item as QueuedChange);
    return { ...item, seq };
  },
  async put(item) {
    await (await deviceDb()).put("changes", item);
  },
  async delete(seq) {
    await (await deviceDb()).delete("changes", seq);
  },
};

/** Profiles kept offline: the most recently opened ones, newest first. */
export const RECENT_LIMIT = 50;

/** Notes that she opened this profile; returns the ones pushed out of the list, whose pages should go too. */
export async function rememberProfile(profile: RecentProfile): Promise<string[]> {
  const db = await deviceDb();
  await db.put("recent", profile);
  const all = await db.getAllFromIndex("recent", "openedAt");
  const dropped = all.slice(0, Math.max(0, all.length - RECENT_LIMIT)).map((p) => p.customerId);
  for (const id of dropped) await db.delete("recent", id);
  return dropped;
}

export async function recentProfiles(): Promise<RecentProfile[]> {
  return (await (await deviceDb()).getAllFromIndex("recent", "openedAt")).reverse();
}

export async function getMeta(key: string): Promise<string | null> {
  return (await (await deviceDb()).get("meta", key))?.value ?? null;
}

export async function setMeta(key: string, value: string): Promise<void> {
  await (await deviceDb()).put("meta", { key, value });
}

/** Removes the whole database: the queue, the recent list, everything. */
export async function deleteDeviceDb(): Promise<void> {
  await closeDeviceDb();
  await deleteDB(DEVICE_DB);
}
