"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import QRCode from "qrcode";
import { getDb } from "@/db";
import { staffAction, type ActionState } from "@/lib/actions";
import { deliverOutboxMessage } from "@/lib/customer-links";
import { addToSelection, removeFromSelection, sendSelection, MAX_SELECTION_ITEMS, type SelectionRefusal } from "@/lib/selections";
import { findSelectableVariants, type SelectableVariant } from "@/lib/selection-search";
import { channelSetUp, transportFor } from "@/lib/transports";
import { linkBaseUrl } from "@/lib/public-url";

const id = z.string().min(1).max(64);

const REFUSALS: Record<SelectionRefusal, string> = {
  no_customer: "That customer no longer exists.",
  not_found: "That item no longer exists.",
  not_her_size: "That is not her size on record. Choose her size, or correct her sizes first.",
  already_held: "That is already on hold for her.",
  already_chosen: "That is already in the selection.",
  full: `A selection holds at most ${MAX_SELECTION_ITEMS} items.`,
  empty: "Add at least one item to the selection first.",
  sent: "That selection was already sent.",
};

const SEND_ERRORS = {
  not_found: "That customer no longer exists.",
  no_consent: "The customer has not agreed to be contacted this way. Choose another channel.",
  no_address: "There is no address on file for this channel.",
  no_holds: "Add at least one item to the selection first.",
  over_daily_limit: "Your store has sent as many emails and texts today as it may. Show the QR code instead, or send it tomorrow.",
} as const;

/** Adds a suggested or found item (a variant in her size) to the caller's selection for her. */
export const addToSelectionAction = staffAction(z.object({ customerId: id, variantId: id }), async (input, me) => {
  const result = await addToSelection(getDb(), { customerId: input.customerId, variantId: input.variantId, storeId: me.storeId, staffId: me.id });
  if (!result.ok) return { message: REFUSALS[result.reason] };
  revalidatePath(`/customers/${input.customerId}`);
  return { ok: true, message: "Added to the selection." };
});

export const removeFromSelectionAction = staffAction(z.object({ customerId: id, itemId: id }), async (input, me) => {
  const result = await removeFromSelection(getDb(), { customerId: input.customerId, itemId: input.itemId, storeId: me.storeId, staffId: me.id });
  if (!result.ok) return { message: "That item is not in your selection any more." };
  revalidatePath(`/customers/${input.customerId}`);
  return { ok: true, message: "Taken out of the selection." };
});

export interface FindState extends ActionState {
  query?: string;
  results?: SelectableVariant[];
}

/** The catalogue by name, in her size, to add to the selection. */
export const findForSelectionAction = staffAction<z.ZodType<{ customerId: string; query: string }>, FindState>(
  z.object({ customerId: id, query: z.string().trim().min(2, "Type at least two letters of a name, brand or style code.").max(80) }),
  async (input, me) => {
    const results = await findSelectableVariants(getDb(), { customerId: input.customerId, storeId: me.storeId, query: input.query });
    return { ok: true, query: input.query, results, message: results.length ? undefined : `Nothing in her size matches “${input.query}”.` };
  },
);

export interface SendSelectionState extends ActionState {
  qrSvg?: string;
}

const LINE = z.string().trim().min(1, "Write a line for each item: why you picked it for her.").max(200, "Keep each line under 200 characters.");

/**
 * Sends the caller's selection: every item's line comes as `line_<item id>`,
 * each required. The form's fields are checked here, the items and her consent
 * in lib/selections.ts.
 */
export const sendSelectionAction = staffAction<z.ZodType<{ customerId: string; channel: "email" | "sms" | "in_store"; message: string; lines: Record<string, string> }>, SendSelectionState>(
  z
    .looseObject({
      customerId: id,
      channel: z.enum(["email", "sms", "in_store"], { message: "Choose how to send it." }),
      message: z.preprocess((v) => v ?? "", z.string().trim().max(500, "Keep the message under 500 characters.")),
    })
    .transform((form, ctx) => {
      const lines: Record<string, string> = {};
      for (const [key, value] of Object.entries(form)) {
        if (!key.startsWith("line_")) continue;
        const itemId = id.safeParse(key.slice(5));
        const line = LINE.safeParse(value);
        if (!itemId.success) continue;
        if (!line.success) ctx.addIssue({ code: "custom", path: ["lines"], message: line.error.issues[0]!.message });
        else lines[itemId.data] = line.data;
      }
      if (!Object.keys(lines).length && !ctx.issues?.length) ctx.addIssue({ code: "custom", path: ["lines"], message: "Add at least one item to the selection first." });
      return { customerId: form.customerId, channel: form.channel, message: form.message, lines };
    }),
  async (input, me) => {
    const setUp = channelSetUp(input.channel);
    if (!setUp.ok) return { message: `Nothing was sent: ${input.channel === "sms" ? "text messages are" : "email is"} not set up on this server (${setUp.why}). Show the QR code instead.` };
    const transport = transportFor(input.channel);
    const db = getDb();
    const result = await sendSelection(db, { ...input, storeId: me.storeId, staffId: me.id, baseUrl: linkBaseUrl(await headers()), transport: transport.name });
    if (!result.ok) return { message: result.reason in SEND_ERRORS ? SEND_ERRORS[result.reason as keyof typeof SEND_ERRORS] : REFUSALS[result.reason as SelectionRefusal] };
    revalidatePath(`/customers/${input.customerId}`);
    if (input.channel === "in_store") {
      const qrSvg = await QRCode.toString(result.url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      return { ok: true, qrSvg, message: "Ask her to point her phone camera at this code." };
    }
    const delivered = await deliverOutboxMessage(db, { outboxId: result.outboxId, transport, link: result.url });
    if (!delivered.ok) return { message: `The ${input.channel === "sms" ? "text" : "email"} could not be sent, so its link was turned off. Send the selection again later, or show the QR code.` };
    return { ok: true, message: `Selection sent by ${input.channel === "sms" ? "SMS" : "email"}. Her answers show here as she gives them.` };
  },
);
