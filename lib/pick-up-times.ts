import "server-only";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db";
import { customerLinkHolds, holds, linkResponses } from "@/db/schema";
import { pickUpChoices, type PickUpChoice } from "./store-hours";
import { getStoreSchedule } from "./store-schedule";

type Reader = Pick<Db, "select">;

/**
 * The pick-up times a customer's page offers: days the store is open, from
 * now until the first of the link's waiting holds ends (after that, one of
 * the items would be gone). The page and the action that records the answer
 * both ask here, so a choice the page no longer offers is refused.
 */
export async function linkPickUpChoices(db: Reader, { linkId, storeId, now = new Date() }: { linkId: string; storeId: string; now?: Date }): Promise<PickUpChoice[]> {
  const [first] = await db
    .select({ expiresAt: holds.expiresAt })
    .from(customerLinkHolds)
    .innerJoin(holds, eq(holds.id, customerLinkHolds.holdId))
    .where(and(eq(customerLinkHolds.linkId, linkId), eq(holds.status, "active"), gt(holds.expiresAt, now)))
    .orderBy(asc(holds.expiresAt))
    .limit(1);
  if (!first) return [];
  const schedule = await getStoreSchedule(db, { storeId, now });
  return schedule ? pickUpChoices(schedule, { now, holdEnds: first.expiresAt }) : [];
}

/** What the customer last said about when they will come, as it was recorded, or null. */
export async function lastPickUpAnswer(db: Reader, { linkId }: { linkId: string }): Promise<string | null> {
  const [answer] = await db
    .select({ detail: linkResponses.detail })
    .from(linkResponses)
    .where(and(eq(linkResponses.linkId, linkId), eq(linkResponses.kind, "coming")))
    .orderBy(desc(linkResponses.createdAt), desc(linkResponses.id))
    .limit(1);
  return answer?.detail ?? null;
}
