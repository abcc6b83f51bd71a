import "server-only";
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { aliasTable, preparedRead } from "@/db/dialect";
import {
  customerHandles,
  customerPreferences,
  customers,
  holds,
  notes,
  onlineEvents,
  productVariants,
  products,
  purchaseLines,
  purchases,
  socialMentions,
  staff,
  stores,
} from "@/db/schema";

const DAY = 24 * 60 * 60 * 1000;
export const ACTIVITY_WINDOW_DAYS = 90;
/** Events read for the talking points (this week's) and the first page of the timeline. */
export const ACTIVITY_READ = 80;

const productColumns = {
  id: products.id,
  name: products.name,
  brand: products.brand,
  category: products.category,
  imageUrl: products.imageUrl,
  priceCents: products.priceCents,
};
const variantColumns = {
  id: productVariants.id,
  sku: productVariants.sku,
  size: productVariants.size,
  colour: productVariants.colour,
  colourHex: productVariants.colourHex,
  imageUrl: productVariants.imageUrl,
  priceCents: productVariants.priceCents,
};

const customerId = sql.placeholder("customerId");
/** The latest purchases shown, with their lines. */
const PURCHASES_SHOWN = 20;
/** Which purchases are the latest, for the purchases and their lines alike (the id breaks ties, so both pick the same). */
const LATEST_PURCHASES = [desc(purchases.purchasedAt), desc(purchases.id)];

// Each statement is made once (preparedRead): written out afresh, the joins below cost drizzle about as much
// to turn into SQL on every view as the database took to run them.
const readCustomer = preparedRead("profile_customer", (db) => {
  const assigned = aliasTable(staff, "assigned");
  return db
    .select({
      id: customers.id,
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
      phone: customers.phone,
      occupation: customers.occupation,
      city: customers.city,
      consentEmail: customers.consentEmail,
      consentSms: customers.consentSms,
      consentPhone: customers.consentPhone,
      lastVisitAt: customers.lastVisitAt,
      createdAt: customers.createdAt,
      homeStore: { id: stores.id, name: stores.name, city: stores.city },
      assigned: { id: assigned.id, name: assigned.name, storeId: assigned.storeId },
    })
    .from(customers)
    .leftJoin(stores, eq(stores.id, customers.homeStoreId))
    .leftJoin(assigned, eq(assigned.id, customers.assignedStaffId))
    .where(eq(customers.id, customerId))
    .limit(1);
});

const readHandles = preparedRead("profile_handles", (db) =>
  db
    .select({ network: customerHandles.network, handle: customerHandles.handle })
    .from(customerHandles)
    .where(eq(customerHandles.customerId, customerId))
    .orderBy(customerHandles.network),
);

const readPreferences = preparedRead("profile_preferences", (db) => db.select().from(customerPreferences).where(eq(customerPreferences.customerId, customerId)).limit(1));

/**
 * Her latest online events since `since` (epoch ms), `limit` of them: one
 * statement per limit, with the limit in its text (db/dialect.ts,
 * literalCount). There are a few: the first page of the timeline and each
 * "show more" (up to the timeline's longest).
 */
function readActivity(db: Db, { customerId, since, limit }: { customerId: string; since: number; limit: number }) {
  let read = activityReads.get(limit);
  if (!read) {
    read = activityRead(limit);
    activityReads.set(limit, read);
  }
  return read(db, { customerId, since });
}
const activityReads = new Map<number, ReturnType<typeof activityRead>>();
const activityRead = (limit: number) =>
  preparedRead(`profile_activity_${limit}`, (db) =>
    db
      .select({
        id: onlineEvents.id,
        type: onlineEvents.type,
        occurredAt: onlineEvents.occurredAt,
        channel: onlineEvents.channel,
        searchQuery: onlineEvents.searchQuery,
        // As the source sent them, for products the catalogue does not carry.
        productName: onlineEvents.productName,
        imageUrl: onlineEvents.imageUrl,
        productUrl: onlineEvents.productUrl,
        sku: onlineEvents.sku,
        valueCents: onlineEvents.valueCents,
        product: productColumns,
        variant: variantColumns,
      })
      .from(onlineEvents)
      .leftJoin(products, eq(products.id, onlineEvents.productId))
      .leftJoin(productVariants, eq(productVariants.id, onlineEvents.variantId))
      .where(and(eq(onlineEvents.customerId, customerId), gte(onlineEvents.occurredAt, sql.placeholder("since"))))
      .orderBy(desc(onlineEvents.occurredAt), desc(onlineEvents.id))
      .limit(limit),
  );

const readMentions = preparedRead("profile_mentions", (db) =>
  db
    .select({
      id: socialMentions.id,
      network: socialMentions.network,
      handle: socialMentions.handle,
      text: socialMentions.text,
      url: socialMentions.url,
      kind: socialMentions.kind,
      mediaUrl: socialMentions.mediaUrl,
      postedAt: socialMentions.postedAt,
      status: socialMentions.status,
      storeId: socialMentions.storeId,
      replyText: socialMentions.replyText,
      repliedAt: socialMentions.repliedAt,
      product: productColumns,
    })
    .from(socialMentions)
    .leftJoin(products, eq(products.id, socialMentions.productId))
    .where(eq(socialMentions.customerId, customerId))
    .orderBy(desc(socialMentions.postedAt))
    .limit(20),
);

