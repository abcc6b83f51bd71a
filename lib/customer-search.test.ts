import { beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { currentDialect, selectRows } from "@/db/dialect";
import { customerSearchTerms, customers, searchWordTrigrams } from "@/db/schema";
import { createTestDb } from "./testing/db";
import { createCustomer, createStaff, createStore } from "./testing/factories";
import { reassignCustomers } from "./client-books";
import { reindexCustomer } from "./customers";
import { customerIdQuery, findByNamePairs, findByRangeScans, findCustomerIds, listClientBook, editDistance, lookupCustomers, searchCustomers, typoCandidates } from "./customer-search";

let db: Db;
let alicia: string;
let aliceSmith: string;
let fernando: string;
let staffId: string;
let storeId: string;
let otherStoreId: string;

beforeEach(async () => {
  db = await createTestDb();
  const store = await createStore(db, { name: "Fifth Avenue" });
  storeId = store.id;
  otherStoreId = (await createStore(db, { name: "SoHo" })).id;
  staffId = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  alicia = await createCustomer(db, {
    firstName: "Alicia",
    lastName: "Fernández",
    email: "alicia.fernandez@gmail.com",
    phone: "+12125550143",
    handles: [["x", "aliciafdz"]],
    homeStoreId: store.id,
    assignedStaffId: staffId,
  });
  aliceSmith = await createCustomer(db, { firstName: "Alice", lastName: "Smith", email: "asmith@outlook.com", phone: "+13125550199" });
  fernando = await createCustomer(db, { firstName: "Fernando", lastName: "Alvarez", email: "fernando@icloud.com", phone: "+14155550101" });
});

const find = (query: string) => findCustomerIds(db, { query });

describe("searchCustomers", () => {
  it("finds by any part of the name in any order, ignoring case and accents", async () => {
    expect(await find("fernandez")).toEqual([alicia]);
    expect(await find("FERN ali")).toEqual([alicia]);
    expect(await find("alic fernán")).toEqual([alicia]);
    expect(new Set(await find("ali"))).toEqual(new Set([alicia, aliceSmith]));
  });

  it("finds by email, phone in any formatting and handle with or without @", async () => {
    expect(await find("alicia.fernandez@gmail.com")).toEqual([alicia]);
    expect(await find("asmith@")).toEqual([aliceSmith]);
    expect(await find("(212) 555-0143")).toEqual([alicia]);
    expect(await find("212 555 01")).toEqual([alicia]);
    expect(await find("+1 212 555 0143")).toEqual([alicia]);
    expect(await find("0143")).toEqual([alicia]);
    expect(await find("@aliciafdz")).toEqual([alicia]);
    expect(await find("aliciaf")).toEqual([alicia]);
  });

  it("takes a word typed twice as that word once, also when a correction makes it so", async () => {
    expect(await find("alicia alicia")).toEqual([alicia]);
    expect(new Set(await find("ali ali"))).toEqual(new Set([alicia, aliceSmith]));
    // "alicai" is corrected to "alicia", which is typed already.
    expect((await lookupCustomers(db, { query: "alicai alicia" })).customers.map((c) => c.id)).toEqual([alicia]);
  });

  it("returns nothing for no match or an empty query", async () => {
    expect(await find("zzz")).toEqual([]);
    expect(await find("alicia smith")).toEqual([]);
    expect(await find("   ")).toEqual([]);
  });

  it("returns each customer once, and as many as asked for, however many of their terms match", async () => {
    // Twelve terms starting with "a", more than a page of the lookup holds for two customers.
    const many = await createCustomer(db, { firstName: "Aa Ab Ac Ad Ae", lastName: "Af Ag Ah Ai Aj", email: "ak@example.com" });
    expect(await findCustomerIds(db, { query: "a", limit: 2 })).toEqual([many, aliceSmith]);
    expect(await findCustomerIds(db, { query: "a", limit: 1 })).toEqual([many]);
    const all = await find("a");
    expect(all).toHaveLength(4);
    expect(new Set(all)).toEqual(new Set([many, alicia, aliceSmith, fernando]));
  });

  it("returns summaries with store, associate and no duplicates", async () => {
    const [row, ...rest] = await searchCustomers(db, { query: "alicia" });
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ id: alicia, firstName: "Alicia", homeStoreName: "Fifth Avenue", assignedStaffName: "Maya Chen" });
  });

  it("reads each group through its own index, never a scan of customers", async () => {
    const groups = [
      { group: { staffId }, index: "customer_search_terms_staff_idx", sqliteCond: "assigned_staff_id=? AND term>? AND term<?", pgCond: `\\(\\(assigned_staff_id = '${staffId}'::text\\) AND \\(term >= 'fer'::text\\) AND \\(term < 'fer\uffff'::text\\)\\)` },
      { group: { storeId }, index: "customer_search_terms_store_idx", sqliteCond: "home_store_id=? AND term>? AND term<?", pgCond: `\\(\\(home_store_id = '${storeId}'::text\\) AND \\(term >= 'fer'::text\\) AND \\(term < 'fer\uffff'::text\\)\\)` },
      { group: {}, index: currentDialect() === "sqlite" ? "sqlite_autoindex_customer_search_terms_1" : "customer_search_terms_term_customer_id_pk", sqliteCond: "term>? AND term<?", pgCond: `\\(\\(term >= 'fer'::text\\) AND \\(term < 'fer\uffff'::text\\)\\)` },
    ];
    for (const { group, index, sqliteCond, pgCond } of groups) {
      const query = customerIdQuery(["fer", "ali", "212"], 20, group);
      if (currentDialect() === "sqlite") {
        const plan = (await selectRows<{ detail: string }>(db, sql`explain query plan ${query}`)).map((r) => r.detail).join("\n");
        // The group's range read from its index alone, each other token a probe of the customer's own terms.
        expect(plan).toContain(`SEARCH t USING COVERING INDEX ${index} (${sqliteCond})`);
        expect(plan).toMatch(/SEARCH o0 (EXISTS )?USING COVERING INDEX customer_search_terms_customer_idx \(customer_id=\? AND term>\? AND term<\?\)/);
        expect(plan).not.toMatch(/SCAN|TEMP B-TREE/);
        continue;
      }
      // A table of a few rows is cheapest to read whole and sort; with that
      // priced out, the plan has the shape PostgreSQL also picks for a large
      // book (checked on 200,000 customers): the group's term range read in
      // index order until the limit, each other token a probe of that
      // customer's own terms.
      const plan = await db.transaction(async (tx) => {
        for (const setting of ["enable_seqscan", "enable_bitmapscan", "enable_sort"]) await tx.execute(sql.raw(`set local ${setting} = off`));
        return (await selectRows<{ "QUERY PLAN": string }>(tx, sql`explain ${query}`)).map((r) => r["QUERY PLAN"]).join("\n");
      });
      expect(plan).toMatch(new RegExp(`^Limit\\b.*\\n\\s+->  Index (Only )?Scan using ${index} on customer_search_terms t\\b.*\\n\\s+Index Cond: ${pgCond}\\n\\s+Filter: \\(\\(SubPlan \\d+\\) AND \\(SubPlan \\d+\\)\\)`));
      for (const [alias, token] of [["o0", "ali"], ["o1", "212"]]) {
        expect(plan).toMatch(
          new RegExp(`Index Only Scan using customer_search_terms_customer_idx on customer_search_terms ${alias}\\b.*\\n\\s+Index Cond: \\(customer_id = t\\.customer_id\\)\\n\\s+Filter: \\("left"\\(term, 3\\) = '${token}'::text\\)`),
        );
      }
      expect(plan).not.toMatch(/Sort|Unique|Aggregate|Join/);
      expect(plan).not.toMatch(/Seq Scan|customers/);
    }
  });
});

