import "server-only";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, customers, productVariants, products, purchaseLines, purchases, type OnlineEventType } from "@/db/schema";
import { recordChanges } from "@/lib/change-feed";
import { reindexCustomer } from "@/lib/customers";
import type { AuthenticatedSource } from "@/lib/source-keys";
import type { IdentifyMessage, IngestError, Product, Properties, TrackMessage, Traits } from "./segment";
import { cached, channelOf, isConstraintError, nameFrom, statementsFor, timeOrderedId, type CustomerRow, type EventStatements, type ProductMatch } from "./event-statements";

export type WritableCall = { index: number; kind: "track"; message: TrackMessage; eventType: OnlineEventType } | { index: number; kind: "identify"; message: IdentifyMessage };

export interface WriteResult {
  accepted: number;
  duplicates: number;
  ignored: number;
  errors: IngestError[];
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Outcome = "accepted" | "duplicates" | "ignored";

interface Item {
  product: Product;
  match: ProductMatch | null;
}

const SKU_CHUNK = 500;
const MULTI_PRODUCT_EVENTS = new Set<OnlineEventType>(["cart_viewed", "checkout_started", "order_completed"]);

/**
 * Writes one request's valid calls in a single transaction. Lookups are
 * cached for the request, so a batch about 50 customers and 100 products
 * reads each of them once.
 */
export class EventWriter {
  private readonly statements: EventStatements;
  private readonly result: WriteResult = { accepted: 0, duplicates: 0, ignored: 0, errors: [] };
  /** Customers with something new, and their home store: one change-feed row each per request. */
  private readonly touched = new Map<string, string | null>();
  private byExternalId = new Map<string, CustomerRow | null>();
  private byEmail = new Map<string, CustomerRow | null>();
  private byPhone = new Map<string, CustomerRow[]>();
  private byId = new Map<string, CustomerRow | null>();
  private anonymousOwners = new Map<string, string | null>();
  private bySku = new Map<string, ProductMatch | null>();
  private byProductRef = new Map<string, ProductMatch | null>();

  private constructor(
    db: Db,
    private readonly tx: Tx,
    private readonly source: AuthenticatedSource,
    private readonly receivedAt: Date,
  ) {
    this.statements = statementsFor(db);
  }

  static write(db: Db, { source, calls, receivedAt }: { source: AuthenticatedSource; calls: WritableCall[]; receivedAt: Date }): WriteResult {
    return db.transaction(
      (tx) => {
        const writer = new EventWriter(db, tx, source, receivedAt);
        writer.prefetchSkus(calls);
        for (const call of calls) writer.handle(call);
        recordChanges(
          tx,
          [...writer.touched].map(([customerId, storeId]) => ({ kind: "event" as const, customerId, storeId })),
          receivedAt,
        );
        return writer.result;
      },
      { behavior: "immediate" },
    );
  }

  /** Most events name a sku: one query for the whole request instead of one per event. */
  private prefetchSkus(calls: WritableCall[]) {
    const skus = new Set<string>();
    for (const call of calls) {
      if (call.kind !== "track") continue;
      const { properties } = call.message;
      if (properties?.sku) skus.add(properties.sku);
      for (const product of properties?.products ?? []) if (product.sku) skus.add(product.sku);
    }
    const list = [...skus];
    for (let i = 0; i < list.length; i += SKU_CHUNK) {
      const chunk = list.slice(i, i + SKU_CHUNK);
      const found = this.tx
        .select({ sku: productVariants.sku, productId: productVariants.productId, variantId: productVariants.id, name: products.name, priceCents: productVariants.priceCents })
        .from(productVariants)
        .innerJoin(products, eq(products.id, productVariants.productId))
        .where(inArray(productVariants.sku, chunk))
        .all();
      for (const sku of chunk) this.bySku.set(sku, null);
      for (const { sku, ...match } of found) this.bySku.set(sku, match);
    }
  }

