import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { forUpdate, isUniqueViolation, preparedRead } from "@/db/dialect";
import { auditLog, customerLinkHolds, customerPreferences, customers, holds, productVariants, products, selectionItems, selections, staff } from "@/db/schema";
import { activeLink, respondFromLink, writeLinkMessage, type LinkChannel, type SendLinkResult } from "./customer-links";
import { placeHold } from "./holds";
import { recordChanges } from "./change-feed";
import { whereElse, type ElsewhereAnswer } from "./selection-stock";
import type { TransportName } from "./transports";

export { selectionCredits } from "./selection-credits";

/** A selection is a few things, chosen: more would be a catalogue. */
export const MAX_SELECTION_ITEMS = 12;
/** How long her page keeps the selection open to answer. */
export const SELECTION_LINK_DAYS = 14;
/** Open days a hold placed from her page lasts, as "Hold 2 days" on a suggestion. */
const HOLD_DAYS = 2;
const ONE_SIZE = "One size";
const DAY = 86_400_000;

export type SelectionRefusal = "no_customer" | "not_found" | "not_her_size" | "already_held" | "already_chosen" | "full" | "empty" | "sent";

/** Her size for the variant's category, or one size: the only sizes a selection offers her. */
async function variantForHer(tx: Pick<Db, "select">, { customerId, variantId }: { customerId: string; variantId: string }) {
  const [variant] = await tx
    .select({ id: productVariants.id, productId: productVariants.productId, size: productVariants.size, category: products.category })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.id, variantId))
    .limit(1);
  if (!variant) return { ok: false as const, reason: "not_found" as const };
  const [prefs] = await tx.select({ sizes: customerPreferences.sizes }).from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1);
  const hers = prefs?.sizes?.[variant.category];
  // Without a size on record the associate knows best; with one, it must be hers.
  if (variant.size !== ONE_SIZE && hers && hers !== variant.size) return { ok: false as const, reason: "not_her_size" as const };
  return { ok: true as const, variant };
}

/** Products held for her now, anywhere: a selection offers what she does not have yet. */
async function heldProductIds(tx: Pick<Db, "select">, customerId: string, now: Date): Promise<Set<string>> {
  const rows = await tx
    .select({ productId: productVariants.productId })
    .from(holds)
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .where(and(eq(holds.customerId, customerId), eq(holds.status, "active"), gt(holds.expiresAt, now)));
  return new Set(rows.map((r) => r.productId));
}

/** The associate's unsent selection for this customer, locked while it is changed. */
async function findDraft(tx: Pick<Db, "select">, { customerId, staffId, storeId }: { customerId: string; staffId: string; storeId: string }) {
  const [draft] = await forUpdate(
    tx
      .select({ id: selections.id })
      .from(selections)
      .where(and(eq(selections.customerId, customerId), eq(selections.staffId, staffId), eq(selections.storeId, storeId), isNull(selections.sentAt)))
      .orderBy(asc(selections.createdAt))
      .limit(1),
  );
  return draft;
}

/**
 * Adds an item (a variant in her size) to the associate's selection for this
 * customer, starting one if there is none. Refused: a variant that is not
 * hers in size, a product already held for her or already in the selection,
 * a thirteenth item.
 */
export async function addToSelection(
  db: Db,
  input: { customerId: string; storeId: string; staffId: string; variantId: string; line?: string; now?: Date },
): Promise<{ ok: true; selectionId: string; itemId: string } | { ok: false; reason: SelectionRefusal }> {
  try {
    return await addOnce(db, input);
  } catch (error) {
    // Another tab started her selection at the same moment (selections_draft_uq): add to that one.
    if (!isUniqueViolation(error)) throw error;
    return addOnce(db, input);
  }
}

async function addOnce(db: Db, input: Parameters<typeof addToSelection>[1]): ReturnType<typeof addToSelection> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1);
    if (!customer) return { ok: false as const, reason: "no_customer" as const };
    const found = await variantForHer(tx, input);
    if (!found.ok) return found;
    if ((await heldProductIds(tx, input.customerId, now)).has(found.variant.productId)) return { ok: false as const, reason: "already_held" as const };
    let draft = await findDraft(tx, input);
    if (!draft) {
      draft = { id: randomUUID() };
      await tx.insert(selections).values({ id: draft.id, storeId: input.storeId, customerId: input.customerId, staffId: input.staffId, message: "", createdAt: now });
    }
    const items = await tx.select({ productId: selectionItems.productId, position: selectionItems.position }).from(selectionItems).where(eq(selectionItems.selectionId, draft.id));
    if (items.some((i) => i.productId === found.variant.productId)) return { ok: false as const, reason: "already_chosen" as const };
    if (items.length >= MAX_SELECTION_ITEMS) return { ok: false as const, reason: "full" as const };
    const itemId = randomUUID();
    const position = Math.max(0, ...items.map((i) => i.position + 1));
    await tx.insert(selectionItems).values({ id: itemId, selectionId: draft.id, productId: found.variant.productId, variantId: found.variant.id, line: input.line ?? "", position });
    return { ok: true as const, selectionId: draft.id, itemId };
  });
}

