"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { managerAction } from "@/lib/actions";
import { reassignBook, reassignCustomers, type ReassignResult } from "@/lib/client-books";

const id = z.string().min(1).max(64);
/** A form field sent once is a string, sent several times a list. */
const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const FAILURES: Record<Extract<ReassignResult, { ok: false }>["reason"], string> = {
  bad_target: "Choose people who work at your store.",
  foreign_customers: "Some of these customers are not in your store's books. Nothing was moved.",
  foreign_book: "That book is not one of your store's. Nothing was moved.",
};

function joinNames(names: string[]) {
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "");
}

/** What happened, counting only customers who changed hands. */
function describeMove(result: Extract<ReassignResult, { ok: true }>, wholeBook: boolean) {
  const who = joinNames(result.targets.map((t) => t.name));
  if (result.moved === 0) {
    if (result.unchanged === 0) return wholeBook ? "This book is empty; nothing moved." : "Nothing moved.";
    return result.unchanged === 1 ? `They were already with ${who}; nothing moved.` : `All ${result.unchanged} were already with ${who}; nothing moved.`;
  }
  const spread = Object.keys(result.perStaff).length;
  const moved = result.moved === 1 ? "Moved 1 customer" : `Moved ${result.moved} customers`;
  const over = spread > 1 ? `, spread over ${spread} people` : "";
  const stayed = result.unchanged ? `; ${result.unchanged} ${result.unchanged === 1 ? "was" : "were"} already with ${who}` : "";
  return `${moved}${over}${stayed}.`;
}

/**
 * Moves customers to one associate, or spreads them over several: the ticked
 * ones, or with `book` a whole book (a person's or the unassigned pile), which
 * is read on the server. Only a manager, only within their own store (checked
 * again in reassignCustomers / reassignBook).
 */
export const reassignAction = managerAction(
  z
    .object({
      customerId: z.preprocess(list, z.array(id).max(1000, "Move at most 1,000 ticked customers at a time, or move the whole book.")),
      toStaffId: z.preprocess(list, z.array(id).min(1, "Choose who should look after them.").max(100)),
      book: id.optional(),
    })
    .refine((input) => input.book || input.customerId.length > 0, { path: ["customerId"], message: "Tick the customers to move." }),
  async (input, me) => {
    const db = getDb();
    const result = input.book
      ? await reassignBook(db, { storeId: me.storeId, managerId: me.id, book: input.book, toStaffIds: input.toStaffId })
      : await reassignCustomers(db, { storeId: me.storeId, managerId: me.id, customerIds: input.customerId, toStaffIds: input.toStaffId });
    if (!result.ok) return { message: FAILURES[result.reason], values: { toStaffId: input.toStaffId, book: input.book } };
    revalidatePath("/store/clients");
    revalidatePath("/clients");
    if (input.book) revalidatePath("/customers/[id]", "page");
    else for (const customerId of input.customerId.slice(0, 50)) revalidatePath(`/customers/${customerId}`);
    return { ok: true, message: describeMove(result, Boolean(input.book)), undoId: result.auditId ?? undefined };
  },
);
