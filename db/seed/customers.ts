import type { Db } from "@/db";
import {
  auditLog,
  customerHandles,
  customerPreferences,
  customerSearchTerms,
  searchWordTrigrams,
  customers,
  holds,
  notes,
  onlineEvents,
  purchaseLines,
  purchases,
  socialMentions,
} from "@/db/schema";
import {
  DISLIKES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  MENTION_TEMPLATES,
  OCCUPATIONS,
  PREFERENCE_NOTES,
  SEARCH_QUERIES,
  STYLE_WORDS,
} from "../seed-data/people";
import { customerSearchTerms as termsFor, fold, vocabularyRows, vocabularyWords } from "../../lib/search-terms";
import type { SeededCatalog, SeededProduct, SeededStore } from "./base";
import type { Rng } from "./random";
import { insertInChunks } from "./bulk";
import { holdEnd } from "../../lib/store-hours";

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 500;

const SIZE_CATEGORIES = {
  alpha: ["coats", "jackets", "knitwear", "shirts"],
  numeric: ["dresses", "trousers", "skirts"],
} as const;
const ALPHA = ["XS", "S", "M", "L", "XL"];
const NUMERIC = ["0", "2", "4", "6", "8", "10", "12", "14"];
const SHOE = ["36", "37", "38", "39", "40", "41"];
const COLOUR_FAMILIES = ["Blue", "Black", "Camel", "Ivory", "Grey", "Green", "Burgundy", "Pink", "Navy", "Brown"];
const PRICE_BANDS: Array<[number, number]> = [[10000, 40000], [15000, 60000], [25000, 100000], [40000, 150000], [60000, 250000]];
const EVENT_TYPES = [
  ["product_viewed", 70],
  ["searched", 10],
  ["wishlist_added", 8],
  ["cart_added", 8],
  ["order_completed", 4],
] as const;

export interface CustomerScale {
  count: number;
  /** Average online events per customer. */
  events: number;
  purchases: number;
  mentionRate: number;
  preferenceRate: number;
}

export function scaleFor(count: number): CustomerScale {
  return count <= 20_000
    ? { count, events: 14, purchases: 2.5, mentionRate: 0.12, preferenceRate: 0.85 }
    : { count, events: 3, purchases: 1, mentionRate: 0.01, preferenceRate: 0.5 };
}

/** Adds name words to the lookup's vocabulary; words already there (the story's) are left as they are. */
export async function insertVocabulary(db: Pick<Db, "insert">, words: string[]) {
  const rows = vocabularyRows(words);
  for (let i = 0; i < rows.length; i += 5000) await db.insert(searchWordTrigrams).values(rows.slice(i, i + 5000)).onConflictDoNothing();
}

type Rows<T extends { $inferInsert: unknown }> = Array<T["$inferInsert"]>;

/** Rows waiting to be written, flushed every BATCH customers in one transaction. */
class Pending {
  customers: Rows<typeof customers> = [];
  terms: Rows<typeof customerSearchTerms> = [];
  handles: Rows<typeof customerHandles> = [];
  preferences: Rows<typeof customerPreferences> = [];
  events: Rows<typeof onlineEvents> = [];
  purchases: Rows<typeof purchases> = [];
  lines: Rows<typeof purchaseLines> = [];
  mentions: Rows<typeof socialMentions> = [];
  holds: Rows<typeof holds> = [];
  notes: Rows<typeof notes> = [];
  audit: Rows<typeof auditLog> = [];
  /** Name words not yet in the lookup's vocabulary (search_word_trigrams). */
  words: string[] = [];

  async flush(db: Db) {
    await db.transaction(async (tx) => {
      // Parents before children.
      await insertInChunks(tx, customers, this.customers);
      await insertInChunks(tx, customerSearchTerms, this.terms);
      await insertInChunks(tx, customerHandles, this.handles);
      await insertInChunks(tx, customerPreferences, this.preferences);
      await insertInChunks(tx, onlineEvents, this.events);
      await insertInChunks(tx, purchases, this.purchases);
      await insertInChunks(tx, purchaseLines, this.lines);
      await insertInChunks(tx, socialMentions, this.mentions);
      await insertInChunks(tx, holds, this.holds);
      await insertInChunks(tx, notes, this.notes);
      await insertInChunks(tx, auditLog, this.audit);
      await insertVocabulary(tx, this.words);
    });
    Object.assign(this, new Pending());
  }
}

export interface SeedCustomersOptions {
  rng: Rng;
  stores: SeededStore[];
  catalog: SeededCatalog;
  scale: CustomerScale;
  now: Date;
  onProgress?: (done: number) => void;
}

