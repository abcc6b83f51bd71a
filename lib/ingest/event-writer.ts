import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect, isConstraintViolation } from "@/db/dialect";
import { auditLog, customers, purchaseLines, purchases, type OnlineEventType } from "@/db/schema";
import { recordChanges } from "@/lib/change-feed";
import { reindexCustomer } from "@/lib/customers";
import type { AuthenticatedSource } from "@/lib/source-keys";
import type { IdentifyMessage, IngestError, Product, Properties, TrackMessage, Traits } from "./segment";
import {
  anonymousOwners,
  breather,
  cached,
  CALLS_PER_SLICE,
  channelOf,
  customerBy,
  customersByPhone,
  customersWhere,
  hasOnlineOrder,
  insertEvents,
  linkAnonymous,
  lockIngestKeys,
  nameFrom,
  productsByRef,
  storedMessageIds,
  timeOrderedId,
  variantsBySku,
  type CustomerRow,
  type EventRow,
  type ProductMatch,
  type Tx,
} from "./event-statements";

export type WritableCall = { index: number; kind: "track"; message: TrackMessage; eventType: OnlineEventType } | { index: number; kind: "identify"; message: IdentifyMessage };

export interface WriteResult {
  accepted: number;
  duplicates: number;
  ignored: number;
  errors: IngestError[];
}

type Outcome = "accepted" | "duplicates" | "ignored";
type ContactPatch = { externalId?: string; email?: string; phone?: string };
/** A customer an identify call introduces, before it is written. */
interface NewCustomer {
  row: CustomerRow;
  firstName: string;
  lastName: string;
}

/** The database refused one call's rows: its savepoint is rolled back, and the call is reported, not the request failed. */
class CallRefused extends Error {
  constructor(cause: unknown) {
    super("The database refused this call's rows.", { cause });
  }
}
/** What a call changed in memory, undone if the call is rolled back. */
type UndoLog = Array<() => void>;

interface Item {
  product: Product;
  match: ProductMatch | null;
}

const MULTI_PRODUCT_EVENTS = new Set<OnlineEventType>(["cart_viewed", "checkout_started", "order_completed"]);

/**
 * The request's new events, inserted together when every call has been
 * handled (a few multi-row inserts instead of one statement per event).
 * Whether an event is new is known up front: the request's message ids are
 * looked up first (locked on PostgreSQL, see lockIngestKeys), and each id
 * seen in the request is remembered. A browser linked to a customer later in
 * the request takes its waiting events along, as it takes the stored ones.
 */
class PendingEvents {
  readonly rows: EventRow[] = [];
  private readonly byAnonymousId = new Map<string, EventRow[]>();
  private readonly messageIds = new Set<string>();

  has(messageId: string): boolean {
    return this.messageIds.has(messageId);
  }

  add(row: EventRow, undo: UndoLog) {
    this.rows.push(row);
    this.messageIds.add(row.messageId!);
    const sameBrowser = row.anonymousId ? this.byAnonymousId.get(row.anonymousId) : undefined;
    if (row.anonymousId) {
      if (sameBrowser) sameBrowser.push(row);
      else this.byAnonymousId.set(row.anonymousId, [row]);
    }
    undo.push(() => {
      this.rows.splice(this.rows.lastIndexOf(row), 1);
      this.messageIds.delete(row.messageId!);
      const list = row.anonymousId ? this.byAnonymousId.get(row.anonymousId) : undefined;
      list?.splice(list.lastIndexOf(row), 1);
    });
  }

  /** Gives the browser's waiting anonymous events to the customer; true if there were any. */
  attach(anonymousId: string, customerId: string, undo: UndoLog): boolean {
    let moved = false;
    for (const row of this.byAnonymousId.get(anonymousId) ?? []) {
      if (row.customerId != null) continue;
      row.customerId = customerId;
      undo.push(() => (row.customerId = null));
      moved = true;
    }
    return moved;
  }
}