/** Takes an item out of the associate's own unsent selection. */
export async function removeFromSelection(db: Db, input: { itemId: string; customerId: string; staffId: string; storeId: string }) {
  return db.transaction(async (tx) => {
    const draft = await findDraft(tx, input);
    if (!draft) return { ok: false as const, reason: "not_found" as const };
    const removed = await tx
      .delete(selectionItems)
      .where(and(eq(selectionItems.id, input.itemId), eq(selectionItems.selectionId, draft.id)))
      .returning({ id: selectionItems.id });
    return removed.length ? { ok: true as const } : { ok: false as const, reason: "not_found" as const };
  });
}

export type SendSelectionResult = SendLinkResult | { ok: false; reason: SelectionRefusal; itemIds?: string[] };

/**
 * Sends the associate's selection in the customer's conversation: every item
 * with its line (`lines`, by item id; each must have one), by the same path as
 * a link to her holds (consent, the store's daily limit, the outbox, a private
 * link whose page shows the selection). An item held for her meanwhile is
 * refused by name, so nothing is sent that she has already.
 */
export async function sendSelection(
  db: Db,
  input: { customerId: string; storeId: string; staffId: string; message: string; lines: Record<string, string>; channel: LinkChannel; baseUrl: string; transport?: TransportName; now?: Date },
): Promise<SendSelectionResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<SendSelectionResult> => {
    const draft = await findDraft(tx, input);
    if (!draft) return { ok: false, reason: "empty" };
    const items = await tx.select({ id: selectionItems.id, productId: selectionItems.productId }).from(selectionItems).where(eq(selectionItems.selectionId, draft.id));
    if (!items.length) return { ok: false, reason: "empty" };
    const held = await heldProductIds(tx, input.customerId, now);
    const taken = items.filter((i) => held.has(i.productId)).map((i) => i.id);
    if (taken.length) return { ok: false, reason: "already_held", itemIds: taken };
    const sent = await writeLinkMessage(tx, {
      customerId: input.customerId,
      storeId: input.storeId,
      staffId: input.staffId,
      message: input.message,
      channel: input.channel,
      baseUrl: input.baseUrl,
      transport: input.transport,
      now,
      purpose: { kind: "selection", selectionId: draft.id, items: items.length, expiresAt: new Date(now.getTime() + SELECTION_LINK_DAYS * DAY) },
    });
    if (!sent.ok) return sent;
    for (const item of items) await tx.update(selectionItems).set({ line: (input.lines[item.id] ?? "").trim() }).where(eq(selectionItems.id, item.id));
    await tx.update(selections).set({ message: input.message, linkId: sent.linkId, sentAt: now }).where(and(eq(selections.id, draft.id), isNull(selections.sentAt)));
    await recordChanges(tx, [{ kind: "response", customerId: input.customerId, storeId: input.storeId }], now);
    return sent;
  });
}

const itemColumns = {
  id: selectionItems.id,
  selectionId: selectionItems.selectionId,
  productId: selectionItems.productId,
  variantId: selectionItems.variantId,
  line: selectionItems.line,
  response: selectionItems.response,
  reason: selectionItems.reason,
  holdId: selectionItems.holdId,
  respondedAt: selectionItems.respondedAt,
  name: products.name,
  brand: products.brand,
  size: productVariants.size,
  colour: productVariants.colour,
  priceCents: productVariants.priceCents,
  imageUrl: productVariants.imageUrl,
  holdExpiresAt: holds.expiresAt,
  holdStatus: holds.status,
};

async function itemsOf(db: Pick<Db, "select">, selectionIds: string[]) {
  if (!selectionIds.length) return [];
  return db
    .select(itemColumns)
    .from(selectionItems)
    .innerJoin(productVariants, eq(productVariants.id, selectionItems.variantId))
    .innerJoin(products, eq(products.id, selectionItems.productId))
    .leftJoin(holds, eq(holds.id, selectionItems.holdId))
    .where(inArray(selectionItems.selectionId, selectionIds))
    .orderBy(asc(selectionItems.selectionId), asc(selectionItems.position));
}

export type SelectionItemView = Awaited<ReturnType<typeof itemsOf>>[number];

