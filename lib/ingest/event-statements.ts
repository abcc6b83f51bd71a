import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect, selectRows } from "@/db/dialect";
import { anonymousIdentities, customers, onlineEvents, productVariants, products, purchases } from "@/db/schema";
import type { Traits } from "./segment";

// The event writer's building blocks: the queries it runs inside its
// transaction, and small rules about ids and what a call says. Lookups come
// in bulk (one query for a whole request's emails, skus…) and events go in
// as multi-row inserts, so a batch of 500 events costs a handful of
// statements, not 500 round trips.

/** The open transaction (or a savepoint inside it). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

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

export type EventRow = typeof onlineEvents.$inferInsert;

/** Values in one `IN (…)` list: far below both databases' bind-parameter limits. */
const LOOKUP_CHUNK = 500;
/**
 * online_events has 18 columns: 50 rows are 900 parameters (SQLite allows
 * 32,766, PostgreSQL 65,535). Small enough that building and running one
 * insert is a millisecond or two, with a breather between them on SQLite.
 */
const EVENT_INSERT_CHUNK = 50;
/**
 * Calls a request handles between two breathers. Small: a page rendered while
 * batches come in waits for the event loop at each of its steps, behind a
 * slice of ingest work (with four batches at once, each on its own turns,
 * slices of 25 calls kept /login's p99 at 120–180 ms; of 10, 60–165 ms; of 10
 * taking turns in one line, see breather, 82–103 ms).
 */
export const CALLS_PER_SLICE = 10;

/** Slices of ingest work waiting for their turn, oldest first (breather). */
const waitingSlices: Array<() => void> = [];
let sliceScheduled = false;

function nextSlice() {
  // Resolving lets that request's next slice run now, in this turn's microtasks.
  waitingSlices.shift()?.();
  if (waitingSlices.length) setImmediate(nextSlice);
  else sliceScheduled = false;
}

/**
 * Lets the event loop run whatever is waiting (another page, a health check)
 * before the next slice of a request's work. better-sqlite3 runs each
 * statement synchronously, so a 500-call batch handled in one go would hold
 * the whole process for its entire transaction; PostgreSQL's statements wait
 * on the network, which yields anyway. Inside an SQLite transaction this is
 * safe: other writers wait for the writer connection's mutex without blocking,
 * and readers use the read-only connection, which does not see uncommitted rows.
 *
 * The batches in flight take turns in one line: one slice per turn of the
 * event loop, whichever batch it belongs to. Each batch waiting on its own
 * setImmediate ran one slice of every batch in every turn (four batches at
 * once: four slices back to back), and a page being rendered meanwhile waited
 * that long at each of its steps. A batch still gets one slice in every so
 * many turns as there are batches, as before; the turns are shorter.
 */
export function breather(): Promise<void> {
  return new Promise((resolve) => {
    waitingSlices.push(resolve);
    if (!sliceScheduled) {
      sliceScheduled = true;
      setImmediate(nextSlice);
    }
  });
}

export function chunked<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const CUSTOMER = { id: customers.id, homeStoreId: customers.homeStoreId, externalId: customers.externalId, email: customers.email, phone: customers.phone };

// --- customers ---------------------------------------------------------------

/** Customers whose retailer id, email, phone or id is one of `values` (several per phone number). */
export async function customersWhere(tx: Tx, key: "externalId" | "email" | "phone" | "id", values: readonly string[]): Promise<CustomerRow[]> {
  const rows: CustomerRow[] = [];
  for (const chunk of chunked([...new Set(values)], LOOKUP_CHUNK)) rows.push(...(await tx.select(CUSTOMER).from(customers).where(inArray(customers[key], chunk))));
  return rows;
}

export async function customerBy(tx: Tx, key: "externalId" | "email" | "id", value: string): Promise<CustomerRow | null> {
  const [row] = await tx.select(CUSTOMER).from(customers).where(eq(customers[key], value)).limit(1);
  return row ?? null;
}

/** Two at most: all a caller needs to know is whether a number is one customer's. */
export async function customersByPhone(tx: Tx, phone: string): Promise<CustomerRow[]> {
  return tx.select(CUSTOMER).from(customers).where(eq(customers.phone, phone)).limit(2);
}

// --- anonymous browsers ------------------------------------------------------

/** Who each of these browsers belongs to, by anonymous id (browsers nobody owns are left out). */
export async function anonymousOwners(tx: Tx, anonymousIds: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const chunk of chunked([...new Set(anonymousIds)], LOOKUP_CHUNK)) {
    const rows = await tx
      .select({ anonymousId: anonymousIdentities.anonymousId, customerId: anonymousIdentities.customerId })
      .from(anonymousIdentities)
      .where(inArray(anonymousIdentities.anonymousId, chunk));
    for (const row of rows) owners.set(row.anonymousId, row.customerId);
  }
  return owners;
}

/**
 * The update that gives a browser's anonymous events to a customer: this
 * browser's events nobody owns yet. `customer_id is null` is the predicate of
 * online_events_unlinked_idx, so both databases read exactly those rows
 * through it, whatever their statistics say (see event-statements.test.ts).
 */
export function claimUnlinkedEvents(tx: Tx, { anonymousId, customerId }: { anonymousId: string; customerId: string }) {
  return tx
    .update(onlineEvents)
    .set({ customerId })
    .where(and(eq(onlineEvents.anonymousId, anonymousId), isNull(onlineEvents.customerId)))
    .returning({ id: onlineEvents.id });
}

/**
 * Records that a browser belongs to the customer (the latest to identify on
 * it wins) and gives them its stored anonymous events. Returns how many moved.
 */
