import { sql } from "drizzle-orm";
import { bigint, boolean, customType, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { withoutNul } from "./nul";
import { APPOINTMENT_CHANNELS, APPOINTMENT_KINDS, APPOINTMENT_MESSAGE_KINDS, APPOINTMENT_STATUSES, CONTACT_KINDS, FOLLOW_UP_STATUSES, HOLD_STATUSES, INBOUND_CHANNELS, INBOUND_STATUSES, LINK_CHANNELS, MENTION_STATUSES, NETWORKS, ONLINE_EVENT_TYPES, OUTBOX_CHANNELS, OUTBOX_STATUSES, SEARCH_TERM_KINDS, SELECTION_RESPONSES, SOCIAL_ACCOUNT_NETWORKS, STAFF_ROLES } from "./schema-constants";
import type { AuditAction } from "../lib/audit-actions";

// The PostgreSQL twin of schema.sqlite.ts: the same tables, columns,
// constraints and indexes. Timestamps are UTC epoch milliseconds in a bigint,
// as in SQLite, so every report query (time differences, day buckets, ranges)
// is one piece of SQL for both databases; Date in TypeScript. JSON is jsonb,
// flags are real booleans.

/** UTC epoch milliseconds in a bigint, a Date in TypeScript. */
const epochMs = customType<{ data: Date; driverData: number | string }>({
  dataType: () => "bigint",
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/**
 * jsonb, as drizzle's own, except that U+0000 is taken out of its strings on
 * the way in: jsonb cannot hold one (db/nul.ts).
 */
const jsonb = customType<{ data: unknown; driverData: string }>({
  dataType: () => "jsonb",
  toDriver: (value) => JSON.stringify(withoutNul(value)),
  // pg hands jsonb over parsed already (its JSON.parse type parser): a string here is a JSON string value, kept as it is.
  fromDriver: (value) => value,
});

/** Text compared byte by byte, so a prefix is a range scan on the index (as in SQLite). */
const byteOrderText = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

const id = () => text("id").primaryKey();
const createdAt = () =>
  epochMs("created_at")
    .notNull()
    .default(sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`);

export const stores = pgTable("stores", {
  id: id(),
  name: text("name").notNull(),
  city: text("city").notNull(),
  address: text("address").notNull(),
  phone: text("phone").notNull(),
  timezone: text("timezone").notNull(),
  /** e.g. { "mon": "10:00–20:00", … } */
  openingHours: jsonb("opening_hours").$type<Record<string, string>>().notNull(),
  isFlagship: boolean("is_flagship").notNull().default(false),
  /** When customers may book appointments, in the opening hours' form; null: the opening hours. */
  appointmentHours: jsonb("appointment_hours").$type<Record<string, string>>(),
  createdAt: createdAt(),
});

/**
 * Days a store is closed outright (a holiday, an inventory day), in its own
 * time zone: holds never end on them and customers are not offered them.
 */
export const storeClosures = pgTable(
  "store_closures",
  {
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    /** "YYYY-MM-DD", the store's calendar date. */
    day: text("day").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day] })],
);

/**
 * The store's own account on a network, which its replies to posts are sent
 * from: connected by a manager (X through OAuth, Instagram with a business
 * token). Tokens are encrypted (lib/secret-box.ts) and never leave the server.
 */
export const storeSocialAccounts = pgTable(
  "store_social_accounts",
  {
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    network: text("network", { enum: SOCIAL_ACCOUNT_NETWORKS }).notNull(),
    /** The account's own id on the network. */
    accountId: text("account_id").notNull(),
    username: text("username").notNull(),
    accessToken: text("access_token").notNull(),
    refreshToken: text("refresh_token"),
    expiresAt: epochMs("expires_at"),
    connectedByStaffId: text("connected_by_staff_id")
      .notNull()
      .references(() => staff.id),
    connectedAt: epochMs("connected_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.network] })],
);

export const staff = pgTable(
  "staff",
  {
    id: id(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    active: boolean("active").notNull().default(true),
    // Sign-in throttling: consecutive failures and the time they started.
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: epochMs("locked_until"),
    /** Sessions that began before this moment are no longer valid (sign-out). */
    sessionsRevokedAt: epochMs("sessions_revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("staff_email_uq").on(t.email), index("staff_store_idx").on(t.storeId)],
);

export const customers = pgTable(
  "customers",
  {
    id: id(),
    /** The retailer's own customer id (e.g. Segment userId). */
    externalId: text("external_id"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    /** E.164, e.g. +12125550143 */
    phone: text("phone"),
    occupation: text("occupation"),
    city: text("city"),
    homeStoreId: text("home_store_id").references(() => stores.id),
    assignedStaffId: text("assigned_staff_id").references(() => staff.id),
    consentEmail: boolean("consent_email").notNull().default(false),
    consentSms: boolean("consent_sms").notNull().default(false),
    consentPhone: boolean("consent_phone").notNull().default(false),
    /** Latest in-store visit (purchase, pick-up, appointment). */
    lastVisitAt: epochMs("last_visit_at"),
    /**
     * Latest online event, social post or purchase, kept by triggers on those
     * tables (migration 0027 here, 0020 on PostgreSQL): the lookup ranks by it
     * without reading their rows.
     */
    lastEventAt: epochMs("last_event_at"),
    /** Free labels from the retailer's systems, e.g. Shopify tags. */
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    /** Postal address as imported: { company, address1, address2, city, province, country, zip }. */
    address: jsonb("address").$type<Record<string, string>>(),
    /** A note that came with the customer from another system (e.g. Shopify's Note column). */
    sourceNote: text("source_note"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customers_external_id_uq").on(t.externalId),
    uniqueIndex("customers_email_uq").on(t.email),
    index("customers_phone_idx").on(t.phone),
    index("customers_assigned_idx").on(t.assignedStaffId, t.lastName),
    index("customers_home_store_idx").on(t.homeStoreId),
  ],
);

/**
 * Normalised lookup terms, one row per (term, customer): name words, email,
 * phone digits and social handles, folded to lowercase ASCII. Prefix search is
 * a range scan on the primary key, which works the same in SQLite and
 * PostgreSQL (with C collation) and never scans the customers table.
 *
 * Each row also carries the customer's home store and associate, copied from
 * customers and kept current with them, so "my clients" and "my store" are
 * range scans of their own ((assigned_staff_id, term), (home_store_id, term))
 * and a ranked lookup reads only the matches it shows.
 */
export const customerSearchTerms = pgTable(
  "customer_search_terms",
  {
    term: byteOrderText("term").notNull(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SEARCH_TERM_KINDS }).notNull(),
    /** customers.home_store_id, copied. */
    homeStoreId: text("home_store_id"),
    /** customers.assigned_staff_id, copied. */
    assignedStaffId: text("assigned_staff_id"),
  },
  (t) => [
    primaryKey({ columns: [t.term, t.customerId] }),
    index("customer_search_terms_customer_idx").on(t.customerId, t.term),
    index("customer_search_terms_staff_idx").on(t.assignedStaffId, t.term, t.customerId),
    index("customer_search_terms_store_idx").on(t.homeStoreId, t.term, t.customerId),
  ],
);

/**
 * Every distinct name word customers have, split into trigrams ("  al", " al",
 * "ali", … "ia "; padded as pg_trgm does), for the lookup's typo fallback: a
 * word typed wrong is matched to the known words sharing most of its
 * trigrams. The vocabulary is small next to the customers (names repeat), so
 * the fallback's cost does not grow with them.
 */
export const searchWordTrigrams = pgTable(
  "search_word_trigrams",
  {
    trigram: text("trigram").notNull(),
    word: text("word").notNull(),
  },
  (t) => [primaryKey({ columns: [t.trigram, t.word] })],
);

export const customerHandles = pgTable(
  "customer_handles",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    network: text("network", { enum: NETWORKS }).notNull(),
    /** Lowercase, without the leading @. */
    handle: text("handle").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customer_handles_network_handle_uq").on(t.network, t.handle),
    index("customer_handles_customer_idx").on(t.customerId),
  ],
);

export const customerPreferences = pgTable("customer_preferences", {
  customerId: text("customer_id")
    .primaryKey()
    .references(() => customers.id, { onDelete: "cascade" }),
  /** Size per category, e.g. { "coats": "M", "shoes": "38" } */
  sizes: jsonb("sizes").$type<Record<string, string>>().notNull().default({}),
  colours: jsonb("colours").$type<string[]>().notNull().default([]),
  brands: jsonb("brands").$type<string[]>().notNull().default([]),
  styles: jsonb("styles").$type<string[]>().notNull().default([]),
  dislikes: jsonb("dislikes").$type<string[]>().notNull().default([]),
  priceMinCents: integer("price_min_cents"),
  priceMaxCents: integer("price_max_cents"),
  freeText: text("free_text"),
  updatedAt: epochMs("updated_at").notNull(),
  updatedByStaffId: text("updated_by_staff_id").references(() => staff.id),
});

/** Who changed which preference field, from what to what, and when. */
export const preferenceChanges = pgTable(
  "preference_changes",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    field: text("field").notNull(),
    oldValue: jsonb("old_value").$type<unknown>(),
    newValue: jsonb("new_value").$type<unknown>(),
    staffId: text("staff_id").references(() => staff.id),
    at: epochMs("at").notNull(),
  },
  (t) => [index("preference_changes_customer_idx").on(t.customerId, t.at)],
);

export const products = pgTable(
  "products",
  {
    id: id(),
    /** Style number shared by the product's variants. */
    styleCode: text("style_code").notNull(),
    name: text("name").notNull(),
    brand: text("brand").notNull(),
    category: text("category").notNull(),
    description: text("description").notNull().default(""),
    style: text("style"),
    priceCents: integer("price_cents").notNull(),
    imageUrl: text("image_url").notNull(),
    onlineUrl: text("online_url"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("products_style_code_uq").on(t.styleCode),
    index("products_category_idx").on(t.category),
    // Suggestions look up a customer's brands at a store without reading the catalogue.
    index("products_brand_idx").on(t.brand),
  ],
);

export const productVariants = pgTable(
  "product_variants",
  {
    id: id(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    size: text("size").notNull(),
    colour: text("colour").notNull(),
    colourHex: text("colour_hex").notNull(),
    priceCents: integer("price_cents").notNull(),
    imageUrl: text("image_url").notNull(),
  },
  (t) => [
    uniqueIndex("product_variants_sku_uq").on(t.sku),
    index("product_variants_product_idx").on(t.productId),
    // A product's variant in one size (suggestions: in the customer's size) without reading its others.
    index("product_variants_product_size_idx").on(t.productId, t.size),
  ],
);

export const storeStock = pgTable(
  "store_stock",
  {
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    variantId: text("variant_id")
      .notNull()
      .references(() => productVariants.id, { onDelete: "cascade" }),
    onHand: integer("on_hand").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.variantId] }), index("store_stock_variant_idx").on(t.variantId)],
);

export const onlineEvents = pgTable(
  "online_events",
  {
    id: id(),
    customerId: text("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    anonymousId: text("anonymous_id"),
    /** Source's message id, for idempotent ingestion. */
    messageId: text("message_id"),
    type: text("type", { enum: ONLINE_EVENT_TYPES }).notNull(),
    occurredAt: epochMs("occurred_at").notNull(),
    productId: text("product_id").references(() => products.id),
    variantId: text("variant_id").references(() => productVariants.id),
    /** For products we do not carry in the catalogue. */
    productName: text("product_name"),
    /** As sent by the source, for products we do not carry. */
    imageUrl: text("image_url"),
    productUrl: text("product_url"),
    sku: text("sku"),
    /** The source's own event name, e.g. "Product Viewed". */
    eventName: text("event_name"),
    sourceKeyId: text("source_key_id"),
    searchQuery: text("search_query"),
    channel: text("channel", { enum: ["web", "app"] }).notNull().default("web"),
    valueCents: integer("value_cents"),
    createdAt: createdAt(),
  },
  (t) => [
    // Only a customer's own events: "customer_id = ?" implies the predicate, so
    // every per-customer read uses it, and identify's "customer_id is null"
    // cannot, whatever statistics say (they once sent it here, at 208 ms a call).
    index("online_events_customer_time_idx").on(t.customerId, t.occurredAt).where(sql`customer_id is not null`),
    index("online_events_anonymous_idx").on(t.anonymousId),
    // The hot statement of identify ("this browser's events nobody owns yet")
    // has an index of its own, whatever the planner's statistics say.
    index("online_events_unlinked_idx").on(t.anonymousId).where(sql`customer_id is null`),
    uniqueIndex("online_events_message_uq").on(t.messageId),
  ],
);

export const socialMentions = pgTable(
  "social_mentions",
  {
    id: id(),
    network: text("network", { enum: NETWORKS }).notNull(),
    /** The network's own post or comment id. */
    externalId: text("external_id").notNull(),
    handle: text("handle").notNull(),
    text: text("text").notNull(),
    url: text("url").notNull(),
    mediaUrl: text("media_url"),
    postedAt: epochMs("posted_at").notNull(),
    customerId: text("customer_id").references(() => customers.id, { onDelete: "set null" }),
    productId: text("product_id").references(() => products.id),
    /** Whose inbox the mention lands in. */
    storeId: text("store_id").references(() => stores.id),
    status: text("status", { enum: MENTION_STATUSES }).notNull().default("new"),
    /** "post", "comment" or "mention"; the network's id of the post a comment is on. */
    kind: text("kind", { enum: ["post", "comment", "mention"] }).notNull().default("post"),
    mediaId: text("media_id"),
    /** The author's id on the network. */
    authorExternalId: text("author_external_id"),
    /** Who is answering it: claimed by an associate, or assigned by a manager. */
    assignedStaffId: text("assigned_staff_id").references(() => staff.id),
    assignedAt: epochMs("assigned_at"),
    replyText: text("reply_text"),
    repliedByStaffId: text("replied_by_staff_id").references(() => staff.id),
    repliedAt: epochMs("replied_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("social_mentions_network_external_uq").on(t.network, t.externalId),
    index("social_mentions_customer_idx").on(t.customerId, t.postedAt),
    index("social_mentions_store_status_idx").on(t.storeId, t.status, t.postedAt),
    // Reports: posts received and answered in a period.
    index("social_mentions_store_posted_idx").on(t.storeId, t.postedAt, t.status),
    index("social_mentions_store_replied_idx").on(t.storeId, t.repliedAt),
  ],
);

export const purchases = pgTable(
  "purchases",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["store", "online"] }).notNull(),
    /** Null for online orders. */
    storeId: text("store_id").references(() => stores.id),
    staffId: text("staff_id").references(() => staff.id),
    orderRef: text("order_ref").notNull(),
    totalCents: integer("total_cents").notNull(),
    purchasedAt: epochMs("purchased_at").notNull(),
  },
  (t) => [index("purchases_customer_time_idx").on(t.customerId, t.purchasedAt)],
);

export const purchaseLines = pgTable(
  "purchase_lines",
  {
    id: id(),
    purchaseId: text("purchase_id")
      .notNull()
      .references(() => purchases.id, { onDelete: "cascade" }),
    productId: text("product_id").references(() => products.id),
    variantId: text("variant_id").references(() => productVariants.id),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
  },
  (t) => [index("purchase_lines_purchase_idx").on(t.purchaseId)],
);

export const holds = pgTable(
  "holds",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => productVariants.id),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    quantity: integer("quantity").notNull().default(1),
    // An "active" hold past expires_at counts as expired everywhere; the
    // status column catches up lazily, so correctness never waits for a sweep.
    status: text("status", { enum: HOLD_STATUSES }).notNull().default("active"),
    expiresAt: epochMs("expires_at").notNull(),
    note: text("note"),
    idempotencyKey: text("idempotency_key").notNull(),
    resolvedAt: epochMs("resolved_at"),
    resolvedByStaffId: text("resolved_by_staff_id").references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    // A form resubmitted by the same person returns the hold it made; keys never cross people.
    uniqueIndex("holds_staff_idempotency_uq").on(t.staffId, t.idempotencyKey),
    index("holds_customer_idx").on(t.customerId, t.createdAt),
    index("holds_store_status_idx").on(t.storeId, t.status, t.expiresAt),
    index("holds_variant_status_idx").on(t.variantId, t.storeId, t.status),
    // Reports: holds placed and picked up in a period, per associate.
    index("holds_store_created_idx").on(t.storeId, t.createdAt, t.staffId, t.status, t.expiresAt, t.variantId, t.quantity),
    index("holds_store_resolved_idx").on(t.storeId, t.resolvedAt, t.status),
  ],
);

export const notes = pgTable(
  "notes",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    body: text("body").notNull(),
    pinned: boolean("pinned").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at"),
  },
  (t) => [index("notes_customer_idx").on(t.customerId, t.pinned, t.createdAt), index("notes_store_created_idx").on(t.storeId, t.createdAt, t.staffId)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: epochMs("at").notNull(),
    staffId: text("staff_id").references(() => staff.id),
    storeId: text("store_id").references(() => stores.id),
    /** e.g. "customer.viewed", "hold.placed", "note.added" */
    action: text("action").$type<AuditAction>().notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    customerId: text("customer_id").references(() => customers.id, { onDelete: "set null" }),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_customer_idx").on(t.customerId, t.at),
    index("audit_log_staff_action_idx").on(t.staffId, t.action, t.at),
    index("audit_log_store_idx").on(t.storeId, t.at),
    // The audit view filtered to one kind of action.
    index("audit_log_store_action_idx").on(t.storeId, t.action, t.at),
  ],
);

/** A private page for one customer showing items set aside for them. Only the token's hash is kept. */
export const customerLinks = pgTable(
  "customer_links",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    tokenHash: text("token_hash").notNull(),
    channel: text("channel", { enum: LINK_CHANNELS }).notNull(),
    message: text("message").notNull(),
    createdAt: createdAt(),
    expiresAt: epochMs("expires_at").notNull(),
    revokedAt: epochMs("revoked_at"),
    revokedByStaffId: text("revoked_by_staff_id").references(() => staff.id),
  },
  (t) => [uniqueIndex("customer_links_token_uq").on(t.tokenHash), index("customer_links_customer_idx").on(t.customerId, t.createdAt)],
);

export const customerLinkHolds = pgTable(
  "customer_link_holds",
  {
    linkId: text("link_id")
      .notNull()
      .references(() => customerLinks.id, { onDelete: "cascade" }),
    holdId: text("hold_id")
      .notNull()
      .references(() => holds.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.holdId] })],
);

export const linkOpens = pgTable(
  "link_opens",
  {
    id: id(),
    linkId: text("link_id")
      .notNull()
      .references(() => customerLinks.id, { onDelete: "cascade" }),
    at: epochMs("at").notNull(),
    /** Coarse: "iPhone Safari", never the full string. */
    device: text("device").notNull(),
  },
  (t) => [index("link_opens_link_idx").on(t.linkId, t.at)],
);

/** What a customer said from their page: when they will come, an item they let go, a question. */
export const linkResponses = pgTable(
  "link_responses",
  {
    id: id(),
    linkId: text("link_id")
      .notNull()
      .references(() => customerLinks.id, { onDelete: "cascade" }),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    kind: text("kind", { enum: ["coming", "released", "question"] }).notNull(),
    detail: text("detail").notNull(),
    holdId: text("hold_id").references(() => holds.id),
    createdAt: createdAt(),
    /** Null until a staff member has seen it: shown as new. */
    seenAt: epochMs("seen_at"),
    /** A question's first answer from the store (shown on her page): until then it waits in the inbox. */
    answeredAt: epochMs("answered_at"),
    answeredByStaffId: text("answered_by_staff_id").references(() => staff.id),
  },
  (t) => [
    index("link_responses_customer_idx").on(t.customerId, t.createdAt),
    index("link_responses_store_idx").on(t.storeId, t.seenAt, t.createdAt),
    // The inbox: a store's questions waiting (or answered), oldest first.
    index("link_responses_store_questions_idx").on(t.storeId, t.kind, t.answeredAt, t.createdAt),
  ],
);

/** A customer asked for their data to be erased; a manager must act on it by dueAt. */
export const erasureRequests = pgTable(
  "erasure_requests",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    requestedAt: epochMs("requested_at").notNull(),
    dueAt: epochMs("due_at").notNull(),
    status: text("status", { enum: ["open", "done", "declined"] }).notNull().default("open"),
  },
  (t) => [index("erasure_requests_status_idx").on(t.status, t.dueAt), index("erasure_requests_customer_idx").on(t.customerId)],
);

/** Every message to a customer, rendered, with how it left (or why it did not). */
export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    /** Null only for a reply to a post nobody has tied to a customer yet. */
    customerId: text("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    linkId: text("link_id").references(() => customerLinks.id, { onDelete: "set null" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    channel: text("channel", { enum: OUTBOX_CHANNELS }).notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    transport: text("transport").notNull(),
    /** queued → sent → delivered, or failed (with `error`); a provider's status callback moves it on. */
    status: text("status", { enum: OUTBOX_STATUSES }).notNull(),
    error: text("error"),
    /** The provider's id for the message (a Twilio SID), which its status callbacks name. */
    providerId: text("provider_id"),
    /** When the status last changed. */
    statusAt: epochMs("status_at"),
    createdAt: createdAt(),
    sentAt: epochMs("sent_at"),
    /** The post this message answers, for a reply on X or Instagram. */
    mentionId: text("mention_id").references(() => socialMentions.id, { onDelete: "set null" }),
  },
  (t) => [
    index("outbox_mention_idx").on(t.mentionId),
    index("outbox_customer_idx").on(t.customerId, t.createdAt),
    index("outbox_store_idx").on(t.storeId, t.createdAt),
    uniqueIndex("outbox_provider_idx").on(t.transport, t.providerId),
  ],
);

/**
 * A message a customer sent the store by SMS or email (a reply, a question).
 * It waits until someone answers or dismisses it. One from a number or
 * address on no customer's record has no customer, and is still kept.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: id(),
    customerId: text("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    channel: text("channel", { enum: INBOUND_CHANNELS }).notNull(),
    /** The sender's number (E.164) or address. */
    sender: text("sender").notNull(),
    body: text("body").notNull(),
    /** An email's subject, for the answer's "Re: …" (null for SMS). */
    subject: text("subject"),
    /** An email's own Message-ID header, which the answer's In-Reply-To and References name (null for SMS). */
    emailMessageId: text("email_message_id"),
    /** The provider's id (a Twilio SID, Postmark's MessageID), so a delivery sent twice is kept once. */
    providerId: text("provider_id").notNull(),
    status: text("status", { enum: INBOUND_STATUSES }).notNull(),
    /** Who is answering it: claimed by an associate, or assigned by a manager (as for posts). */
    assignedStaffId: text("assigned_staff_id").references(() => staff.id),
    assignedAt: epochMs("assigned_at"),
    answeredByStaffId: text("answered_by_staff_id").references(() => staff.id),
    answeredAt: epochMs("answered_at"),
    receivedAt: epochMs("received_at").notNull(),
  },
  (t) => [
    uniqueIndex("inbound_messages_provider_idx").on(t.channel, t.providerId),
    index("inbound_messages_customer_idx").on(t.customerId, t.receivedAt),
    index("inbound_messages_store_idx").on(t.storeId, t.status, t.receivedAt),
    // The inbox filtered to texts or to emails.
    index("inbound_messages_store_channel_idx").on(t.storeId, t.channel, t.status, t.receivedAt),
    // Reports: texts and emails received in a period.
    index("inbound_messages_store_received_idx").on(t.storeId, t.receivedAt),
  ],
);

/** "Call Alicia on Friday about the new season": a date in the store's calendar and a reason. */
export const followUps = pgTable(
  "follow_ups",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    /** Whose list it is on. */
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    createdByStaffId: text("created_by_staff_id")
      .notNull()
      .references(() => staff.id),
    /** YYYY-MM-DD in the store's time zone. */
    dueOn: text("due_on").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: FOLLOW_UP_STATUSES }).notNull().default("open"),
    outcome: text("outcome"),
    doneAt: epochMs("done_at"),
    doneByStaffId: text("done_by_staff_id").references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("follow_ups_staff_status_idx").on(t.staffId, t.status, t.dueOn),
    // staff_id last: the dashboard counts overdue follow-ups per associate from the index alone.
    index("follow_ups_store_status_idx").on(t.storeId, t.status, t.dueOn, t.staffId),
    index("follow_ups_customer_idx").on(t.customerId, t.status, t.dueOn),
    index("follow_ups_store_done_idx").on(t.storeId, t.doneAt),
  ],
);

/** Each time staff reached a customer: "last contact" and "clients contacted" come from here. */
export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    kind: text("kind", { enum: CONTACT_KINDS }).notNull(),
    summary: text("summary"),
    at: epochMs("at").notNull(),
  },
  (t) => [
    index("contacts_customer_idx").on(t.customerId, t.at),
    index("contacts_store_idx").on(t.storeId, t.at, t.staffId, t.customerId),
    // The roll-up triggers' latest contact of one customer with one store (and associate): found
    // here directly. Without it SQLite reads the store's contacts newest first (contacts_store_idx)
    // until it meets that customer, on every contact written.
    index("contacts_pair_idx").on(t.customerId, t.storeId, t.staffId, t.at),
  ],
);

/**
 * Report roll-ups, kept current by database triggers on holds, social_mentions,
 * customers (assignment), notes, follow_ups, contacts and product_variants
 * (price), so every writer (and every cascade) keeps them right inside its own
 * transaction. Days and hours are UTC (epoch day = ms / 86,400,000); the
 * dashboard adds the partial UTC days at a period's ends from the rows
 * themselves (lib/daily-figures.ts). Triggers and the backfill are in the
 * migration 0012_report_rollups; a migration that rebuilds one of those
 * tables must create its triggers again (lib/daily-figures.test.ts fails if not).
 *
 * One row per store, UTC day and person. What the person is depends on the
 * figure: holds by who placed them (day placed), notes by writer, follow-ups
 * done by who did them (day done), answers by who answered (day posted),
 * client posts by the associate now looking after the customer (day posted),
 * contacted_last by who made the contact. staff_id '' is the whole store:
 * store_posts*, answers by nobody known, and customers' last contact at the store.
 */
export const reportDays = pgTable(
  "report_days",
  {
    storeId: text("store_id").notNull(),
    day: integer("day").notNull(),
    staffId: text("staff_id").notNull(),
    holdsPlaced: integer("holds_placed").notNull().default(0),
    holdsActive: integer("holds_active").notNull().default(0),
    holdsPickedUp: integer("holds_picked_up").notNull().default(0),
    holdsReleased: integer("holds_released").notNull().default(0),
    holdsExpired: integer("holds_expired").notNull().default(0),
    /** Picked-up quantity × the variant's current price, as the dashboard has always counted it. */
    pickedUpValueCents: integer("picked_up_value_cents").notNull().default(0),
    notesWritten: integer("notes_written").notNull().default(0),
    followUpsDone: integer("follow_ups_done").notNull().default(0),
    mentionsAnswered: integer("mentions_answered").notNull().default(0),
    /** JSON array of answer times (replied_at − posted_at, ms), for exact medians. */
    answerMs: text("answer_ms").notNull().default("[]"),
    clientPosts: integer("client_posts").notNull().default(0),
    clientPostsAnswered: integer("client_posts_answered").notNull().default(0),
    clientPostsNew: integer("client_posts_new").notNull().default(0),
    storePosts: integer("store_posts").notNull().default(0),
    storePostsAnswered: integer("store_posts_answered").notNull().default(0),
    storePostsNew: integer("store_posts_new").notNull().default(0),
    /** Customers whose latest contact (by this person, or by anyone for '') was this day. */
    contactedLast: integer("contacted_last").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day, t.staffId] })],
);

/** Per store and UTC hour, for the trend chart: holds placed and picked up, posts received and answered, each at its own moment. */
export const reportHours = pgTable(
  "report_hours",
  {
    storeId: text("store_id").notNull(),
    hour: integer("hour").notNull(),
    holdsPlaced: integer("holds_placed").notNull().default(0),
    holdsPickedUp: integer("holds_picked_up").notNull().default(0),
    postsReceived: integer("posts_received").notNull().default(0),
    postsAnswered: integer("posts_answered").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.hour] })],
);

/** Each customer's latest contact at a store, by each person and by anyone (''): distinct customers contacted since a moment, without a DISTINCT over every contact. */
export const reportContactPairs = pgTable(
  "report_contact_pairs",
  {
    storeId: text("store_id").notNull(),
    staffId: text("staff_id").notNull(),
    customerId: text("customer_id").notNull(),
    lastAt: epochMs("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.staffId, t.customerId] }), index("report_contact_pairs_last_idx").on(t.storeId, t.lastAt, t.staffId)],
);

/** A write key for an event source (a website, a CDP). Only its hash is kept. */
export const sourceKeys = pgTable(
  "source_keys",
  {
    id: id(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    /** The first characters, to tell keys apart in a list. */
    keyPrefix: text("key_prefix").notNull(),
    createdByStaffId: text("created_by_staff_id")
      .notNull()
      .references(() => staff.id),
    createdAt: createdAt(),
    lastUsedAt: epochMs("last_used_at"),
    revokedAt: epochMs("revoked_at"),
    revokedByStaffId: text("revoked_by_staff_id").references(() => staff.id),
  },
  (t) => [uniqueIndex("source_keys_hash_uq").on(t.keyHash), index("source_keys_store_idx").on(t.storeId, t.createdAt)],
);

/** A browser or device id (Segment's anonymousId) known to belong to a customer. */
export const anonymousIdentities = pgTable("anonymous_identities", {
  anonymousId: text("anonymous_id").primaryKey(),
  customerId: text("customer_id")
    .notNull()
    .references(() => customers.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

/**
 * What changed, in order: one row per new event or mention. Each app process
 * polls it once a second for all its open pages together, so live updates
 * cost one indexed query per process, not one per tablet, and work across
 * processes and machines.
 */
export const changeFeed = pgTable(
  "change_feed",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind", { enum: ["event", "mention", "response", "hold", "follow_up", "client", "appointment"] }).notNull(),
    customerId: text("customer_id"),
    storeId: text("store_id"),
    at: epochMs("at").notNull(),
  },
  (t) => [index("change_feed_at_idx").on(t.at)],
);

/**
 * Fixed-window request counters shared by every app instance (sign-in,
 * customers' private pages, event ingestion): one row per key, reset when its
 * window has passed.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  resetAt: epochMs("reset_at").notNull(),
});

/**
 * Changes a tablet kept while offline and sent later, each applied once: the
 * key is the tablet's idempotency key, per staff member, and the row is
 * written in the same transaction as the change itself (lib/offline). Only
 * applied changes are kept; a conflict or refusal leaves no row, so the same
 * key can be sent again.
 */
export const offlineChanges = pgTable(
  "offline_changes",
  {
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** The applied outcome, answered again to a replay of the key. */
    outcome: jsonb("outcome").$type<Record<string, unknown>>().notNull(),
    /** When she made the change on the tablet; the rows it wrote carry applied_at. */
    madeAt: epochMs("made_at").notNull(),
    appliedAt: epochMs("applied_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.key] })],
);

/** A kind of appointment a store offers (a styling session, a fitting, a pick-up), and how long it takes. */
export const appointmentTypes = pgTable(
  "appointment_types",
  {
    id: id(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: APPOINTMENT_KINDS }).notNull(),
    /** A whole number of slots (lib/appointment-slots.ts SLOT_MINUTES). */
    durationMinutes: integer("duration_minutes").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("appointment_types_store_idx").on(t.storeId, t.active)],
);

/** When an associate takes appointments: weekly windows on the store's clock ("HH:MM", on the slot grid). */
export const staffAvailability = pgTable(
  "staff_availability",
  {
    id: id(),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    /** "mon" … "sun" (lib/store-hours.ts WEEKDAYS). */
    weekday: text("weekday").notNull(),
    starts: text("starts").notNull(),
    ends: text("ends").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("staff_availability_staff_idx").on(t.staffId, t.weekday), index("staff_availability_store_idx").on(t.storeId, t.weekday)],
);

/** A stretch an associate is away (a day off, a dentist's appointment): no bookings overlap it. */
export const staffTimeOff = pgTable(
  "staff_time_off",
  {
    id: id(),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    startsAt: epochMs("starts_at").notNull(),
    endsAt: epochMs("ends_at").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [index("staff_time_off_staff_idx").on(t.staffId, t.endsAt)],
);

/**
 * A customer's appointment with an associate. Booked without an account: the
 * contact is what she gave (and confirmed with a code); customer_id is the
 * customer it matched, if any. The times it covers are claimed in
 * appointment_slots, which is what makes a double booking impossible.
 */
export const appointments = pgTable(
  "appointments",
  {
    id: id(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    customerId: text("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    typeId: text("type_id")
      .notNull()
      .references(() => appointmentTypes.id),
    startsAt: epochMs("starts_at").notNull(),
    endsAt: epochMs("ends_at").notNull(),
    status: text("status", { enum: APPOINTMENT_STATUSES }).notNull().default("booked"),
    contactName: text("contact_name").notNull(),
    /** Lowercased (lib/contact-normalise.ts). */
    contactEmail: text("contact_email"),
    /** E.164. */
    contactPhone: text("contact_phone"),
    channel: text("channel", { enum: APPOINTMENT_CHANNELS }).notNull(),
    /** SHA-256 of the manage token returned at booking (lib/link-tokens.ts); the token itself is never kept. */
    manageTokenHash: text("manage_token_hash").notNull(),
    /** The calendar invite's SEQUENCE: one more at every move and at cancellation. */
    sequence: integer("sequence").notNull().default(0),
    createdAt: createdAt(),
    cancelledAt: epochMs("cancelled_at"),
    /** Null when the customer cancelled from her link. */
    cancelledByStaffId: text("cancelled_by_staff_id").references(() => staff.id),
    movedAt: epochMs("moved_at"),
    /** When staff marked it kept or a no-show. */
    markedAt: epochMs("marked_at"),
    markedByStaffId: text("marked_by_staff_id").references(() => staff.id),
  },
  (t) => [
    uniqueIndex("appointments_manage_token_uq").on(t.manageTokenHash),
    index("appointments_store_start_idx").on(t.storeId, t.startsAt),
    index("appointments_staff_start_idx").on(t.staffId, t.startsAt),
    index("appointments_customer_idx").on(t.customerId, t.startsAt),
    // Reminders: booked appointments by start.
    index("appointments_status_start_idx").on(t.status, t.startsAt),
  ],
);

/**
 * One row per grid slot (15 minutes) a booked appointment covers. The primary
 * key (staff_id, slot_start) is the rule that no associate is booked twice at
 * once: two bookings that overlap, whatever their lengths, claim a slot in
 * common, and the second insert fails in the database itself. Cancelling
 * frees the slots; moving replaces them.
 */
export const appointmentSlots = pgTable(
  "appointment_slots",
  {
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    slotStart: epochMs("slot_start").notNull(),
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.slotStart] }), index("appointment_slots_appointment_idx").on(t.appointmentId)],
);

/**
 * A code sent to an email address or a phone to confirm it before booking.
 * Only an HMAC of the code is kept; it expires, and allows a few wrong tries.
 * A right code gives a one-use booking token (again only its hash is kept).
 */
export const bookingCodes = pgTable(
  "booking_codes",
  {
    id: id(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    channel: text("channel", { enum: APPOINTMENT_CHANNELS }).notNull(),
    /** The normalised address or E.164 number. */
    contact: text("contact").notNull(),
    codeHash: text("code_hash").notNull(),
    expiresAt: epochMs("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    verifiedAt: epochMs("verified_at"),
    tokenHash: text("token_hash"),
    /** When the booking token booked an appointment (it books one only). */
    usedAt: epochMs("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("booking_codes_token_uq").on(t.tokenHash), index("booking_codes_contact_idx").on(t.storeId, t.contact, t.createdAt)],
);

/**
 * The messages sent about an appointment, each an outbox row. A reminder is
 * written at most once per appointment, kind and start time (a unique index),
 * so two runs of the reminder job, at once or one after the other, send it
 * once; a moved appointment has a new start time, so its reminders come again.
 */
export const appointmentMessages = pgTable(
  "appointment_messages",
  {
    id: id(),
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: APPOINTMENT_MESSAGE_KINDS }).notNull(),
    /** The appointment's start when the message was written. */
    startsAt: epochMs("starts_at").notNull(),
    outboxId: text("outbox_id").references(() => outbox.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("appointment_messages_reminder_uq").on(t.appointmentId, t.kind, t.startsAt).where(sql`kind in ('reminder_24h', 'reminder_2h')`),
    index("appointment_messages_appointment_idx").on(t.appointmentId, t.createdAt),
  ],
);

/**
 * A few items an associate picked for a customer, sent in her conversation
 * with a private link (link_id) whose page shows them. The sender is credited
 * with what follows: opens of that link, holds placed from it, purchases of
 * its products.
 */
export const selections = pgTable(
  "selections",
  {
    id: id(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    message: text("message").notNull(),
    linkId: text("link_id").references(() => customerLinks.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    sentAt: epochMs("sent_at"),
  },
  (t) => [
    index("selections_customer_idx").on(t.customerId, t.createdAt),
    index("selections_store_idx").on(t.storeId, t.sentAt),
    uniqueIndex("selections_link_uq").on(t.linkId),
    // One unsent selection per associate and customer, even when two tabs start one at once.
    uniqueIndex("selections_draft_uq").on(t.customerId, t.staffId, t.storeId).where(sql`sent_at is null`),
  ],
);

/** One item of a selection, in her size, with the associate's line and her answer (null until she gives one). */
export const selectionItems = pgTable(
  "selection_items",
  {
    id: id(),
    selectionId: text("selection_id")
      .notNull()
      .references(() => selections.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    variantId: text("variant_id")
      .notNull()
      .references(() => productVariants.id),
    line: text("line").notNull(),
    position: integer("position").notNull(),
    response: text("response", { enum: SELECTION_RESPONSES }),
    reason: text("reason"),
    holdId: text("hold_id").references(() => holds.id, { onDelete: "set null" }),
    respondedAt: epochMs("responded_at"),
  },
  (t) => [uniqueIndex("selection_items_position_uq").on(t.selectionId, t.position), index("selection_items_product_idx").on(t.productId)],
);
