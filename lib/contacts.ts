import "server-only";
import { randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { preparedRead } from "@/db/dialect";
import { auditLog, contacts, customers, staff, type ContactKind } from "@/db/schema";
import type { LOGGABLE_CONTACTS } from "./contacts-labels";

export { CONTACT_LABELS, LOGGABLE_CONTACTS } from "./contacts-labels";

export interface ContactInput {
  customerId: string;
  staffId: string;
  storeId: string;
  kind: ContactKind;
  summary?: string | null;
  at?: Date;
}

/** Records that staff reached a customer; call it in the transaction of what made the contact. Returns the contact's id. */
export async function recordContact(tx: Pick<Db, "insert">, { at = new Date(), summary = null, ...input }: ContactInput): Promise<string> {
  const id = randomUUID();
  await tx.insert(contacts).values({ id, ...input, summary, at });
  return id;
}

/** A call, message or visit that happened outside the app. */
export async function logContact(db: Db, input: ContactInput & { kind: (typeof LOGGABLE_CONTACTS)[number] }): Promise<{ ok: boolean }> {
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1);
    if (!exists) return { ok: false };
    const at = input.at ?? new Date();
    await recordContact(tx, { ...input, at });
    await tx
      .insert(auditLog)
      .values({ id: randomUUID(), at, staffId: input.staffId, storeId: input.storeId, action: "contact.logged", targetType: "customer", targetId: input.customerId, customerId: input.customerId, detail: { kind: input.kind } });
    return { ok: true };
  });
}

/** The latest five contacts with the customer, of every kind (links sent, replies, calls, visits…), newest first. */
export async function listContacts(db: Db, customerId: string) {
  return readContacts(db, { customerId });
}

/** Read on every profile view: made once (preparedRead). */
const readContacts = preparedRead("customer_contacts", (db) =>
  db
    .select({ id: contacts.id, kind: contacts.kind, summary: contacts.summary, at: contacts.at, staffName: staff.name })
    .from(contacts)
    .innerJoin(staff, eq(staff.id, contacts.staffId))
    .where(eq(contacts.customerId, sql.placeholder("customerId")))
    .orderBy(desc(contacts.at))
    .limit(5),
);
