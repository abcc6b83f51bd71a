import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customerHandles, customerSearchTerms, customers } from "@/db/schema";
import { customerSearchTerms as termsFor } from "./search-terms";

/**
 * Rewrites a customer's lookup terms from their current name, contacts and
 * handles. Call it in the same transaction as any change to those fields.
 */
export async function reindexCustomer(tx: Pick<Db, "select" | "delete" | "insert">, customerId: string): Promise<void> {
  const [customer] = await tx
    .select({ firstName: customers.firstName, lastName: customers.lastName, email: customers.email, phone: customers.phone })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  await tx.delete(customerSearchTerms).where(eq(customerSearchTerms.customerId, customerId));
  if (!customer) return;
  const handles = await tx.select({ handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, customerId));
  const terms = termsFor({ ...customer, handles: handles.map((h) => h.handle) });
  if (terms.length) await tx.insert(customerSearchTerms).values(terms.map((t) => ({ ...t, customerId }))).onConflictDoNothing();
}