/**
 * Writes one request's valid calls in a single transaction. Lookups are made
 * for the whole request at once and cached, so a batch about 50 customers and
 * 100 products reads each of them once, in a handful of queries.
 */
export class EventWriter {
  private readonly result: WriteResult = { accepted: 0, duplicates: 0, ignored: 0, errors: [] };
  /** Customers with something new, and their home store: one change-feed row each per request. */
  private readonly touched = new Map<string, string | null>();
  private readonly events = new PendingEvents();
  private storedMessageIds = new Set<string>();
  private sequence = 0;
  /** The current call's in-memory changes. */
  private undo: UndoLog = [];
  private byExternalId = new Map<string, CustomerRow | null>();
  private byEmail = new Map<string, CustomerRow | null>();
  private byPhone = new Map<string, CustomerRow[]>();
  private byId = new Map<string, CustomerRow | null>();
  private anonymousOwners = new Map<string, string | null>();
  private bySku = new Map<string, ProductMatch | null>();
  private byProductRef = new Map<string, ProductMatch | null>();

  private constructor(
    /** The transaction, or the savepoint of the call being written. */
    private tx: Tx,
    private readonly source: AuthenticatedSource,
    private readonly receivedAt: Date,
  ) {}

  static async write(db: Db, { source, calls, receivedAt }: { source: AuthenticatedSource; calls: WritableCall[]; receivedAt: Date }): Promise<WriteResult> {
    return db.transaction(async (tx) => {
      const writer = new EventWriter(tx, source, receivedAt);
      await writer.prefetch(calls);
      const breathe = currentDialect() === "sqlite";
      for (const [i, call] of calls.entries()) {
        // SQLite's statements are synchronous: a slice of calls at a time, so other requests are answered meanwhile.
        if (breathe && i > 0 && i % CALLS_PER_SLICE === 0) await breather();
        await writer.handle(call);
      }
      await writer.insertEvents();
      await recordChanges(
        tx,
        [...writer.touched].map(([customerId, storeId]) => ({ kind: "event" as const, customerId, storeId })),
        receivedAt,
      );
      return writer.result;
    });
  }

  /**
   * One query per kind of key for the whole request: stored message ids,
   * customers by retailer id, email and phone, browsers' owners, skus and
   * product ids. Only what a call could look up is fetched, and a lookup the
   * request's own writes change afterwards is kept up to date by them.
   */
  private async prefetch(calls: WritableCall[]) {
    const userIds = new Set<string>();
    const emails = new Set<string>();
    const phones = new Set<string>();
    const anonymousIds = new Set<string>();
    const skus = new Set<string>();
    const productRefs = new Set<string>();
    const messageIds = new Set<string>();
    const orderRefs = new Set<string>();
    for (const call of calls) {
      const { message } = call;
      if (message.userId) userIds.add(message.userId);
      if (message.anonymousId) anonymousIds.add(message.anonymousId);
      // As track and identify read them (identify prefers its own traits).
      const own = call.kind === "identify" ? call.message.traits : undefined;
      const email = own?.email ?? message.context?.traits?.email;
      const phone = own?.phone ?? message.context?.traits?.phone;
      if (email) emails.add(email);
      if (phone) phones.add(phone);
      if (call.kind !== "track") continue;
      const { properties } = call.message;
      for (const product of [properties ?? {}, ...(properties?.products ?? [])]) {
        if (product.sku) skus.add(product.sku);
        if (product.product_id) productRefs.add(product.product_id);
      }
      if (call.message.messageId) messageIds.add(call.message.messageId);
      const orderRef = call.eventType === "order_completed" ? (properties?.order_id ?? call.message.messageId) : null;
      if (orderRef) orderRefs.add(orderRef.slice(0, 100));
    }

    await lockIngestKeys(this.tx, [...[...messageIds].map((id) => `message:${id}`), ...[...orderRefs].map((ref) => `order:${ref}`)]);
    this.storedMessageIds = await storedMessageIds(this.tx, [...messageIds]);

    const remember = (row: CustomerRow): CustomerRow => {
      // One object per customer, so what a call fills in is seen by every later lookup.
      const known = this.byId.get(row.id);
      if (known) return known;
      this.byId.set(row.id, row);
      return row;
    };
    for (const userId of userIds) this.byExternalId.set(userId, null);
    for (const row of await customersWhere(this.tx, "externalId", [...userIds])) this.byExternalId.set(row.externalId!, remember(row));
    for (const email of emails) this.byEmail.set(email, null);
    for (const row of await customersWhere(this.tx, "email", [...emails])) this.byEmail.set(row.email!, remember(row));
    for (const phone of phones) this.byPhone.set(phone, []);
    for (const row of await customersWhere(this.tx, "phone", [...phones])) {
      const list = this.byPhone.get(row.phone!)!;
      if (list.length < 2) list.push(remember(row));
    }
    const owners = await anonymousOwners(this.tx, [...anonymousIds]);
    for (const anonymousId of anonymousIds) this.anonymousOwners.set(anonymousId, owners.get(anonymousId) ?? null);
    const ownerIds = [...new Set(owners.values())].filter((id) => !this.byId.has(id));
    for (const id of ownerIds) this.byId.set(id, null);
    for (const row of await customersWhere(this.tx, "id", ownerIds)) this.byId.set(row.id, row);

    const variants = await variantsBySku(this.tx, [...skus]);
    for (const sku of skus) this.bySku.set(sku, variants.get(sku) ?? null);
    const byRef = await productsByRef(this.tx, [...productRefs]);
    for (const ref of productRefs) this.byProductRef.set(ref, byRef.get(ref) ?? null);
  }

