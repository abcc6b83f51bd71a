import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import {
  customerHandles,
  customerPreferences,
  customerSearchTerms,
  customers,
  notes,
  onlineEvents,
  purchaseLines,
  purchases,
  socialMentions,
  storeStock,
} from "@/db/schema";
import { customerSearchTerms as termsFor, vocabularyWords } from "../../lib/search-terms";
import { insertVocabulary } from "./customers";
import { productImageUrl } from "../../lib/product-art";
import type { SeededCatalog, SeededStore } from "./base";
import type { Rng } from "./random";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

export const ALICIA = {
  firstName: "Alicia",
  lastName: "Fernández",
  email: "alicia.fernandez@gmail.com",
  phone: "+12125550143",
  xHandle: "aliciafdz",
  instagramHandle: "alicia.fernandez.nyc",
  coatStyleCode: "MIL-CT-001",
  coatColour: "Cobalt blue",
  size: "M",
} as const;

/**
 * The story behind Shopkeeper: Alicia, a busy lawyer who loves blue, browses
 * blue coats between $250 and $1000 this week, wishlists the Milly coat and
 * asks her friends about it on X. She is in Maya Chen's client book at the
 * Fifth Avenue flagship, which has the coat in her size.
 */
export async function seedAliciaStory(db: Db, { rng, stores, catalog, now }: { rng: Rng; stores: SeededStore[]; catalog: SeededCatalog; now: Date }) {
  const flagship = stores[0]!;
  const maya = flagship.associateIds[0]!;
  const coat = catalog.products.find((p) => p.styleCode === ALICIA.coatStyleCode);
  if (!coat) throw new Error(`The catalogue lacks the story's coat ${ALICIA.coatStyleCode}`);
  const coatInSize = coat.variants.find((v) => v.colour === ALICIA.coatColour && v.size === ALICIA.size)!;
  const blueCoats = catalog.products.filter(
    (p) => p.category === "coats" && p.id !== coat.id && p.colourFamilies.includes("blue") && p.priceCents >= 25000 && p.priceCents <= 100000,
  );
  const blueVariant = (p: (typeof blueCoats)[number]) =>
    p.variants.find((v) => /blue|navy|cobalt|teal/i.test(v.colour) && v.size === ALICIA.size) ?? p.variants[0]!;
  const id = rng.id();
  const ago = (ms: number) => new Date(now.getTime() - ms);

  await db.transaction(async (tx) => {
    await tx.insert(customers)
      .values({
        id,
        firstName: ALICIA.firstName,
        lastName: ALICIA.lastName,
        email: ALICIA.email,
        phone: ALICIA.phone,
        occupation: "Trial lawyer, Whitman & Clarke LLP",
        city: "New York",
        homeStoreId: flagship.id,
        assignedStaffId: maya,
        consentEmail: true,
        consentSms: true,
        consentPhone: false,
        lastVisitAt: ago(41 * DAY),
        createdAt: ago(700 * DAY),
      })
      ;
    for (const { term, kind } of termsFor({ ...ALICIA, handles: [ALICIA.xHandle, ALICIA.instagramHandle] })) {
      await tx.insert(customerSearchTerms).values({ term, customerId: id, kind, homeStoreId: flagship.id, assignedStaffId: maya });
    }
    await insertVocabulary(tx, vocabularyWords(ALICIA));
    await tx.insert(customerHandles)
      .values([
        { id: rng.id(), customerId: id, network: "x", handle: ALICIA.xHandle },
        { id: rng.id(), customerId: id, network: "instagram", handle: ALICIA.instagramHandle },
      ])
      ;
    await tx.insert(customerPreferences)
      .values({
        customerId: id,
        sizes: { coats: "M", jackets: "M", knitwear: "S", dresses: "6", trousers: "6", shoes: "38" },
        colours: ["Blue", "Navy", "Ivory"],
        brands: ["Milly", "Theory", "Max Mara"],
        styles: ["classic", "statement", "workwear"],
        dislikes: ["Animal print", "Very high heels"],
        priceMinCents: 25000,
        priceMaxCents: 100000,
        freeText: "In court most days; comes in after 6pm. Likes structured, tailored pieces that go from the office to dinner.",
        updatedAt: ago(60 * DAY),
        updatedByStaffId: maya,
      })
      ;

    // This week: several blue coats, the Milly coat twice, then the wishlist.
    const views = [...blueCoats.slice(0, 4).map((p, i) => ({ p, v: blueVariant(p), t: ago((5 - i) * DAY + 3 * HOUR) }))];
    views.push({ p: coat, v: coatInSize, t: ago(3 * DAY + 2 * HOUR) }, { p: coat, v: coatInSize, t: ago(2 * DAY + 5 * HOUR) });
    for (const { p, v, t } of views) {
      await tx.insert(onlineEvents).values({ id: rng.id(), customerId: id, type: "product_viewed", occurredAt: t, productId: p.id, variantId: v.id, channel: "app" });
    }
    await tx.insert(onlineEvents)
      .values([
        { id: rng.id(), customerId: id, type: "searched", occurredAt: ago(5 * DAY + 4 * HOUR), searchQuery: "blue wool coat", channel: "app" },
        { id: rng.id(), customerId: id, type: "wishlist_added", occurredAt: ago(2 * DAY + 4 * HOUR), productId: coat.id, variantId: coatInSize.id, channel: "app" },
      ])
      ;

    const postId = "1861873529107890176";
    await tx.insert(socialMentions)
      .values({
        id: rng.id(),
        network: "x",
        externalId: postId,
        handle: ALICIA.xHandle,
        text: "Thinking about this Milly coat from @hartleyrowe for fall 💙 Too bold for court, or exactly right? Be honest 👇",
        url: `https://x.com/${ALICIA.xHandle}/status/${postId}`,
        mediaUrl: productImageUrl("coats", "#1f4fb8"),
        postedAt: ago(2 * DAY),
        customerId: id,
        productId: coat.id,
        storeId: flagship.id,
        status: "new",
      })
      ;

    const theory = catalog.products.find((p) => p.brand === "Theory" && p.category !== "coats") ?? catalog.products[1]!;
    const purchaseId = rng.id();
    const variant = theory.variants.find((v) => v.size === ALICIA.size || v.size === "6") ?? theory.variants[0]!;
    await tx.insert(purchases)
      .values({ id: purchaseId, customerId: id, channel: "store", storeId: flagship.id, staffId: maya, orderRef: "S0410027", totalCents: variant.priceCents, purchasedAt: ago(41 * DAY) })
      ;
    await tx.insert(purchaseLines)
      .values({ id: rng.id(), purchaseId, productId: theory.id, variantId: variant.id, description: theory.name, quantity: 1, unitPriceCents: variant.priceCents })
      ;

    await tx.insert(notes)
      .values({
        id: rng.id(),
        customerId: id,
        staffId: maya,
        storeId: flagship.id,
        body: "Prefers a text over a call. Had the Theory blazer sleeves shortened 1 cm; check sleeve length on anything tailored.",
        pinned: true,
        createdAt: ago(41 * DAY),
      })
      ;

    // The coat is on the shelf in her size at the flagship.
    await tx.update(storeStock)
      .set({ onHand: 2 })
      .where(and(eq(storeStock.storeId, flagship.id), eq(storeStock.variantId, coatInSize.id)))
      ;
  });
  return { customerId: id, coatVariantId: coatInSize.id };
}
