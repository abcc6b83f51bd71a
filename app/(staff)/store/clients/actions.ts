"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { managerAction } from "@/lib/actions";
import { reassignCustomers } from "@/lib/client-books";

const id = z.string().min(1).max(64);
/** A form field sent once is a string, sent several times a list. */
const ids = (min: string) => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(id).min(1, min).max(1000, "Move at most 1,000 customers at a time."));

/**
 * Moves customers to one associate, or spreads them over several. Only a
 * manager, only within their own store (checked again in reassignCustomers).
 */
export const reassignAction = managerAction(
  z.object({
    customerId: ids("Tick the customers to move."),
    toStaffId: ids("Choose who should look after them."),
  }),
  async (input, me) => {
    const result = reassignCustomers(getDb(), { storeId: me.storeId, managerId: me.id, customerIds: input.customerId, toStaffIds: input.toStaffId });
    if (!result.ok) {
      return {
        message: result.reason === "bad_target" ? "Choose people who work at your store." : "Some of these customers are not in your store's books. Nothing was moved.",
      };
    }
    revalidatePath("/store/clients");
    revalidatePath("/clients");
    for (const customerId of input.customerId.slice(0, 50)) revalidatePath(`/customers/${customerId}`);
    const spread = Object.keys(result.perStaff).length;
    return { ok: true, message: spread > 1 ? `Moved ${result.moved} customers, spread over ${spread} people.` : result.moved === 1 ? "Moved 1 customer." : `Moved ${result.moved} customers.` };
  },
);