describe("ranked for the person typing", () => {
  const visited = (id: string, daysAgo: number) => db.update(customers).set({ lastVisitAt: new Date(Date.now() - daysAgo * 86_400_000) }).where(eq(customers.id, id));
  const ranked = async (query: string) => (await searchCustomers(db, { query, staffId, storeId })).map((c) => [c.firstName, c.lastName, c.group]);

  it("puts their own clients first, then their store's customers, then other stores'", async () => {
    const colleague = (await createStaff(db, { storeId, name: "Sam Rivera" })).id;
    const elsewhere = await createCustomer(db, { firstName: "Hannah", lastName: "Allen", homeStoreId: otherStoreId });
    const inStore = await createCustomer(db, { firstName: "Hannah", lastName: "Allen", homeStoreId: storeId, assignedStaffId: colleague });
    // Only a prefix match, and the least recent: her own client still comes first.
    const mine = await createCustomer(db, { firstName: "Hannah", lastName: "Allenby", homeStoreId: otherStoreId, assignedStaffId: staffId });
    await visited(elsewhere, 1);
    await visited(inStore, 2);
    await visited(mine, 300);
    expect(await ranked("allen hannah")).toEqual([
      ["Hannah", "Allenby", "own"],
      ["Hannah", "Allen", "store"],
      ["Hannah", "Allen", "other"],
    ]);
    expect((await searchCustomers(db, { query: "hannah allen", staffId, storeId })).map((c) => c.id)).toEqual([mine, inStore, elsewhere]);
    // Someone at the other store sees the same three the other way round.
    const theirs = (await createStaff(db, { storeId: otherStoreId })).id;
    expect((await searchCustomers(db, { query: "hannah allen", staffId: theirs, storeId: otherStoreId })).map((c) => [c.id, c.group])).toEqual([
      [elsewhere, "store"],
      [mine, "store"],
      [inStore, "other"],
    ]);
  });

  it("puts whole-word matches before prefix matches, then the most recent activity, within a group", async () => {
    const alina = await createCustomer(db, { firstName: "Alina", lastName: "Cruz", homeStoreId: storeId });
    const ali = await createCustomer(db, { firstName: "Ali", lastName: "Baba", homeStoreId: storeId });
    const aliOld = await createCustomer(db, { firstName: "Ali", lastName: "Khan", homeStoreId: storeId });
    await visited(alina, 1);
    await visited(ali, 10);
    await visited(aliOld, 400);
    expect(await ranked("ali")).toEqual([
      ["Alicia", "Fernández", "own"],
      ["Ali", "Baba", "store"],
      ["Ali", "Khan", "store"],
      ["Alina", "Cruz", "store"],
      ["Alice", "Smith", "other"],
    ]);
    // Activity online counts as much as a visit.
    await db.update(customers).set({ lastVisitAt: null }).where(eq(customers.id, aliOld));
    const { onlineEvents } = await import("@/db/schema");
    await db.insert(onlineEvents).values({ id: crypto.randomUUID(), customerId: aliOld, type: "product_viewed", occurredAt: new Date(), channel: "web" });
    expect((await ranked("ali")).slice(1, 3)).toEqual([
      ["Ali", "Khan", "store"],
      ["Ali", "Baba", "store"],
    ]);
    // Both words whole beat one word whole.
    const aliBa = await createCustomer(db, { firstName: "Ali", lastName: "Ba", homeStoreId: storeId });
    expect((await searchCustomers(db, { query: "ali ba", staffId, storeId })).map((c) => c.id)).toEqual([aliBa, ali]);
  });

  it("stops at the limit, taking the groups in order", async () => {
    for (let i = 0; i < 3; i++) await createCustomer(db, { firstName: "Alix", lastName: `Store${i}`, homeStoreId: storeId });
    const found = await searchCustomers(db, { query: "ali", staffId, storeId, limit: 3 });
    expect(found.map((c) => c.group)).toEqual(["own", "store", "store"]);
    expect(await searchCustomers(db, { query: "ali", staffId, storeId, limit: 1 })).toMatchObject([{ id: alicia, group: "own" }]);
  });

  it("without someone typing, finds the same customers", async () => {
    expect(new Set((await searchCustomers(db, { query: "ali" })).map((c) => c.id))).toEqual(new Set([alicia, aliceSmith]));
    expect((await searchCustomers(db, { query: "ali" })).every((c) => c.group === "other")).toBe(true);
  });
});