/** Selections sent from the store shown on the profile, the latest. */
const SENT_SHOWN = 3;
// Read on every profile view: made once each (preparedRead).
const readDraft = preparedRead("selection_draft", (db) =>
  db
    .select({ id: selections.id })
    .from(selections)
    .where(and(eq(selections.customerId, sql.placeholder("customerId")), eq(selections.staffId, sql.placeholder("staffId")), eq(selections.storeId, sql.placeholder("storeId")), isNull(selections.sentAt)))
    .limit(1),
);
const readSent = preparedRead("selections_sent", (db) =>
  db
    .select({ id: selections.id, message: selections.message, sentAt: selections.sentAt, staffName: staff.name })
    .from(selections)
    .innerJoin(staff, eq(staff.id, selections.staffId))
    .where(and(eq(selections.customerId, sql.placeholder("customerId")), eq(selections.storeId, sql.placeholder("storeId")), isNotNull(selections.sentAt)))
    .orderBy(desc(selections.sentAt))
    .limit(SENT_SHOWN),
);

/**
 * For the profile: the caller's unsent selection for this customer (to finish
 * and send), and the selections sent to her from this store, newest first,
 * each item with her answer.
 */
export async function listSelections(db: Db, { customerId, storeId, staffId }: { customerId: string; storeId: string; staffId: string }) {
  const [[draft], sent] = await Promise.all([readDraft(db, { customerId, staffId, storeId }), readSent(db, { customerId, storeId })]);
  const items = await itemsOf(db, [...(draft ? [draft.id] : []), ...sent.map((s) => s.id)]);
  return {
    draft: draft ? { id: draft.id, items: items.filter((i) => i.selectionId === draft.id) } : null,
    sent: sent.map((s) => ({ ...s, sentAt: s.sentAt!, items: items.filter((i) => i.selectionId === s.id) })),
  };
}

/** The selection a customer's page opens with, if its link was sent for one. */
export async function selectionForLink(db: Db, { linkId }: { linkId: string }) {
  const [selection] = await db
    .select({ id: selections.id, storeId: selections.storeId, message: selections.message, sentAt: selections.sentAt, staffName: staff.name })
    .from(selections)
    .innerJoin(staff, eq(staff.id, selections.staffId))
    .where(eq(selections.linkId, linkId))
    .limit(1);
  if (!selection) return null;
  const items = await itemsOf(db, [selection.id]);
  return { ...selection, associateFirstName: selection.staffName.split(" ")[0] ?? selection.staffName, items };
}

export type SelectionAnswer =
  | { kind: "hold" }
  | { kind: "not_for_me"; reason?: string }
  | { kind: "ask"; text: string };

export type SelectionResponseResult =
  | { ok: true; response: "held" | "not_for_me" | "asked"; holdId?: string; expiresAt?: Date }
  | { ok: false; reason: "inactive" | "not_found" | "answered" }
  | { ok: false; reason: "unavailable"; elsewhere: ElsewhereAnswer };

/**
 * What she said about one item of the selection on her page, checked against
 * her link (active, and this item is of its selection).
 *
 * - hold: a hold at the sender's store, placed in the sender's name (so it is
 *   credited to them) through placeHold, under the item's row lock and with
 *   the item as its idempotency key, so two taps at once place one hold. With
 *   no unit free in her size, nothing changes and the answer says where one is
 *   (other stores) and when (a hold at this store ending).
 * - not_for_me: kept on the item with her reason; suggestions leave the product out.
 * - ask: a question from her page, as AskQuestion's, naming the item.
 *
 * Each is announced live to the associate's open profile.
 */