  private async handle(call: WritableCall) {
    const touched: CustomerRow[] = [];
    this.undo = [];
    let outcome: Outcome;
    try {
      // An order writes several rows: the whole call gets a savepoint, so it is stored whole or not at all.
      if (call.kind === "identify") outcome = await this.identify(call.message, touched);
      else if (call.eventType === "order_completed") outcome = await this.inSavepoint(() => this.track(call.message, call.eventType, touched));
      else outcome = await this.track(call.message, call.eventType, touched);
    } catch (error) {
      // Outside a savepoint, PostgreSQL has given up on the whole transaction (SQLite only on the statement).
      if (!(error instanceof CallRefused) && !(isConstraintViolation(error) && currentDialect() === "sqlite")) throw error;
      for (const undo of this.undo.reverse()) undo();
      // What the cache learnt inside the rolled-back call may no longer be true.
      this.forget();
      this.result.errors.push({
        index: call.index,
        ...(call.message.messageId ? { messageId: call.message.messageId } : {}),
        message: "This call conflicts with a record already stored (for example an email that belongs to another customer) and was not saved.",
      });
      return;
    }
    this.result[outcome] += 1;
    for (const customer of touched) this.touched.set(customer.id, customer.homeStoreId);
  }

  /**
   * Runs `fn` in a savepoint, its statements going through the savepoint's
   * handle. A row the database refuses rolls the savepoint back and comes out
   * as CallRefused; the transaction goes on.
   */
  private async inSavepoint<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.tx;
    try {
      return await outer.transaction(async (sp) => {
        this.tx = sp;
        return fn();
      });
    } catch (error) {
      throw isConstraintViolation(error) ? new CallRefused(error) : error;
    } finally {
      this.tx = outer;
    }
  }

  private forget() {
    this.byExternalId = new Map();
    this.byEmail = new Map();
    this.byPhone = new Map();
    this.byId = new Map();
    this.anonymousOwners = new Map();
  }

  private async insertEvents() {
    const { rows } = this.events;
    const inserted = await insertEvents(this.tx, rows);
    // Cannot happen while the message ids are locked: refuse rather than miscount.
    if (inserted !== rows.length) throw new Error(`${rows.length - inserted} of ${rows.length} new events were stored meanwhile by another request.`);
  }

  // --- track ---------------------------------------------------------------

  private async track(message: TrackMessage, type: OnlineEventType, touched: CustomerRow[]): Promise<Outcome> {
    const traits = message.context?.traits;
    const customer = await this.findCustomer({ userId: message.userId, email: traits?.email, phone: traits?.phone, anonymousId: message.anonymousId });

    const properties: Properties = message.properties ?? {};
    const shape = await this.shape(type, properties);
    const messageId = message.messageId ?? `shk-${randomUUID()}`;
    const occurredAt = this.occurredAt(message);
    const isNew = !this.storedMessageIds.has(messageId) && !this.events.has(messageId);
    if (isNew) {
      this.events.add(
        {
          id: timeOrderedId(this.receivedAt.getTime(), this.sequence++),
          customerId: customer?.id ?? null,
          anonymousId: message.anonymousId ?? null,
          messageId,
          type,
          occurredAt,
          productId: shape.match?.productId ?? null,
          variantId: shape.match?.variantId ?? null,
          productName: shape.productName,
          imageUrl: shape.imageUrl,
          productUrl: shape.productUrl,
          sku: shape.sku,
          eventName: message.event,
          sourceKeyId: this.source.id,
          searchQuery: type === "searched" ? (properties.query ?? null) : null,
          channel: channelOf(message.context),
          valueCents: shape.valueCents,
          createdAt: this.receivedAt,
        },
        this.undo,
      );
    }
    if (customer && message.anonymousId && (await this.linkAnonymous(message.anonymousId, customer))) touched.push(customer);
    if (!isNew) return "duplicates";
    if (customer) {
      touched.push(customer);
      if (type === "order_completed") await this.recordOnlineOrder(customer, { properties, items: shape.items, totalCents: shape.valueCents, occurredAt, messageId });
    }
    return "accepted";
  }

  /**
   * Segment's clock-skew correction: a device whose clock is off sends both
   * its own time of the event and of sending, and the difference is laid on
   * our clock. Nothing is dated in the future.
   */
  private occurredAt(message: TrackMessage): Date {
    const stamp = message.timestamp ?? message.originalTimestamp;
    if (!stamp) return this.receivedAt;
    const at = message.sentAt ? this.receivedAt.getTime() - (message.sentAt.getTime() - stamp.getTime()) : stamp.getTime();
    return new Date(Math.min(at, this.receivedAt.getTime()));
  }

  private async shape(type: OnlineEventType, properties: Properties) {
    const listed = MULTI_PRODUCT_EVENTS.has(type) && properties.products?.length ? properties.products : null;
    const items: Item[] = [];
    for (const product of listed ?? (type === "searched" ? [] : [properties])) items.push({ product, match: await this.matchProduct(product) });
    const first = items[0];
    let productName = first && !first.match ? (first.product.name ?? null) : null;
    if (first && items.length > 1) productName = `${first.match?.name ?? first.product.name ?? "An item"} and ${items.length - 1} more`;
    const priced = items.filter((i) => i.product.price != null || i.match);
    const itemsTotal = priced.length ? priced.reduce((sum, i) => sum + (i.product.price ?? i.match!.priceCents) * (i.product.quantity || 1), 0) : null;
    const valueCents =
      type === "order_completed"
        ? (properties.total ?? properties.revenue ?? itemsTotal)
        : type === "checkout_started"
          ? (properties.value ?? properties.revenue ?? properties.total ?? itemsTotal)
          : type === "cart_viewed"
            ? itemsTotal
            : (first?.product.price ?? null);
    return {
      items: listed ? items : items.filter((i) => i.match || i.product.name || i.product.sku),
      match: first?.match ?? null,
      productName,
      // The retailer's own picture, only for what the catalogue has no art for.
      imageUrl: first && !first.match ? (first.product.image_url ?? null) : null,
      productUrl: first?.product.url ?? null,
      sku: first?.product.sku ?? null,
      valueCents,
    };
  }

  private async matchProduct(product: Product): Promise<ProductMatch | null> {
    const { sku, product_id: productId } = product;
    if (sku) {
      const bySku = await cached(this.bySku, sku, async () => (await variantsBySku(this.tx, [sku])).get(sku) ?? null);
      if (bySku) return bySku;
    }
    if (!productId) return null;
    return cached(this.byProductRef, productId, async () => (await productsByRef(this.tx, [productId])).get(productId) ?? null);
  }

  /** An order for a known customer also shows under their purchases; the same order id is recorded once. */
  private async recordOnlineOrder(
    customer: CustomerRow,
    { properties, items, totalCents, occurredAt, messageId }: { properties: Properties; items: Item[]; totalCents: number | null; occurredAt: Date; messageId: string },
  ) {
    const orderRef = (properties.order_id ?? messageId).slice(0, 100);
    if (await hasOnlineOrder(this.tx, { customerId: customer.id, orderRef })) return;
    const purchaseId = randomUUID();
    const lines = items.map(({ product, match }) => ({
      id: randomUUID(),
      purchaseId,
      productId: match?.productId ?? null,
      variantId: match?.variantId ?? null,
      description: match?.name ?? product.name ?? product.sku ?? "Item",
      quantity: product.quantity || 1,
      unitPriceCents: product.price ?? match?.priceCents ?? 0,
    }));
    const total = totalCents ?? lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
    await this.tx.insert(purchases).values({ id: purchaseId, customerId: customer.id, channel: "online", storeId: null, staffId: null, orderRef, totalCents: total, purchasedAt: occurredAt });
    if (lines.length) await this.tx.insert(purchaseLines).values(lines);
  }

  // --- identify ------------------------------------------------------------

  /**
   * Finds (or plans) the customer with reads alone; a savepoint is only
   * opened when the call has something to write, and then its writes are
   * stored whole or not at all.
   */
  private async identify(message: IdentifyMessage, touched: CustomerRow[]): Promise<Outcome> {
    const trait = <K extends keyof Traits>(key: K): Traits[K] => message.traits?.[key] ?? message.context?.traits?.[key];
    const userId = message.userId ?? undefined;
    const email = trait("email");
    const phone = trait("phone");
    const found = await this.findCustomer({ userId, email, phone });
    let patch: ContactPatch | null = null;
    let created: NewCustomer | null = null;
    if (found) {
      patch = await this.contactsPatch(found, { userId, email, phone });
    } else {
      const name = nameFrom(trait);
      if (name && (userId || email || phone)) created = await this.planCustomer({ ...name, userId, email, phone });
    }
    const customer = found ?? created?.row;
    // Nobody to attach it to yet: a later identify with a name or a known id will.
    if (!customer) return "ignored";
    const browser = message.anonymousId && (await this.anonymousOwner(message.anonymousId)) !== customer.id ? message.anonymousId : null;
    if (!patch && !created && !browser) return "accepted";
    return this.inSavepoint(async (): Promise<Outcome> => {
      let changed = false;
      if (patch) changed = await this.fillContacts(customer, patch);
      if (created) changed = await this.createCustomer(created);
      if (browser && (await this.linkAnonymous(browser, customer))) changed = true;
      if (changed) touched.push(customer);
      return "accepted";
    });
  }

  /** Only what is empty is filled: what staff entered is never overwritten, and nobody else's email or number is taken. */
  private async contactsPatch(customer: CustomerRow, { userId, email, phone }: { userId?: string; email?: string; phone?: string }): Promise<ContactPatch | null> {
    const patch: ContactPatch = {};
    if (!customer.externalId && userId && !(await this.customerByExternalId(userId))) patch.externalId = userId;
    if (!customer.email && email && !(await this.customerByEmail(email))) patch.email = email;
    if (!customer.phone && phone && (await this.customersByPhone(phone)).length === 0) patch.phone = phone;
    return Object.keys(patch).length ? patch : null;
  }

  private async fillContacts(customer: CustomerRow, patch: ContactPatch): Promise<boolean> {
    await this.tx.update(customers).set(patch).where(eq(customers.id, customer.id));
    Object.assign(customer, patch);
    if (patch.externalId) this.byExternalId.set(patch.externalId, customer);
    if (patch.email) this.byEmail.set(patch.email, customer);
    if (patch.phone) this.byPhone.set(patch.phone, [customer]);
    if (patch.email || patch.phone) await reindexCustomer(this.tx, customer.id);
    return true;
  }

  private async planCustomer({ firstName, lastName, userId, email, phone }: { firstName: string; lastName: string; userId?: string; email?: string; phone?: string }): Promise<NewCustomer> {
    const row: CustomerRow = {
      id: randomUUID(),
      homeStoreId: this.source.storeId,
      externalId: userId ?? null,
      email: email ?? null,
      // A number two customers already share says nothing about this one.
      phone: phone && (await this.customersByPhone(phone)).length === 0 ? phone : null,
    };
    return { row, firstName, lastName };
  }

  private async createCustomer({ row, firstName, lastName }: NewCustomer): Promise<boolean> {
    await this.tx.insert(customers).values({ ...row, firstName, lastName, createdAt: this.receivedAt });
    await reindexCustomer(this.tx, row.id);
    await this.tx.insert(auditLog).values({
      id: randomUUID(),
      at: this.receivedAt,
      staffId: null,
      storeId: this.source.storeId,
      action: "customer.created_from_events",
      targetType: "customer",
      targetId: row.id,
      customerId: row.id,
      detail: { sourceKeyId: this.source.id, sourceName: this.source.name },
    });
    this.byId.set(row.id, row);
    if (row.externalId) this.byExternalId.set(row.externalId, row);
    if (row.email) this.byEmail.set(row.email, row);
    if (row.phone) this.byPhone.set(row.phone, [row]);
    return true;
  }

  // --- identity ------------------------------------------------------------

  /** The retailer's id first, then email, then a phone number only one customer has, then a known browser. */
  private async findCustomer({ userId, email, phone, anonymousId }: { userId?: string | null; email?: string; phone?: string; anonymousId?: string | null }): Promise<CustomerRow | null> {
    if (userId) {
      const customer = await this.customerByExternalId(userId);
      if (customer) return customer;
    }
    if (email) {
      const customer = await this.customerByEmail(email);
      if (customer) return customer;
    }
    if (phone) {
      const matches = await this.customersByPhone(phone);
      if (matches.length === 1) return matches[0]!;
    }
    if (anonymousId) {
      const ownerId = await this.anonymousOwner(anonymousId);
      if (ownerId) return cached(this.byId, ownerId, () => customerBy(this.tx, "id", ownerId));
    }
    return null;
  }

  /**
   * Records that a browser belongs to the customer (the latest to identify on
   * it wins) and gives them its earlier anonymous events, stored or waiting
   * to be. True when events moved.
   */
  private async linkAnonymous(anonymousId: string, customer: CustomerRow): Promise<boolean> {
    if ((await this.anonymousOwner(anonymousId)) === customer.id) return false;
    const moved = await linkAnonymous(this.tx, { anonymousId, customerId: customer.id, at: this.receivedAt });
    this.anonymousOwners.set(anonymousId, customer.id);
    const movedWaiting = this.events.attach(anonymousId, customer.id, this.undo);
    return moved > 0 || movedWaiting;
  }

  private anonymousOwner(anonymousId: string): Promise<string | null> {
    return cached(this.anonymousOwners, anonymousId, async () => (await anonymousOwners(this.tx, [anonymousId])).get(anonymousId) ?? null);
  }

  private customerByExternalId(userId: string): Promise<CustomerRow | null> {
    return cached(this.byExternalId, userId, () => customerBy(this.tx, "externalId", userId));
  }

  private customerByEmail(email: string): Promise<CustomerRow | null> {
    return cached(this.byEmail, email, () => customerBy(this.tx, "email", email));
  }

  private customersByPhone(phone: string): Promise<CustomerRow[]> {
    return cached(this.byPhone, phone, () => customersByPhone(this.tx, phone));
  }
}
