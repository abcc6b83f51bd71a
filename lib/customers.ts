import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { customerHandles, customerSearchTerms, customers, searchWordTrigrams } from "@/db/schema";
import { customerSearchTerms as termsFor, vocabularyRows, vocabularyWords, wordTrigrams } from "./search-terms";

type Writer = Pick<Db, "select" | "delete" | "insert">;

/**
 * Rewrites a customer's lookup terms from their current name, contacts,
 * handles, home store and associate (the terms carry copies of both, so the
 * lookup can rank by them), and keeps the vocabulary of name words current.
 * Call it in the same transaction as any change to those fields.
 */
export async function reindexCustomer(tx: Writer, customerId: string): Promise<void> {
  const [customer] = await tx
    .select({
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
      phone: customers.phone,
      homeStoreId: customers.homeStoreId,
      assignedStaffId: customers.assignedStaffId,
    })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  const before = await tx
    .select({ term: customerSearchTerms.term })
    .from(customerSearchTerms)
    .where(and(eq(customerSearchTerms.customerId, customerId), eq(customerSearchTerms.kind, "name")));
  await tx.delete(customerSearchTerms).where(eq(customerSearchTerms.customerId, customerId));
  const words = customer ? vocabularyWords(customer) : [];
  if (customer) {
    const handles = await tx.select({ handle: customerHandles.handle }).from(customerHandles).where(eq(customerHandles.customerId, customerId));
    const terms = termsFor({ ...customer, handles: handles.map((h) => h.handle) });
    const copies = { customerId, homeStoreId: customer.homeStoreId, assignedStaffId: customer.assignedStaffId };
    if (terms.length) await tx.insert(customerSearchTerms).values(terms.map((t) => ({ ...t, ...copies }))).onConflictDoNothing();
    await addToVocabulary(tx, words);
  }
  await pruneVocabulary(
    tx,
    before.map((b) => b.term).filter((term) => !words.includes(term)),
  );
}

/** Adds name words to the vocabulary of the lookup's typo fallback; words already known are left alone. */
export async function addToVocabulary(tx: Pick<Db, "select" | "insert">, words: string[]): Promise<void> {
  // Names repeat: most words are known already, and a look at each word's first trigram says which.
  const known = new Set<string>();
  const unique = [...new Set(words)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const firsts = [...new Set(part.map((w) => wordTrigrams(w)[0]!))];
    const rows = await tx
      .select({ word: searchWordTrigrams.word })
      .from(searchWordTrigrams)
      .where(and(inArray(searchWordTrigrams.trigram, firsts), inArray(searchWordTrigrams.word, part)));
    for (const r of rows) known.add(r.word);
  }
  const rows = vocabularyRows(unique.filter((w) => !known.has(w)));
  for (let i = 0; i < rows.length; i += 5000) await tx.insert(searchWordTrigrams).values(rows.slice(i, i + 5000)).onConflictDoNothing();
}

/** Drops words no customer's name has any more (after a rename), so the fallback never offers them. */
async function pruneVocabulary(tx: Writer, words: string[]): Promise<void> {
  for (const word of new Set(words)) {
    const [used] = await tx
      .select({ one: customerSearchTerms.customerId })
      .from(customerSearchTerms)
      .where(and(eq(customerSearchTerms.term, word), eq(customerSearchTerms.kind, "name")))
      .limit(1);
    if (!used) await tx.delete(searchWordTrigrams).where(and(inArray(searchWordTrigrams.trigram, wordTrigrams(word)), eq(searchWordTrigrams.word, word)));
  }
}

/**
 * Copies customers' current associate onto their lookup terms, after a
 * change of associate that did not go through reindexCustomer (a
 * reassignment of many at once). Same transaction as the change.
 */
export async function syncSearchCopies(tx: Pick<Db, "update">, customerIds: string[], copies: { assignedStaffId?: string | null; homeStoreId?: string | null }): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 500) {
    await tx.update(customerSearchTerms).set(copies).where(inArray(customerSearchTerms.customerId, customerIds.slice(i, i + 500)));
  }
}