const readPurchases = preparedRead("profile_purchases", (db) =>
  db
    .select({
      id: purchases.id,
      channel: purchases.channel,
      orderRef: purchases.orderRef,
      totalCents: purchases.totalCents,
      purchasedAt: purchases.purchasedAt,
      storeName: stores.name,
    })
    .from(purchases)
    .leftJoin(stores, eq(stores.id, purchases.storeId))
    .where(eq(purchases.customerId, customerId))
    .orderBy(...LATEST_PURCHASES)
    .limit(PURCHASES_SHOWN),
);

/** The lines of the purchases readPurchases reads (LATEST_PURCHASES), read beside it rather than after it. */
const readPurchaseLines = preparedRead("profile_purchase_lines", (db) =>
  db
    .select({
      purchaseId: purchaseLines.purchaseId,
      description: purchaseLines.description,
      quantity: purchaseLines.quantity,
      unitPriceCents: purchaseLines.unitPriceCents,
      size: productVariants.size,
      colour: productVariants.colour,
      imageUrl: productVariants.imageUrl,
    })
    .from(purchaseLines)
    .leftJoin(productVariants, eq(productVariants.id, purchaseLines.variantId))
    .where(
      inArray(
        purchaseLines.purchaseId,
        db.select({ id: purchases.id }).from(purchases).where(eq(purchases.customerId, customerId)).orderBy(...LATEST_PURCHASES).limit(PURCHASES_SHOWN),
      ),
    ),
);

const readSpend = preparedRead("profile_spend", (db) =>
  db
    .select({ totalCents: sql<number>`coalesce(sum(${purchases.totalCents}), 0)`, count: sql<number>`count(*)` })
    .from(purchases)
    .where(eq(purchases.customerId, customerId)),
);

const readHolds = preparedRead("profile_holds", (db) =>
  db
    .select({
      id: holds.id,
      status: holds.status,
      quantity: holds.quantity,
      expiresAt: holds.expiresAt,
      createdAt: holds.createdAt,
      note: holds.note,
      storeId: holds.storeId,
      storeName: stores.name,
      storeTimezone: stores.timezone,
      staffName: staff.name,
      product: productColumns,
      variant: variantColumns,
    })
    .from(holds)
    .innerJoin(stores, eq(stores.id, holds.storeId))
    .innerJoin(staff, eq(staff.id, holds.staffId))
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(holds.customerId, customerId))
    .orderBy(desc(holds.createdAt))
    .limit(20),
);

const readNotes = preparedRead("profile_notes", (db) => {
  const author = aliasTable(staff, "author");
  return db
    .select({
      id: notes.id,
      body: notes.body,
      pinned: notes.pinned,
      staffId: notes.staffId,
      createdAt: notes.createdAt,
      updatedAt: notes.updatedAt,
      authorName: author.name,
      storeName: stores.name,
    })
    .from(notes)
    .innerJoin(author, eq(author.id, notes.staffId))
    .innerJoin(stores, eq(stores.id, notes.storeId))
    .where(eq(notes.customerId, customerId))
    .orderBy(desc(notes.pinned), desc(notes.createdAt))
    .limit(50);
});

/**
 * Everything the profile page shows about one customer, in a fixed number of
 * indexed queries (none per row). Null when the customer does not exist.
 * `activityLimit`: how many of the latest online events to read (more when
 * the associate asked to see more of the timeline).
 */
export async function getCustomerProfile(db: Db, { customerId, now = new Date(), activityLimit = ACTIVITY_READ }: { customerId: string; now?: Date; activityLimit?: number }) {
  const [customer] = await readCustomer(db, { customerId });
  if (!customer) return null;

  const since = now.getTime() - ACTIVITY_WINDOW_DAYS * DAY;
  const [handles, [preferences], activity, mentions, purchaseRows, lines, [spend], holdRows, noteRows] = await Promise.all([
    readHandles(db, { customerId }),
    readPreferences(db, { customerId }),
    readActivity(db, { customerId, since, limit: Math.max(ACTIVITY_READ, activityLimit) }),
    readMentions(db, { customerId }),
    readPurchases(db, { customerId }),
    readPurchaseLines(db, { customerId }),
    readSpend(db, { customerId }),
    readHolds(db, { customerId }),
    readNotes(db, { customerId }),
  ]);

  return {
    customer,
    handles,
    preferences: preferences ?? null,
    activity,
    mentions,
    purchases: purchaseRows.map((p) => ({ ...p, lines: lines.filter((l) => l.purchaseId === p.id) })),
    lifetime: { spendCents: Number(spend?.totalCents ?? 0), purchaseCount: Number(spend?.count ?? 0) },
    // An active hold past its expiry is expired, whatever the stored status says.
    holds: holdRows.map((h) => ({ ...h, status: h.status === "active" && h.expiresAt <= now ? ("expired" as const) : h.status })),
    notes: noteRows,
  };
}

export type CustomerProfile = NonNullable<Awaited<ReturnType<typeof getCustomerProfile>>>;
