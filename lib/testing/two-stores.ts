import { randomUUID } from "node:crypto";
import { getTableName, isTable } from "drizzle-orm";
import type { Db } from "@/db";
import * as schema from "@/db/schema";
import { customerLinkHolds, customerLinks, linkResponses, socialMentions, storeClosures, storeStock } from "@/db/schema";
import { createCustomer, createStaff, createStore, createVariantInStock } from "./factories";
import { placeHold } from "@/lib/holds";
import { addNote } from "@/lib/notes";
import { setFollowUp } from "@/lib/follow-ups";
import { createSourceKey } from "@/lib/source-keys";
import { generateLinkToken, hashLinkToken } from "@/lib/link-tokens";

// The world of the authorization tables (app/authorization.test.ts,
// app/route-authorization.test.ts): two stores, an associate and a manager at
// each, and one record of every kind at each store.

export type StoreKey = "fifth" | "oak";
export type Who = "nobody" | "maya" | "grace" | "hannah" | "marcus";
export type Person = { store: StoreKey; role: "associate" | "manager" };
export const PEOPLE: Record<Exclude<Who, "nobody">, Person> = {
  maya: { store: "fifth", role: "associate" },
  grace: { store: "fifth", role: "manager" },
  hannah: { store: "oak", role: "associate" },
  marcus: { store: "oak", role: "manager" },
};
export const CALLERS: readonly Who[] = ["nobody", "maya", "grace", "hannah", "marcus"];
export const person = (who: Who): Person | null => (who === "nobody" ? null : PEOPLE[who]);

export interface StoreWorld {
  id: string;
  name: string;
  associate: string;
  manager: string;
  /** Home store this one, in the associate's book. */
  customer: string;
  /** An active hold for the customer, placed by the associate, on the link below. */
  hold: string;
  /** Written by the associate. */
  note: string;
  followUp: string;
  link: string;
  token: string;
  /** A new post in the store's inbox. */
  mention: string;
  sourceKey: string;
  /** The write key itself, for the event API. */
  writeKey: string;
  /** A day the store is closed; each store's is a different day. */
  closedDay: string;
  /** A question the customer asked from the link's page. */
  question: string;
}
export interface World {
  staff: Record<Exclude<Who, "nobody">, string>;
  stores: Record<StoreKey, StoreWorld>;
  /** One product, stocked at both stores. */
  variant: string;
  productId: string;
}

async function buildStore(db: Db, name: string, variantId: string): Promise<StoreWorld> {
  const id = (await createStore(db, { name, isFlagship: name === "Fifth Avenue" })).id;
  const associate = (await createStaff(db, { storeId: id, name: `${name} Associate` })).id;
  const manager = (await createStaff(db, { storeId: id, role: "manager", name: `${name} Manager` })).id;
  await db.insert(storeStock).values({ storeId: id, variantId, onHand: 5 });
  const customer = await createCustomer(db, { firstName: name.split(" ")[0]!, lastName: "Client", email: `${id}@example.com`, homeStoreId: id, assignedStaffId: associate });
  const placed = await placeHold(db, { customerId: customer, variantId, storeId: id, staffId: associate, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() });
  const note = await addNote(db, { customerId: customer, body: "Likes blue", pinned: false, staffId: associate, storeId: id });
  const followUp = await setFollowUp(db, { customerId: customer, staffId: associate, storeId: id, dueOn: "2099-01-01", reason: "Call back" });
  if (!placed.ok || !note.ok || !followUp.ok) throw new Error(`Could not set up ${name}`);
  const token = generateLinkToken();
  const link = randomUUID();
  await db.insert(customerLinks).values({ id: link, customerId: customer, storeId: id, staffId: associate, tokenHash: hashLinkToken(token), channel: "email", message: "Set aside for you", expiresAt: new Date(Date.now() + 86_400_000) });
  await db.insert(customerLinkHolds).values({ linkId: link, holdId: placed.holdId });
  const question = randomUUID();
  await db.insert(linkResponses).values({ id: question, linkId: link, customerId: customer, storeId: id, kind: "question", detail: "Is it lined?" });
  const mention = randomUUID();
  await db.insert(socialMentions).values({ id: mention, network: "instagram", externalId: mention, handle: `fan_${name.length}`, text: "Love the window", url: "https://www.instagram.com/fan/", postedAt: new Date(), kind: "comment", storeId: id });
  const { id: sourceKey, key: writeKey } = await createSourceKey(db, { storeId: id, staffId: manager, name: "Website" });
  const closedDay = name === "Fifth Avenue" ? "2099-12-25" : "2099-12-26";
  await db.insert(storeClosures).values({ storeId: id, day: closedDay, reason: "Holiday" });
  return { id, name, associate, manager, customer, hold: placed.holdId, note: note.noteId, followUp: followUp.id, link, token, mention, sourceKey, writeKey, closedDay, question };
}

/** Fifth Avenue (the flagship) and Oak Street, with their people and records. */
export async function buildTwoStores(db: Db): Promise<World> {
  // The product is made at a warehouse with no stock of its own, then stocked at each store.
  const warehouse = await createStore(db, { name: "Warehouse" });
  const { variantId, productId } = await createVariantInStock(db, { storeId: warehouse.id, onHand: 0 });
  const fifth = await buildStore(db, "Fifth Avenue", variantId);
  const oak = await buildStore(db, "Oak Street", variantId);
  return { staff: { maya: fifth.associate, grace: fifth.manager, hannah: oak.associate, marcus: oak.manager }, stores: { fifth, oak }, variant: variantId, productId };
}

export type Snapshot = Map<string, string[]>;

/** Every row of every table but the rate-limit counters, as sorted JSON, to compare before and after. */
export async function snapshot(db: Db): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const table of Object.values(schema)) {
    if (!isTable(table) || table === schema.rateLimits) continue;
    const rows = await db.select().from(table as typeof schema.notes);
    out.set(getTableName(table), rows.map((row) => JSON.stringify(row)).sort());
  }
  return out;
}

/** Rows added, changed or removed between two snapshots (a changed row shows up twice: as it was and as it is). */
export function changes(before: Snapshot, after: Snapshot): Array<{ table: string; row: Record<string, unknown> }> {
  const out: Array<{ table: string; row: Record<string, unknown> }> = [];
  for (const [table, rows] of after) {
    const was = new Set(before.get(table));
    const is = new Set(rows);
    for (const row of [...rows.filter((r) => !was.has(r)), ...[...was].filter((r) => !is.has(r))]) out.push({ table, row: JSON.parse(row) as Record<string, unknown> });
  }
  return out;
}

/** Written rows that carry a store other than `storeId`. */
export function rowsOfOtherStores(written: ReturnType<typeof changes>, storeId: string) {
  return written.filter(({ row }) => "storeId" in row && row.storeId !== null && row.storeId !== storeId);
}
