import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { anonymousIdentities, customers, onlineEvents, productVariants, products, purchases } from "@/db/schema";
import type { Traits } from "./segment";

// The event writer's building blocks: statements prepared once per
// connection, and small rules about ids, errors and what a call says.

export interface CustomerRow {
  id: string;
  homeStoreId: string | null;
  externalId: string | null;
  email: string | null;
  phone: string | null;
}

export interface ProductMatch {
  productId: string;
  variantId: string | null;
  name: string;
  priceCents: number;
}

// Lookups and the event insert are prepared once per connection: a batch of
// 500 events then costs 500 statement runs, not 500 rounds of building SQL.
const statementsByDb = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function prepareStatements(db: Db) {
  const value = sql.placeholder("value");
  const p = (name: string) => sql.placeholder(name);
  const customer = { id: customers.id, homeStoreId: customers.homeStoreId, externalId: customers.externalId, email: customers.email, phone: customers.phone };
  return {
    customerByExternalId: db.select(customer).from(customers).where(eq(customers.externalId, value)).limit(1).prepare(),
    customerByEmail: db.select(customer).from(customers).where(eq(customers.email, value)).limit(1).prepare(),
    customersByPhone: db.select(customer).from(customers).where(eq(customers.phone, value)).limit(2).prepare(),
    customerById: db.select(customer).from(customers).where(eq(customers.id, value)).limit(1).prepare(),
    anonymousOwner: db.select({ customerId: anonymousIdentities.customerId }).from(anonymousIdentities).where(eq(anonymousIdentities.anonymousId, value)).limit(1).prepare(),
    variantBySku: db
      .select({ productId: productVariants.productId, variantId: productVariants.id, name: products.name, priceCents: productVariants.priceCents })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(eq(productVariants.sku, value))
      .limit(1)
      .prepare(),
    productById: db.select({ productId: products.id, name: products.name, priceCents: products.priceCents }).from(products).where(eq(products.id, value)).limit(1).prepare(),
    productByStyleCode: db.select({ productId: products.id, name: products.name, priceCents: products.priceCents }).from(products).where(eq(products.styleCode, value)).limit(1).prepare(),
    onlineOrder: db
      .select({ id: purchases.id })
      .from(purchases)
      .where(and(eq(purchases.customerId, p("customerId")), eq(purchases.channel, "online"), eq(purchases.orderRef, p("orderRef"))))
      .limit(1)
      .prepare(),
    linkAnonymous: db
      .insert(anonymousIdentities)
      .values({ anonymousId: p("anonymousId"), customerId: p("customerId"), createdAt: p("createdAt") })
      .onConflictDoUpdate({ target: anonymousIdentities.anonymousId, set: { customerId: sql`excluded.customer_id` } })
      .prepare(),
    attachAnonymousEvents: db
      .update(onlineEvents)
      .set({ customerId: sql`${p("customerId")}` })
      .where(and(eq(onlineEvents.anonymousId, p("anonymousId")), isNull(onlineEvents.customerId)))
      .prepare(),
    insertEvent: db
      .insert(onlineEvents)
      .values({
        id: p("id"),
        customerId: p("customerId"),
        anonymousId: p("anonymousId"),
        messageId: p("messageId"),
        type: p("type"),
        occurredAt: p("occurredAt"),
        productId: p("productId"),
        variantId: p("variantId"),
        productName: p("productName"),
        imageUrl: p("imageUrl"),
        productUrl: p("productUrl"),
        sku: p("sku"),
        eventName: p("eventName"),
        sourceKeyId: p("sourceKeyId"),
        searchQuery: p("searchQuery"),
        channel: p("channel"),
        valueCents: p("valueCents"),
        createdAt: p("createdAt"),
      })
      .onConflictDoNothing()
      .returning({ id: onlineEvents.id })
      .prepare(),
  };
}

export type EventStatements = ReturnType<typeof prepareStatements>;

export function statementsFor(db: Db): EventStatements {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = prepareStatements(db);
    statementsByDb.set(db, statements);
  }
  return statements;
}

/**
 * A UUIDv7-style id: the time first, so each new event lands at the end of
 * the primary-key index instead of on a random page (fewer pages to write per batch).
 */
export function timeOrderedId(now: number): string {
  const time = now.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}

export function isConstraintError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (typeof (e as { code?: unknown }).code === "string" && (e as { code: string }).code.startsWith("SQLITE_CONSTRAINT")) return true;
  }
  return false;
}

export function cached<V>(map: Map<string, V>, key: string, load: () => V): V {
  if (map.has(key)) return map.get(key) as V;
  const value = load();
  map.set(key, value);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Mobile SDKs describe the app; browsers do not. */
export function channelOf(context: Record<string, unknown> | null | undefined): "web" | "app" {
  if (!context) return "web";
  const device = isObject(context.device) ? context.device : null;
  return isObject(context.app) || (typeof device?.type === "string" && /^(ios|android)$/i.test(device.type)) ? "app" : "web";
}

export function nameFrom(trait: <K extends keyof Traits>(key: K) => Traits[K]): { firstName: string; lastName: string } | null {
  const first = trait("firstName") ?? trait("first_name");
  const last = trait("lastName") ?? trait("last_name");
  if (first) return { firstName: first, lastName: last ?? "" };
  const full = trait("name")?.split(/\s+/).filter(Boolean);
  if (!full?.length) return null;
  return { firstName: full[0]!.slice(0, 100), lastName: full.slice(1).join(" ").slice(0, 100) };
}