  private handle(call: WritableCall) {
    const touched: CustomerRow[] = [];
    let outcome: Outcome;
    try {
      // Calls that write several rows get a savepoint, so each is stored whole or not at all.
      if (call.kind === "identify") outcome = this.tx.transaction(() => this.identify(call.message, touched));
      else if (call.eventType === "order_completed") outcome = this.tx.transaction(() => this.track(call.message, call.eventType, touched));
      else outcome = this.track(call.message, call.eventType, touched);
    } catch (error) {
      if (!isConstraintError(error)) throw error;
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

  private forget() {
    this.byExternalId = new Map();
    this.byEmail = new Map();
    this.byPhone = new Map();
    this.byId = new Map();
    this.anonymousOwners = new Map();
  }

  // --- track ---------------------------------------------------------------

  private track(message: TrackMessage, type: OnlineEventType, touched: CustomerRow[]): Outcome {
    const traits = message.context?.traits;
    const customer = this.findCustomer({ userId: message.userId, email: traits?.email, phone: traits?.phone, anonymousId: message.anonymousId });

    const properties: Properties = message.properties ?? {};
    const shape = this.shape(type, properties);
    const messageId = message.messageId ?? `shk-${randomUUID()}`;
    const occurredAt = this.occurredAt(message);
    const inserted = this.statements.insertEvent.get({
      id: timeOrderedId(this.receivedAt.getTime()),
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
    });
    // The event first: if it cannot be stored, nothing else of this call is.
    if (customer && message.anonymousId && this.linkAnonymous(message.anonymousId, customer)) touched.push(customer);
    if (!inserted) return "duplicates";
    if (customer) {
      touched.push(customer);
      if (type === "order_completed") this.recordOnlineOrder(customer, { properties, items: shape.items, totalCents: shape.valueCents, occurredAt, messageId });
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

  private shape(type: OnlineEventType, properties: Properties) {
    const listed = MULTI_PRODUCT_EVENTS.has(type) && properties.products?.length ? properties.products : null;
    const items: Item[] = (listed ?? (type === "searched" ? [] : [properties])).map((product) => ({ product, match: this.matchProduct(product) }));
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

  private matchProduct(product: Product): ProductMatch | null {
    const { sku, product_id: productId } = product;
    if (sku) {
      const bySku = cached(this.bySku, sku, () => this.statements.variantBySku.get({ value: sku }) ?? null);
      if (bySku) return bySku;
    }
    if (!productId) return null;
    return cached(this.byProductRef, productId, () => {
      const row = this.statements.productById.get({ value: productId }) ?? this.statements.productByStyleCode.get({ value: productId });
      return row ? { ...row, variantId: null } : null;
    });
  }

  /** An order for a known customer also shows under their purchases; the same order id is recorded once. */
  private recordOnlineOrder(
    customer: CustomerRow,
    { properties, items, totalCents, occurredAt, messageId }: { properties: Properties; items: Item[]; totalCents: number | null; occurredAt: Date; messageId: string },
  ) {
    const orderRef = (properties.order_id ?? messageId).slice(0, 100);
    if (this.statements.onlineOrder.get({ customerId: customer.id, orderRef })) return;
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
    this.tx.insert(purchases).values({ id: purchaseId, customerId: customer.id, channel: "online", storeId: null, staffId: null, orderRef, totalCents: total, purchasedAt: occurredAt }).run();
    if (lines.length) this.tx.insert(purchaseLines).values(lines).run();
  }

  // --- identify ------------------------------------------------------------

  private identify(message: IdentifyMessage, touched: CustomerRow[]): Outcome {
    const trait = <K extends keyof Traits>(key: K): Traits[K] => message.traits?.[key] ?? message.context?.traits?.[key];
    const userId = message.userId ?? undefined;
    const email = trait("email");
    const phone = trait("phone");
    let customer = this.findCustomer({ userId, email, phone });
    let changed = false;
    if (customer) {
      changed = this.fillContacts(customer, { userId, email, phone });
    } else {
      const name = nameFrom(trait);
      if (name && (userId || email || phone)) {
        customer = this.createCustomer({ ...name, userId, email, phone });
        changed = true;
      }
    }
    // Nobody to attach it to yet: a later identify with a name or a known id will.
    if (!customer) return "ignored";
    if (message.anonymousId && this.linkAnonymous(message.anonymousId, customer)) changed = true;
    if (changed) touched.push(customer);
    return "accepted";
  }

  /** Only what is empty is filled: what staff entered is never overwritten, and nobody else's email or number is taken. */
  private fillContacts(customer: CustomerRow, { userId, email, phone }: { userId?: string; email?: string; phone?: string }): boolean {
    const patch: { externalId?: string; email?: string; phone?: string } = {};
    if (!customer.externalId && userId && !this.customerByExternalId(userId)) patch.externalId = userId;
    if (!customer.email && email && !this.customerByEmail(email)) patch.email = email;
    if (!customer.phone && phone && this.customersByPhone(phone).length === 0) patch.phone = phone;
    if (!Object.keys(patch).length) return false;
    this.tx.update(customers).set(patch).where(eq(customers.id, customer.id)).run();
    Object.assign(customer, patch);
    if (patch.externalId) this.byExternalId.set(patch.externalId, customer);
    if (patch.email) this.byEmail.set(patch.email, customer);
    if (patch.phone) this.byPhone.set(patch.phone, [customer]);
    if (patch.email || patch.phone) reindexCustomer(this.tx, customer.id);
    return true;
  }

  private createCustomer({ firstName, lastName, userId, email, phone }: { firstName: string; lastName: string; userId?: string; email?: string; phone?: string }): CustomerRow {
    const row: CustomerRow = {
      id: randomUUID(),
      homeStoreId: this.source.storeId,
      externalId: userId ?? null,
      email: email ?? null,
      // A number two customers already share says nothing about this one.
      phone: phone && this.customersByPhone(phone).length === 0 ? phone : null,
    };
    this.tx.insert(customers).values({ ...row, firstName, lastName, createdAt: this.receivedAt }).run();
    reindexCustomer(this.tx, row.id);
    this.tx
      .insert(auditLog)
      .values({
        id: randomUUID(),
        at: this.receivedAt,
        staffId: null,
        storeId: this.source.storeId,
        action: "customer.created_from_events",
        targetType: "customer",
        targetId: row.id,
        customerId: row.id,
        detail: { sourceKeyId: this.source.id, sourceName: this.source.name },
      })
      .run();
    this.byId.set(row.id, row);
    if (row.externalId) this.byExternalId.set(row.externalId, row);
    if (row.email) this.byEmail.set(row.email, row);
    if (row.phone) this.byPhone.set(row.phone, [row]);
    return row;
  }

  // --- identity ------------------------------------------------------------

  /** The retailer's id first, then email, then a phone number only one customer has, then a known browser. */
  private findCustomer({ userId, email, phone, anonymousId }: { userId?: string | null; email?: string; phone?: string; anonymousId?: string | null }): CustomerRow | null {
    if (userId) {
      const customer = this.customerByExternalId(userId);
      if (customer) return customer;
    }
    if (email) {
      const customer = this.customerByEmail(email);
      if (customer) return customer;
    }
    if (phone) {
      const matches = this.customersByPhone(phone);
      if (matches.length === 1) return matches[0]!;
    }
    if (anonymousId) {
      const ownerId = this.anonymousOwner(anonymousId);
      if (ownerId) return cached(this.byId, ownerId, () => this.statements.customerById.get({ value: ownerId }) ?? null);
    }
    return null;
  }

  /**
   * Records that a browser belongs to the customer (the latest to identify on
   * it wins) and gives them its earlier anonymous events. True when events moved.
   */
  private linkAnonymous(anonymousId: string, customer: CustomerRow): boolean {
    if (this.anonymousOwner(anonymousId) === customer.id) return false;
    this.statements.linkAnonymous.run({ anonymousId, customerId: customer.id, createdAt: this.receivedAt });
    this.anonymousOwners.set(anonymousId, customer.id);
    return this.statements.attachAnonymousEvents.run({ anonymousId, customerId: customer.id }).changes > 0;
  }

  private anonymousOwner(anonymousId: string): string | null {
    return cached(this.anonymousOwners, anonymousId, () => this.statements.anonymousOwner.get({ value: anonymousId })?.customerId ?? null);
  }

  private customerByExternalId(userId: string): CustomerRow | null {
    return cached(this.byExternalId, userId, () => this.statements.customerByExternalId.get({ value: userId }) ?? null);
  }

  private customerByEmail(email: string): CustomerRow | null {
    return cached(this.byEmail, email, () => this.statements.customerByEmail.get({ value: email }) ?? null);
  }

  private customersByPhone(phone: string): CustomerRow[] {
    return cached(this.byPhone, phone, () => this.statements.customersByPhone.all({ value: phone }));
  }
}