describe("two name words, through the pair terms", () => {
  const ids = (matches: Array<{ id: string; group: string }> | null) => matches && matches.map((m) => `${m.group}:${m.id}`).sort();

  it("find the customers and groups the range scans find, whole words first", async () => {
    const colleague = (await createStaff(db, { storeId, name: "Sam Rivera" })).id;
    const mine = await createCustomer(db, { firstName: "Ethan", lastName: "Davis", homeStoreId: storeId, assignedStaffId: staffId });
    const theirs = await createCustomer(db, { firstName: "Ethel", lastName: "Davies", homeStoreId: storeId, assignedStaffId: colleague });
    const swapped = await createCustomer(db, { firstName: "David", lastName: "Ethan", homeStoreId: otherStoreId });
    const prefix = await createCustomer(db, { firstName: "Ethanael", lastName: "Davidson", homeStoreId: otherStoreId });
    await createCustomer(db, { firstName: "Beth", lastName: "Davis", homeStoreId: storeId });
    await createCustomer(db, { firstName: "Ethan", lastName: "Smith", homeStoreId: storeId });
    for (const query of [["eth", "davi"], ["davi", "eth"], ["ethan", "davis"], ["e", "d"], ["davis", "ethan"], ["ethan", "dav", "212"]]) {
      const pairs = await findByNamePairs(db, { tokens: query, limit: 20, staffId, storeId });
      expect(ids(pairs), query.join(" ")).toEqual(ids(await findByRangeScans(db, { tokens: query, limit: 20, staffId, storeId })));
    }
    expect((await findByNamePairs(db, { tokens: ["eth", "davi"], limit: 20, staffId, storeId }))!.map((m) => m.id)).toEqual([mine, theirs, swapped, prefix]);
    // "ethan davi": whole "ethan" beats "ethanael", and "david ethan" has both words whole only for "ethan david".
    expect((await findByNamePairs(db, { tokens: ["ethan", "davi"], limit: 20 }))!.map((m) => [m.id, m.exact])).toEqual([
      [swapped, 1],
      [mine, 1],
      [prefix, 0],
    ]);
    expect((await findByNamePairs(db, { tokens: ["ethan", "davis"], limit: 20 }))!.map((m) => [m.id, m.exact])).toEqual([[mine, 2]]);
    expect(await findByNamePairs(db, { tokens: ["ethan", "zzz"], limit: 20 })).toEqual([]);
    expect(await findByNamePairs(db, { tokens: ["qqq", "davis"], limit: 20 })).toEqual([]);
  });

  it("read a bounded number of pairs when matches are plentiful, and leave words too common to spell out to the range scans", async () => {
    const mos = new Set<string>();
    for (const lastName of ["Moss", "Moore", "Morris"]) mos.add(await createCustomer(db, { firstName: "Mo", lastName, homeStoreId: otherStoreId }));
    expect(await findByNamePairs(db, { tokens: ["mo", "mor"], limit: 20, cap: 2 })).toHaveLength(1);
    // Six pairs match "mo m", two read: at most two customers, each a match.
    const read = (await findByNamePairs(db, { tokens: ["mo", "m"], limit: 20, cap: 2 }))!;
    expect(read.length).toBeGreaterThanOrEqual(1);
    expect(read.length).toBeLessThanOrEqual(2);
    for (const match of read) expect(mos.has(match.id)).toBe(true);
    expect(await findCustomerIds(db, { query: "mo m" })).toHaveLength(3);
    // 65 first names beginning with "k", 65 last names with "z": neither is spelled out.
    for (let i = 0; i < 65; i++) await createCustomer(db, { firstName: `K${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, lastName: `Z${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}` });
    expect(await findByNamePairs(db, { tokens: ["k", "z"], limit: 20 })).toBeNull();
    expect(await findCustomerIds(db, { query: "k z" })).toHaveLength(20);
  });
});

describe("typo fallback", () => {
  it("finds Alicia Fernandez from “alicai fernadez”, and says these are close matches", async () => {
    const result = await lookupCustomers(db, { query: "alicai fernadez", staffId, storeId });
    expect(result.customers[0]).toMatchObject({ id: alicia, group: "own" });
    expect(result.closeMatches?.words[0]).toMatch(/fernandez/);
    expect(await findCustomerIds(db, { query: "alicai fernadez" })).toEqual([]);
  });

  it("tries the closest word first: one swap before two edits, though the latter shares more trigrams", async () => {
    // "alice" shares more of "alicai"'s trigrams (0.44 against 0.40) but is two edits away; "alicia" one swap.
    const result = await lookupCustomers(db, { query: "alicai", staffId, storeId });
    expect(result.closeMatches?.words[0]).toBe("alicia");
    expect(result.customers[0]).toMatchObject({ id: alicia });
  });

  it("keeps a typed word that begins a known one and corrects only the other", async () => {
    const result = await lookupCustomers(db, { query: "alic fernadez", staffId, storeId });
    expect(result.customers.map((c) => c.id)).toEqual([alicia]);
    expect(result.closeMatches).toEqual({ words: ["alic fernandez"] });
  });

  it("matches a word to the known words sharing most trigrams, above a threshold", async () => {
    expect((await typoCandidates(db, "fernadez"))[0]).toMatchObject({ word: "fernandez" });
    expect((await typoCandidates(db, "fernadez"))[0]!.similarity).toBeCloseTo(7 / 12);
    expect(await typoCandidates(db, "qqqzzz")).toEqual([]);
    // Two letters swapped: few trigrams shared, one edit away, first.
    expect((await typoCandidates(db, "alicai"))[0]).toMatchObject({ word: "alicia" });
    expect((await typoCandidates(db, "smtih"))[0]).toMatchObject({ word: "smith" });
    // One edit away but only one trigram shared ("  j"): not counted up at all, as the read is bounded by shared trigrams.
    await createCustomer(db, { firstName: "Joan", lastName: "Ortiz" });
    expect((await typoCandidates(db, "joam"))[0]).toMatchObject({ word: "joan" });
    expect((await typoCandidates(db, "jaon")).map((c) => c.word)).not.toContain("joan");
  });

  it("counts edits, a swap of neighbours as one", () => {
    expect(editDistance("alicai", "alicia")).toBe(1);
    expect(editDistance("fernadez", "fernandez")).toBe(1);
    expect(editDistance("emam", "emma")).toBe(1);
    expect(editDistance("alice", "alicia")).toBe(2);
    expect(editDistance("smith", "jones", 3)).toBe(3);
  });

  it("is not used when something matches as typed, nor for emails, numbers or handles", async () => {
    expect(await lookupCustomers(db, { query: "alicia", staffId, storeId })).toMatchObject({ closeMatches: null, customers: [{ id: alicia }] });
    expect(await lookupCustomers(db, { query: "qqqzzz", staffId, storeId })).toEqual({ customers: [], closeMatches: null });
    expect(await lookupCustomers(db, { query: "@aliciafdzz", staffId, storeId })).toEqual({ customers: [], closeMatches: null });
    expect(await lookupCustomers(db, { query: "alicia.fernandes@gmail.com", staffId, storeId })).toEqual({ customers: [], closeMatches: null });
  });
});

describe("copies kept current", () => {
  const termCopies = async (id: string) =>
    new Set((await db.select({ store: customerSearchTerms.homeStoreId, staff: customerSearchTerms.assignedStaffId }).from(customerSearchTerms).where(eq(customerSearchTerms.customerId, id))).map((r) => `${r.store}|${r.staff}`));

  it("moves a customer's terms with her when she is reassigned", async () => {
    const priya = (await createStaff(db, { storeId, name: "Priya Patel" })).id;
    expect(await termCopies(alicia)).toEqual(new Set([`${storeId}|${staffId}`]));
    expect(await reassignCustomers(db, { storeId, managerId: staffId, customerIds: [alicia], toStaffIds: [priya] })).toMatchObject({ ok: true, moved: 1 });
    expect(await termCopies(alicia)).toEqual(new Set([`${storeId}|${priya}`]));
    expect(await searchCustomers(db, { query: "alicia", staffId, storeId })).toMatchObject([{ id: alicia, group: "store" }]);
    expect(await searchCustomers(db, { query: "alicia", staffId: priya, storeId })).toMatchObject([{ id: alicia, group: "own" }]);
  });

  it("rewrites the copies and the vocabulary when a customer changes through reindexCustomer", async () => {
    await db.transaction(async (tx) => {
      await tx.update(customers).set({ homeStoreId: otherStoreId, assignedStaffId: null, lastName: "Alvarado" }).where(eq(customers.id, fernando));
      await reindexCustomer(tx, fernando);
    });
    expect(await termCopies(fernando)).toEqual(new Set([`${otherStoreId}|null`]));
    const words = async (word: string) => (await db.select().from(searchWordTrigrams).where(eq(searchWordTrigrams.word, word))).length;
    expect(await words("alvarado")).toBe("alvarado".length + 1);
    // Nobody is called Alvarez any more, so the fallback no longer offers it.
    expect(await words("alvarez")).toBe(0);
    expect((await typoCandidates(db, "alvarrado"))[0]).toMatchObject({ word: "alvarado" });
    // Words others still have stay.
    expect(await words("fernando")).toBe("fernando".length + 1);
    expect(await db.select().from(searchWordTrigrams).where(and(eq(searchWordTrigrams.word, "alicia"), eq(searchWordTrigrams.trigram, "  a")))).toHaveLength(1);
  });
});

describe("each customer's latest event, kept by triggers", () => {
  const latest = async (id: string) => (await db.select({ at: customers.lastEventAt }).from(customers).where(eq(customers.id, id)))[0]?.at?.getTime() ?? null;
  const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

  it("follows events, posts and purchases as they come, move to someone else and go", async () => {
    const { onlineEvents, purchases, socialMentions } = await import("@/db/schema");
    expect(await latest(alicia)).toBeNull();
    const viewed = crypto.randomUUID();
    await db.insert(onlineEvents).values({ id: viewed, customerId: alicia, type: "product_viewed", occurredAt: at(10), channel: "web" });
    expect(await latest(alicia)).toBe(at(10).getTime());
    // An older one changes nothing; a later post or purchase moves it on.
    await db.insert(onlineEvents).values({ id: crypto.randomUUID(), customerId: alicia, type: "product_viewed", occurredAt: at(3), channel: "web" });
    expect(await latest(alicia)).toBe(at(10).getTime());
    const post = crypto.randomUUID();
    await db.insert(socialMentions).values({ id: post, network: "x", externalId: "1", handle: "aliciafdz", text: "t", url: "u", postedAt: at(12), customerId: alicia, storeId });
    expect(await latest(alicia)).toBe(at(12).getTime());
    await db.insert(purchases).values({ id: crypto.randomUUID(), customerId: alicia, channel: "store", storeId, orderRef: "A-1", totalCents: 100, purchasedAt: at(11) });
    expect(await latest(alicia)).toBe(at(12).getTime());

    // Anonymous browsing counts once it is linked to her.
    const anonymous = crypto.randomUUID();
    await db.insert(onlineEvents).values({ id: anonymous, anonymousId: "anon-1", type: "product_viewed", occurredAt: at(14), channel: "web" });
    expect(await latest(alicia)).toBe(at(12).getTime());
    await db.update(onlineEvents).set({ customerId: alicia }).where(eq(onlineEvents.id, anonymous));
    expect(await latest(alicia)).toBe(at(14).getTime());

    // The latest moved to someone else: hers is read again from what is left, and theirs moves on.
    await db.update(onlineEvents).set({ customerId: fernando }).where(eq(onlineEvents.id, anonymous));
    expect(await latest(alicia)).toBe(at(12).getTime());
    expect(await latest(fernando)).toBe(at(14).getTime());
    // Its time changed to earlier: read again.
    await db.update(onlineEvents).set({ occurredAt: at(1) }).where(eq(onlineEvents.id, anonymous));
    expect(await latest(fernando)).toBe(at(1).getTime());
    // The latest deleted, one by one, down to nothing.
    await db.delete(socialMentions).where(eq(socialMentions.id, post));
    expect(await latest(alicia)).toBe(at(11).getTime());
    await db.delete(purchases).where(eq(purchases.customerId, alicia));
    expect(await latest(alicia)).toBe(at(10).getTime());
    await db.delete(onlineEvents).where(eq(onlineEvents.customerId, alicia));
    expect(await latest(alicia)).toBeNull();
    // Someone else's deleted event leaves hers alone.
    await db.insert(onlineEvents).values({ id: viewed, customerId: alicia, type: "product_viewed", occurredAt: at(10), channel: "web" });
    await db.delete(onlineEvents).where(eq(onlineEvents.customerId, fernando));
    expect(await latest(alicia)).toBe(at(10).getTime());
    expect(await latest(fernando)).toBeNull();
  });

  it("is what the lookup shows as last active", async () => {
    const { onlineEvents } = await import("@/db/schema");
    await db.insert(onlineEvents).values({ id: crypto.randomUUID(), customerId: alicia, type: "product_viewed", occurredAt: at(10), channel: "web" });
    await db.update(customers).set({ lastVisitAt: at(4) }).where(eq(customers.id, alicia));
    expect((await searchCustomers(db, { query: "2125550143" }))[0]?.lastActivityAt).toEqual(at(10));
    expect((await searchCustomers(db, { query: "alicia fern" }))[0]?.lastActivityAt).toEqual(at(10));
    await db.update(customers).set({ lastVisitAt: at(20) }).where(eq(customers.id, alicia));
    expect((await searchCustomers(db, { query: "2125550143" }))[0]?.lastActivityAt).toEqual(at(20));
  });
});

describe("listClientBook", () => {
  it("lists only the associate's own customers, with the total", async () => {
    const book = await listClientBook(db, { staffId });
    expect(book.total).toBe(1);
    expect(book.customers.map((c) => c.id)).toEqual([alicia]);
  });
});
