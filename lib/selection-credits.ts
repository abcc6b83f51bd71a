import "server-only";
import { and, asc, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { linkOpens, purchaseLines, purchases, selectionItems, selections, staff } from "@/db/schema";

/** A purchase of a selected product counts for the sender this long after the selection went out. */
export const PURCHASE_CREDIT_DAYS = 30;
const DAY = 86_400_000;

export interface SelectionCredit {
  staffId: string;
  name: string;
  /** Selections sent in the period. */
  sent: number;
  /** Times her page was opened after a selection was sent. */
  views: number;
  /** Holds she placed from a selection's page. */
  holds: number;
  /** Purchase lines of a selected product, by her, after the selection was sent. */
  purchases: number;
  purchaseCents: number;
}

/**
 * What followed the selections a store's associates sent, per associate, for
 * [from, to): each figure counted when it happened (an open, a hold, a
 * purchase), credited to whoever sent the selection. A purchase counts when a
 * selected product is bought by that customer within PURCHASE_CREDIT_DAYS of
 * the sending; a line that two selections could claim counts once, for each
 * sender, so a figure per person is never inflated by the same person twice.
 */
export async function selectionCredits(db: Db, { storeId, from, to }: { storeId: string; from: Date; to: Date }): Promise<SelectionCredit[]> {
  const [sent, views, held, bought] = await Promise.all([
    db
      .select({ staffId: selections.staffId, n: sql<number>`count(*)` })
      .from(selections)
      .where(and(eq(selections.storeId, storeId), gte(selections.sentAt, from), lt(selections.sentAt, to)))
      .groupBy(selections.staffId),
    db
      .select({ staffId: selections.staffId, n: sql<number>`count(*)` })
      .from(linkOpens)
      .innerJoin(selections, eq(selections.linkId, linkOpens.linkId))
      .where(and(eq(selections.storeId, storeId), gte(linkOpens.at, selections.sentAt), gte(linkOpens.at, from), lt(linkOpens.at, to)))
      .groupBy(selections.staffId),
    db
      .select({ staffId: selections.staffId, n: sql<number>`count(*)` })
      .from(selectionItems)
      .innerJoin(selections, eq(selections.id, selectionItems.selectionId))
      .where(and(eq(selections.storeId, storeId), isNotNull(selectionItems.holdId), gte(selectionItems.respondedAt, from), lt(selectionItems.respondedAt, to)))
      .groupBy(selections.staffId),
    db
      .selectDistinct({ staffId: selections.staffId, lineId: purchaseLines.id, cents: sql<number>`${purchaseLines.quantity} * ${purchaseLines.unitPriceCents}` })
      .from(selections)
      .innerJoin(selectionItems, eq(selectionItems.selectionId, selections.id))
      .innerJoin(purchases, eq(purchases.customerId, selections.customerId))
      .innerJoin(purchaseLines, and(eq(purchaseLines.purchaseId, purchases.id), eq(purchaseLines.productId, selectionItems.productId)))
      .where(
        and(
          eq(selections.storeId, storeId),
          gte(purchases.purchasedAt, selections.sentAt),
          lt(purchases.purchasedAt, sql`${selections.sentAt} + ${PURCHASE_CREDIT_DAYS * DAY}`),
          gte(purchases.purchasedAt, from),
          lt(purchases.purchasedAt, to),
        ),
      ),
  ]);
  const ids = new Set([...sent, ...views, ...held, ...bought].map((r) => r.staffId));
  if (!ids.size) return [];
  const people = await db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.storeId, storeId)).orderBy(asc(staff.name));
  const count = (rows: Array<{ staffId: string; n: number }>, id: string) => Number(rows.find((r) => r.staffId === id)?.n ?? 0);
  // Someone who sent selections and has since moved stores still gets their credit, under their name.
  const named = new Map(people.map((p) => [p.id, p.name]));
  const missing = [...ids].filter((id) => !named.has(id));
  for (const id of missing) {
    const [row] = await db.select({ name: staff.name }).from(staff).where(eq(staff.id, id)).limit(1);
    named.set(id, row?.name ?? "Someone who left");
  }
  return [...ids]
    .map((id) => {
      const lines = bought.filter((b) => b.staffId === id);
      return {
        staffId: id,
        name: named.get(id)!,
        sent: count(sent, id),
        views: count(views, id),
        holds: count(held, id),
        purchases: lines.length,
        purchaseCents: lines.reduce((sum, l) => sum + Number(l.cents), 0),
      };
    })
    .sort((a, b) => b.holds - a.holds || b.sent - a.sent || a.name.localeCompare(b.name));
}
