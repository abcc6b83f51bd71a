import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customerHandles, customerSearchTerms, customers } from "@/db/schema";
import { customerSearchTerms as termsFor } from "./search-terms";

/**
 * Rewrites a customer's lookup terms from their current name, contacts and
 * handles. Call it in the same transaction as any change to those fields.
 */
export function reindexCustomer(tx: Pick<Db, "select" | "delete" | "insert">, customerId: string): void {
  const customer = tx
    .select({ firstName: customers.firstName, lastName: customers.lastName, email: customers.email, phone: customers.phone })
    .from(customers)
    .where(eq(customers.id, customerId))
    .get();
  tx.delete(customerSearchTerms).where(eq(customerSearchTerms.customerId, customerId)).run();
  if (!customer) return;
  const handles = tx.select({ handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, customerId)).all();
  const terms = termsFor({ ...customer, handles: handles.map((h) => h.handle) });
  if (terms.length) tx.insert(customerSearchTerms).values(terms.map((t) => ({ ...t, customerId }))).run();
}