export async function seedCustomers(db: Db, { rng, stores, catalog, scale, now, onProgress }: SeedCustomersOptions) {
  const usedEmails = new Set<string>();
  const usedHandles = new Set<string>();
  const brands = [...new Set(catalog.products.map((p) => p.brand))];
  const heldUnits = new Map<string, number>();
  const knownWords = new Set<string>();
  const pending = new Pending();
  const at = (daysAgoMax: number, daysAgoMin = 0) => new Date(now.getTime() - (daysAgoMin + rng.next() * (daysAgoMax - daysAgoMin)) * DAY);

  for (let i = 0; i < scale.count; i++) {
    const store = rng.next() < 0.45 ? stores[0]! : rng.next() < 0.55 ? stores[1]! : stores[2]!;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const id = rng.id();
    const assignedStaffId = rng.chance(0.55) ? rng.pick(store.associateIds) : null;

    const first = fold(firstName).replace(/[^a-z]/g, "");
    const last = fold(lastName).replace(/[^a-z]/g, "");
    let email = `${rng.pick([`${first}.${last}`, `${first}${last}`, `${first[0]}${last}`, `${first}_${last}`])}@${rng.pick(EMAIL_DOMAINS)}`;
    if (usedEmails.has(email)) email = email.replace("@", `${rng.int(1, 99)}@`);
    if (usedEmails.has(email)) email = email.replace("@", `.${i}@`);
    usedEmails.add(email);
    const phone = `+1${rng.pick(store.areaCodes)}${rng.int(2, 9)}${String(rng.int(0, 999999)).padStart(6, "0")}`;

    const handleNames: string[] = [];
    for (const network of ["x", "instagram"] as const) {
      if (!rng.chance(network === "x" ? 0.35 : 0.45)) continue;
      let handle = rng.pick([`${first}${last}`, `${first}_${last}`, `${first}.${last[0]}`, `its${first}`, `${first}${last[0]}${rng.int(1, 99)}`]).slice(0, 15);
      while (usedHandles.has(`${network}:${handle}`)) handle = `${handle.slice(0, 11)}${rng.int(10, 9999)}`;
      usedHandles.add(`${network}:${handle}`);
      handleNames.push(handle);
      pending.handles.push({ id: rng.id(), customerId: id, network, handle, createdAt: at(900, 90) });
    }

    // Preferences steer what the customer browses and buys, so profiles read true.
    const colours = rng.sample(COLOUR_FAMILIES, rng.int(1, 3));
    const favouriteBrands = rng.sample(brands, rng.int(1, 3));
    const [minCents, maxCents] = rng.pick(PRICE_BANDS);
    if (rng.chance(scale.preferenceRate)) {
      const alpha = rng.pick(ALPHA);
      const numeric = rng.pick(NUMERIC);
      const sizes: Record<string, string> = { shoes: rng.pick(SHOE) };
      for (const c of rng.sample(SIZE_CATEGORIES.alpha, rng.int(1, 4))) sizes[c] = alpha;
      for (const c of rng.sample(SIZE_CATEGORIES.numeric, rng.int(1, 3))) sizes[c] = numeric;
      pending.preferences.push({
        customerId: id,
        sizes,
        colours,
        brands: favouriteBrands,
        styles: rng.sample(STYLE_WORDS, rng.int(1, 2)),
        dislikes: rng.sample(DISLIKES, rng.int(0, 2)),
        priceMinCents: minCents,
        priceMaxCents: maxCents,
        freeText: rng.chance(0.3) ? rng.pick(PREFERENCE_NOTES) : null,
        updatedAt: at(200, 10),
        updatedByStaffId: assignedStaffId,
      });
    }
    const families = colours.map((c) => (c === "Navy" ? "blue" : c === "Camel" ? "brown" : c === "Ivory" ? "white" : c === "Burgundy" ? "red" : c.toLowerCase()));
    const liked = catalog.products.filter(
      (p) => p.colourFamilies.some((f) => families.includes(f)) || favouriteBrands.includes(p.brand),
    );
    const pickProduct = (): SeededProduct => (liked.length && rng.chance(0.7) ? rng.pick(liked) : rng.pick(catalog.products));
    const pickVariant = (p: SeededProduct) => {
      const ofColour = p.variants.filter((v) => families.some((f) => v.colour.toLowerCase().includes(f)));
      return rng.pick(ofColour.length ? ofColour : p.variants);
    };

    const eventCount = rng.int(0, Math.round(scale.events * 2));
    for (let e = 0; e < eventCount; e++) {
      let roll = rng.int(1, 100);
      const type = EVENT_TYPES.find(([, weight]) => (roll -= weight) <= 0)?.[0] ?? "product_viewed";
      const product = pickProduct();
      const variant = pickVariant(product);
      pending.events.push({
        id: rng.id(),
        customerId: id,
        type,
        occurredAt: at(90),
        channel: rng.chance(0.35) ? "app" : "web",
        ...(type === "searched"
          ? { searchQuery: rng.pick(SEARCH_QUERIES) }
          : { productId: product.id, variantId: variant.id, valueCents: type === "order_completed" ? variant.priceCents : null }),
      });
    }

    let lastVisit: Date | null = null;
    const purchaseCount = rng.int(0, Math.round(scale.purchases * 2));
    for (let p = 0; p < purchaseCount; p++) {
      const inStore = rng.chance(0.6);
      const purchasedAt = at(730, 1);
      if (inStore && (!lastVisit || purchasedAt > lastVisit)) lastVisit = purchasedAt;
      const purchaseId = rng.id();
      let total = 0;
      for (let l = rng.int(1, 3); l > 0; l--) {
        const product = pickProduct();
        const variant = pickVariant(product);
        total += variant.priceCents;
        pending.lines.push({ id: rng.id(), purchaseId, productId: product.id, variantId: variant.id, description: product.name, quantity: 1, unitPriceCents: variant.priceCents });
      }
      pending.purchases.push({
        id: purchaseId,
        customerId: id,
        channel: inStore ? "store" : "online",
        storeId: inStore ? store.id : null,
        staffId: inStore ? rng.pick(store.associateIds) : null,
        orderRef: `${inStore ? "S" : "W"}${String(100000 + i * 10 + p)}`,
        totalCents: total,
        purchasedAt,
      });
    }

    if (handleNames.length && rng.chance(scale.mentionRate)) {
      const product = pickProduct();
      const postedAt = at(30);
      const network = pending.handles.at(-1)!.network;
      const handle = handleNames.at(-1)!;
      const old = now.getTime() - postedAt.getTime() > 3 * DAY;
      const status = old && rng.chance(0.2) ? "replied" : old && rng.chance(0.1) ? "dismissed" : "new";
      const externalId = String(1_850_000_000_000_000_000n + BigInt(i));
      // Some posts arrive without a product staff can recognise, or from a
      // handle nobody has linked to a customer yet.
      const linkedProduct = rng.chance(0.8);
      const linkedCustomer = rng.chance(0.85);
      const postHandle = linkedCustomer ? handle : `${handle.slice(0, 8)}_${rng.int(100, 999)}`;
      pending.mentions.push({
        id: rng.id(),
        network,
        externalId,
        handle: postHandle,
        text: rng.pick(MENTION_TEMPLATES).replace("{product}", `${product.brand} ${product.name.split(" ").slice(-1)[0]!.toLowerCase()}`),
        url: network === "x" ? `https://x.com/${postHandle}/status/${externalId}` : `https://www.instagram.com/p/${externalId.slice(-11)}/`,
        postedAt,
        customerId: linkedCustomer ? id : null,
        productId: linkedProduct ? product.id : null,
        storeId: store.id,
        status,
        ...(status === "replied"
          ? { replyText: `Hi ${firstName}! Thank you — we'd love to help. Shall we set one aside for you at ${store.city}?`, repliedByStaffId: rng.pick(store.associateIds), repliedAt: new Date(postedAt.getTime() + rng.int(1, 48) * 3600_000) }
          : {}),
      });
    }

    if (assignedStaffId) {
      if (rng.chance(0.25)) {
        pending.notes.push({
          id: rng.id(),
          customerId: id,
          staffId: assignedStaffId,
          storeId: store.id,
          body: rng.pick(PREFERENCE_NOTES),
          pinned: rng.chance(0.3),
          createdAt: at(120),
        });
      }
      if (rng.chance(0.05)) {
        const product = pickProduct();
        const variant = pickVariant(product);
        const key = `${store.id}|${variant.id}`;
        const active = rng.chance(0.4) && (catalog.stock.get(key) ?? 0) > (heldUnits.get(key) ?? 0);
        const createdAt = active ? at(2) : at(60, 3);
        if (active) heldUnits.set(key, (heldUnits.get(key) ?? 0) + 1);
        const status = active ? "active" : rng.pick(["picked_up", "picked_up", "expired", "released"] as const);
        pending.holds.push({
          id: rng.id(),
          customerId: id,
          variantId: variant.id,
          storeId: store.id,
          staffId: assignedStaffId,
          status,
          // As the hold form's "2 days": closing time on the second open day.
          expiresAt: holdEnd(store.schedule, { now: createdAt, days: 2, latest: new Date(createdAt.getTime() + 14 * DAY) }),
          idempotencyKey: rng.id(),
          createdAt,
          resolvedAt: active ? null : new Date(createdAt.getTime() + rng.int(1, 47) * 3600_000),
        });
      }
    }

    // The lookup ranks by associate and store through copies of both on the terms.
    for (const { term, kind } of termsFor({ firstName, lastName, email, phone, handles: handleNames })) {
      pending.terms.push({ term, customerId: id, kind, homeStoreId: store.id, assignedStaffId });
    }
    for (const word of vocabularyWords({ firstName, lastName })) {
      if (knownWords.has(word)) continue;
      knownWords.add(word);
      pending.words.push(word);
    }
    pending.customers.push({
      id,
      firstName,
      lastName,
      email,
      phone,
      occupation: rng.chance(0.7) ? rng.pick(OCCUPATIONS) : null,
      city: store.city,
      homeStoreId: store.id,
      assignedStaffId,
      consentEmail: rng.chance(0.7),
      consentSms: rng.chance(0.45),
      consentPhone: rng.chance(0.3),
      lastVisitAt: lastVisit,
      createdAt: at(1100, 90),
    });

    if (pending.customers.length >= BATCH) {
      await pending.flush(db);
      onProgress?.(i + 1);
    }
  }
  await pending.flush(db);
  onProgress?.(scale.count);
}