export async function linkAnonymous(tx: Tx, { anonymousId, customerId, at }: { anonymousId: string; customerId: string; at: Date }): Promise<number> {
  await tx
    .insert(anonymousIdentities)
    .values({ anonymousId, customerId, createdAt: at })
    .onConflictDoUpdate({ target: anonymousIdentities.anonymousId, set: { customerId: sql`excluded.customer_id` } });
  return (await claimUnlinkedEvents(tx, { anonymousId, customerId })).length;
}

// --- catalogue -----------------------------------------------------------------

/** Variants by sku; skus the catalogue does not carry are left out. */
export async function variantsBySku(tx: Tx, skus: readonly string[]): Promise<Map<string, ProductMatch>> {
  const found = new Map<string, ProductMatch>();
  for (const chunk of chunked([...new Set(skus)], LOOKUP_CHUNK)) {
    const rows = await tx
      .select({ sku: productVariants.sku, productId: productVariants.productId, variantId: productVariants.id, name: products.name, priceCents: productVariants.priceCents })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(inArray(productVariants.sku, chunk));
    for (const { sku, ...match } of rows) found.set(sku, match);
  }
  return found;
}

/** Products a `product_id` names: by our id first, else by style code. */
export async function productsByRef(tx: Tx, refs: readonly string[]): Promise<Map<string, ProductMatch>> {
  const byId = new Map<string, ProductMatch>();
  const byStyleCode = new Map<string, ProductMatch>();
  const columns = { productId: products.id, styleCode: products.styleCode, name: products.name, priceCents: products.priceCents };
  for (const chunk of chunked([...new Set(refs)], LOOKUP_CHUNK)) {
    for (const { styleCode: _, ...row } of await tx.select(columns).from(products).where(inArray(products.id, chunk))) byId.set(row.productId, { ...row, variantId: null });
    for (const { styleCode, ...row } of await tx.select(columns).from(products).where(inArray(products.styleCode, chunk))) byStyleCode.set(styleCode, { ...row, variantId: null });
  }
  const found = new Map<string, ProductMatch>();
  for (const ref of refs) {
    const match = byId.get(ref) ?? byStyleCode.get(ref);
    if (match) found.set(ref, match);
  }
  return found;
}

// --- orders --------------------------------------------------------------------

export async function hasOnlineOrder(tx: Tx, { customerId, orderRef }: { customerId: string; orderRef: string }): Promise<boolean> {
  const [row] = await tx
    .select({ id: purchases.id })
    .from(purchases)
    .where(and(eq(purchases.customerId, customerId), eq(purchases.channel, "online"), eq(purchases.orderRef, orderRef)))
    .limit(1);
  return Boolean(row);
}

// --- events ----------------------------------------------------------------------

// Any number that is ours alone: the first key of the two-key advisory locks below.
const INGEST_LOCK_CLASS = 727_301;

/**
 * PostgreSQL: holds, until the transaction ends, a lock on each message id and
 * order reference a request is about to check, so a client sending the same
 * batch twice at once waits for the first copy instead of both seeing its
 * events as new (events are inserted together at the end of the request).
 * Taken in one order (by hash), so two requests never wait for each other.
 * SQLite runs one write transaction at a time already: nothing to do.
 */
export async function lockIngestKeys(tx: Tx, keys: readonly string[]): Promise<void> {
  if (currentDialect() !== "pg" || !keys.length) return;
  for (const chunk of chunked([...new Set(keys)], 5_000)) {
    const list = sql.join(
      chunk.map((key) => sql`${key}`),
      sql`, `,
    );
    await selectRows(
      tx,
      sql`select pg_advisory_xact_lock(${sql.raw(String(INGEST_LOCK_CLASS))}, k) from (select distinct hashtext(v) as k from unnest(array[${list}]::text[]) as u(v) order by k) as ordered`,
    );
  }
}

/** Which of these message ids are stored already. */
export async function storedMessageIds(tx: Tx, messageIds: readonly string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const chunk of chunked([...new Set(messageIds)], LOOKUP_CHUNK)) {
    for (const row of await tx.select({ messageId: onlineEvents.messageId }).from(onlineEvents).where(inArray(onlineEvents.messageId, chunk))) {
      if (row.messageId) stored.add(row.messageId);
    }
  }
  return stored;
}

/** Inserts events, many rows a statement; returns how many were stored (a repeated message id is skipped). */
export async function insertEvents(tx: Tx, rows: readonly EventRow[]): Promise<number> {
  let inserted = 0;
  for (const [i, chunk] of chunked(rows, EVENT_INSERT_CHUNK).entries()) {
    if (i > 0 && currentDialect() === "sqlite") await breather();
    inserted += (await tx.insert(onlineEvents).values(chunk).onConflictDoNothing().returning({ id: onlineEvents.id })).length;
  }
  return inserted;
}

/**
 * A UUIDv7-style id: the time first, then a counter (RFC 9562's rand_a used
 * as a sequence), then random bits. New events land at the end of the
 * primary-key index instead of on a random page (fewer pages to write per
 * batch), and one request's events sort in the order they were sent.
 */
export function timeOrderedId(now: number, sequence = Math.floor(Math.random() * 0x1000)): string {
  const time = now.toString(16).padStart(12, "0");
  const counter = (sequence & 0xfff).toString(16).padStart(3, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter}${randomUUID().slice(18)}`;
}

/** The cached value, or what `load` finds (remembered, misses included). */
export async function cached<V>(map: Map<string, V>, key: string, load: () => Promise<V>): Promise<V> {
  if (map.has(key)) return map.get(key) as V;
  const value = await load();
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