export async function respondToSelectionItem(
  db: Db,
  input: { token: string; itemId: string; answer: SelectionAnswer; now?: Date },
): Promise<SelectionResponseResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<SelectionResponseResult> => {
    const link = await activeLink(tx, input.token, now);
    if (!link) return { ok: false, reason: "inactive" };
    const [item] = await forUpdate(
      tx
        .select({ id: selectionItems.id, response: selectionItems.response, holdId: selectionItems.holdId, variantId: selectionItems.variantId, productId: selectionItems.productId, name: products.name, staffId: selections.staffId, storeId: selections.storeId, customerId: selections.customerId, selectionId: selections.id })
        .from(selectionItems)
        .innerJoin(selections, eq(selections.id, selectionItems.selectionId))
        .innerJoin(products, eq(products.id, selectionItems.productId))
        .where(and(eq(selectionItems.id, input.itemId), eq(selections.linkId, link.id)))
        .limit(1),
    );
    if (!item) return { ok: false, reason: "not_found" };
    const { answer } = input;
    // Asking stays open after any answer; holding or declining is said once.
    if (answer.kind !== "ask" && (item.response === "held" || item.response === "not_for_me")) {
      return item.response === "held" && answer.kind === "hold" && item.holdId ? { ok: true, response: "held", holdId: item.holdId } : { ok: false, reason: "answered" };
    }
    const announce = () => recordChanges(tx, [{ kind: "response", customerId: item.customerId, storeId: item.storeId }], now);

    if (answer.kind === "hold") {
      const placed = await placeHold(tx, { customerId: item.customerId, variantId: item.variantId, storeId: item.storeId, staffId: item.staffId, days: HOLD_DAYS, note: "Held from her page (a selection)", idempotencyKey: `selection:${item.id}`, now });
      if (!placed.ok) {
        if (placed.reason === "not_found") return { ok: false, reason: "not_found" };
        return { ok: false, reason: "unavailable", elsewhere: await whereElse(tx, { variantId: item.variantId, storeId: item.storeId, now }) };
      }
      const [hold] = await tx.select({ expiresAt: holds.expiresAt }).from(holds).where(eq(holds.id, placed.holdId)).limit(1);
      // On her page with her other holds, to see until when and to let it go.
      await tx.insert(customerLinkHolds).values({ linkId: link.id, holdId: placed.holdId }).onConflictDoNothing();
      await tx.update(selectionItems).set({ response: "held", holdId: placed.holdId, respondedAt: now, reason: null }).where(eq(selectionItems.id, item.id));
      await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId: null, storeId: item.storeId, action: "customer.selection_held", targetType: "selection", targetId: item.selectionId, customerId: item.customerId, detail: { itemId: item.id, holdId: placed.holdId } });
      await announce();
      return { ok: true, response: "held", holdId: placed.holdId, expiresAt: hold?.expiresAt };
    }
    if (answer.kind === "not_for_me") {
      const reason = answer.reason?.trim() || null;
      await tx.update(selectionItems).set({ response: "not_for_me", reason, respondedAt: now }).where(eq(selectionItems.id, item.id));
      await tx.insert(auditLog).values({ id: randomUUID(), at: now, staffId: null, storeId: item.storeId, action: "customer.selection_declined", targetType: "selection", targetId: item.selectionId, customerId: item.customerId, detail: { itemId: item.id, productId: item.productId } });
      await announce();
      return { ok: true, response: "not_for_me" };
    }
    const asked = await respondFromLink(tx, { token: input.token, kind: "question", detail: `About the ${item.name}: ${answer.text.trim()}`, now });
    if (!asked.ok) return { ok: false, reason: asked.reason };
    // An item she holds or declined keeps that answer; her question is in the conversation either way.
    if (item.response == null) await tx.update(selectionItems).set({ response: "asked", reason: answer.text.trim(), respondedAt: now }).where(eq(selectionItems.id, item.id));
    return { ok: true, response: "asked" };
  });
}

/** How far back a sent selection still counts as something to prepare for her visit. */
export const PREPARE_SELECTION_DAYS = 30;

/**
 * For a visit: the items of selections sent to these customers from the store
 * in the last 30 days that she has neither held (a hold shows on its own) nor
 * turned down, so the associate can have them out. Keyed by customer.
 */
export async function selectionItemsToPrepare(db: Db, { storeId, customerIds, now }: { storeId: string; customerIds: string[]; now: Date }): Promise<Map<string, Array<{ name: string; colour: string; size: string; asked: boolean }>>> {
  const byCustomer = new Map<string, Array<{ name: string; colour: string; size: string; asked: boolean }>>();
  if (!customerIds.length) return byCustomer;
  const rows = await db
    .select({ customerId: selections.customerId, name: products.name, colour: productVariants.colour, size: productVariants.size, response: selectionItems.response })
    .from(selectionItems)
    .innerJoin(selections, eq(selections.id, selectionItems.selectionId))
    .innerJoin(productVariants, eq(productVariants.id, selectionItems.variantId))
    .innerJoin(products, eq(products.id, selectionItems.productId))
    .where(
      and(
        eq(selections.storeId, storeId),
        inArray(selections.customerId, customerIds),
        gt(selections.sentAt, new Date(now.getTime() - PREPARE_SELECTION_DAYS * 86_400_000)),
        or(isNull(selectionItems.response), eq(selectionItems.response, "asked")),
      ),
    )
    .orderBy(desc(selections.sentAt), asc(selectionItems.position));
  for (const r of rows) {
    const list = byCustomer.get(r.customerId) ?? [];
    if (!list.some((i) => i.name === r.name && i.size === r.size)) list.push({ name: r.name, colour: r.colour, size: r.size, asked: r.response === "asked" });
    byCustomer.set(r.customerId, list);
  }
  return byCustomer;
}
