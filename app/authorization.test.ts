import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { buildTwoStores, CALLERS, changes, person, rowsOfOtherStores, snapshot, type Person, type StoreKey, type StoreWorld, type Who, type World } from "@/lib/testing/two-stores";
import type { ActionState } from "@/lib/actions";

// Every server action, called by nobody, an associate and a manager of each of
// two stores, on a record of each store: what is allowed succeeds and writes
// only into the caller's own store; what is refused says so and changes nothing.
// Pages and route handlers are the same table in e2e/authorization.spec.ts.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.example", "x-forwarded-for": "203.0.113.7" }) }));
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
vi.stubEnv("PUBLIC_URL", "https://shop.example");

const notes = await import("./(staff)/customers/[id]/actions");
const followUps = await import("./(staff)/customers/[id]/follow-up-actions");
const { placeHoldAction } = await import("./(staff)/customers/[id]/hold/actions");
const links = await import("./(staff)/customers/[id]/link-actions");
const { savePreferencesAction } = await import("./(staff)/customers/[id]/preferences/actions");
const { changeHoldAction } = await import("./(staff)/holds/actions");
const mentions = await import("./(staff)/mentions/actions");
const { reassignAction } = await import("./(staff)/store/clients/actions");
const { importCustomersAction } = await import("./(staff)/store/import/actions");
const sources = await import("./(staff)/store/sources/actions");
const storeHours = await import("./(staff)/store/hours/actions");
const { signOutAction } = await import("./(staff)/actions");
const customerPage = await import("./(public)/c/[token]/actions");

let db: Db;
let world: World;
/** Whether `world` is as built: a refusal leaves it so, and the next case reuses it. */
let pristine = false;

beforeEach(async () => {
  testSession.current = null;
  if (pristine) return;
  db = await createTestDb();
  testDb.current = db;
  world = await buildTwoStores(db);
});

const form = (fields: Record<string, string | string[] | Blob>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) data.append(name, one);
  return data;
};

/** Every field of the preferences forms, as a browser sends them. */
const PREFERENCES = { size_coats: "M", colours: "navy", priceMin: "", priceMax: "", brands: "", dislikes: "" };
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** Who may do it, for a record of `store`: `me` is null for nobody signed in. */
type Rule = (me: Person | null, store: StoreKey, who: Who) => boolean;
const anyStaff: Rule = (me) => me !== null;
const ownStore: Rule = (me, store) => me?.store === store;
const managerOfStore: Rule = (me, store) => me?.role === "manager" && me.store === store;
const anyManager: Rule = (me) => me?.role === "manager";
/** Notes are changed only by whoever wrote them: the store's associate. */
const author: Rule = (_me, store, who) => (store === "fifth" ? who === "maya" : who === "hannah");

interface Action {
  name: string;
  allowed: Rule;
  run: (s: StoreWorld, w: World) => Promise<ActionState | void>;
  /** The record is the customer's, not the store's (a customer link): it may write into the link's store. */
  writesForCustomer?: boolean;
}

const ACTIONS: Action[] = [
  { name: "add a note", allowed: anyStaff, run: (s) => notes.addNoteAction({}, form({ customerId: s.customer, body: "Asked about the coat" })) },
  { name: "edit a note", allowed: author, run: (s) => notes.editNoteAction({}, form({ customerId: s.customer, noteId: s.note, body: "Edited" })) },
  { name: "delete a note", allowed: author, run: (s) => notes.deleteNoteAction({}, form({ customerId: s.customer, noteId: s.note })) },
  { name: "set a follow-up", allowed: anyStaff, run: (s) => followUps.setFollowUpAction({}, form({ customerId: s.customer, dueOn: inAWeek(), reason: "Try-on" })) },
  { name: "complete a follow-up", allowed: ownStore, run: (s) => followUps.completeFollowUpAction({}, form({ customerId: s.customer, followUpId: s.followUp, how: "call" })) },
  { name: "cancel a follow-up", allowed: ownStore, run: (s) => followUps.cancelFollowUpAction({}, form({ customerId: s.customer, followUpId: s.followUp })) },
  { name: "log a contact", allowed: anyStaff, run: (s) => followUps.logContactAction({}, form({ customerId: s.customer, kind: "visit" })) },
  {
    name: "put an item aside",
    allowed: anyStaff,
    run: (s, w) => placeHoldAction({}, form({ customerId: s.customer, variantId: w.variant, days: "2", idempotencyKey: randomUUID() })),
  },
  { name: "send a link", allowed: ownStore, run: (s) => links.sendLinkAction({}, form({ customerId: s.customer, holdIds: s.hold, channel: "in_store", message: "For you" })) },
  { name: "revoke a link", allowed: ownStore, run: (s) => links.revokeLinkAction({}, form({ customerId: s.customer, linkId: s.link })) },
  { name: "answer a question from a customer's page", allowed: ownStore, run: (s) => links.answerQuestionAction({}, form({ customerId: s.customer, responseId: s.question, text: "Yes, it is lined." })) },
  { name: "save preferences", allowed: anyStaff, run: (s) => savePreferencesAction({}, form({ customerId: s.customer, ...PREFERENCES, freeText: "Prefers wool" })) },
  { name: "extend a hold", allowed: ownStore, run: (s) => changeHoldAction({}, form({ holdId: s.hold, change: "extend" })) },
  { name: "release a hold", allowed: ownStore, run: (s) => changeHoldAction({}, form({ holdId: s.hold, change: "release" })) },
  { name: "note an answer to a post", allowed: ownStore, run: (s) => mentions.noteReplyAction({}, form({ mentionId: s.mention, text: "Thank you!" })) },
  { name: "dismiss a post", allowed: ownStore, run: (s) => mentions.dismissMentionAction({}, form({ mentionId: s.mention })) },
  { name: "claim a post", allowed: ownStore, run: (s) => mentions.assignMentionAction({}, form({ mentionId: s.mention, assignee: "me" })) },
  { name: "assign a post to a colleague", allowed: managerOfStore, run: (s) => mentions.assignMentionAction({}, form({ mentionId: s.mention, assignee: s.manager })) },
  { name: "link a post to a product", allowed: ownStore, run: (s, w) => mentions.linkMentionProductAction({}, form({ mentionId: s.mention, productId: w.productId })) },
  { name: "link a post to a customer", allowed: ownStore, run: (s) => mentions.linkMentionCustomerAction({}, form({ mentionId: s.mention, customerId: s.customer })) },
  {
    name: "create a customer from a post",
    allowed: ownStore,
    run: (s) => mentions.createMentionCustomerAction({}, form({ mentionId: s.mention, firstName: "New", lastName: "Fan", email: `fan-${s.id}@example.com` })),
  },
  { name: "search products for a post", allowed: anyStaff, run: () => mentions.findMentionProductsAction({}, form({ q: "test coat" })) },
  // To the store's own manager, so an allowed move really moves someone.
  { name: "move a client", allowed: managerOfStore, run: (s) => reassignAction({}, form({ customerId: s.customer, toStaffId: s.manager })) },
  { name: "move a whole book", allowed: managerOfStore, run: (s) => reassignAction({}, form({ book: s.associate, toStaffId: s.manager })) },
  {
    name: "import customers",
    allowed: anyManager,
    run: (s) => importCustomersAction({}, form({ file: new File([`First Name,Last Name,Email\nNew,Import,import-${s.id}@example.com\n`], "customers.csv", { type: "text/csv" }) })),
  },
  { name: "create a write key", allowed: anyManager, run: () => sources.createSourceKeyAction({}, form({ name: "Kiosk" })) },
  { name: "revoke a write key", allowed: managerOfStore, run: (s) => sources.revokeSourceKeyAction({}, form({ keyId: s.sourceKey })) },
  { name: "set the opening hours", allowed: anyManager, run: () => storeHours.updateHoursAction({}, form({ mon_open: "on", mon_opens: "10:00", mon_closes: "18:00" })) },
  { name: "close the store for a day", allowed: anyManager, run: () => storeHours.addClosureAction({}, form({ day: inAWeek(), reason: "Inventory" })) },
  { name: "open a closed day again", allowed: managerOfStore, run: (s) => storeHours.removeClosureAction({}, form({ day: s.closedDay })) },
  { name: "sign out", allowed: anyStaff, run: () => signOutAction() },
  // The customer's page: the token is the credential, whoever's session comes along. Fifth Avenue's hold can be let go only with its own link.
  { name: "let a hold go from a link", allowed: (_me, store) => store === "fifth", writesForCustomer: true, run: (s, w) => customerPage.respondAction({}, form({ token: s.token, kind: "released", holdId: w.stores.fifth.hold })) },
  { name: "ask a question from a link", allowed: () => true, writesForCustomer: true, run: (s) => customerPage.respondAction({}, form({ token: s.token, kind: "question", question: "Open Sunday?" })) },
  { name: "withdraw consent from a link", allowed: () => true, writesForCustomer: true, run: (s) => customerPage.privacyAction({}, form({ token: s.token, kind: "withdraw", channel: "email" })) },
  { name: "correct sizes from a link", allowed: () => true, writesForCustomer: true, run: (s) => customerPage.correctPreferencesAction({}, form({ token: s.token, ...PREFERENCES, size_coats: "L" })) },
];

const CASES = ACTIONS.flatMap((action) =>
  CALLERS.flatMap((who) =>
    (["fifth", "oak"] as const).map((store) => ({ action, who, store, allowed: action.allowed(person(who), store, who) })),
  ),
);
const table = (allowed: boolean) => CASES.filter((c) => c.allowed === allowed).map((c) => [c.action.name, c.who, c.store, c] as const);

/**
 * Runs the action; a redirect (Next's way of ending a successful form) counts
 * as success. Sign-out answers nothing (`ok` undefined): what it wrote tells.
 */
async function outcome(action: Action, store: StoreWorld): Promise<{ ok?: boolean; message?: string }> {
  try {
    const result = await action.run(store, world);
    return result === undefined ? {} : { ok: result.ok === true, message: result.message };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("redirect:/customers/")) return { ok: true };
    throw error;
  }
}

/** Signs `who` in, runs the action on `storeKey`'s record, and says what it answered and wrote. */
async function attempt(who: Who, storeKey: StoreKey, action: Action) {
  pristine = false;
  testSession.current = who === "nobody" ? null : { user: { id: world.staff[who] } };
  const store = world.stores[storeKey];
  const before = await snapshot(db);
  const result = await outcome(action, store);
  const written = changes(before, await snapshot(db));
  return { result, written, store };
}

describe("every server action, by role and store", () => {
  it.each(table(false))("refuses to %s, by %s, on a %s record, and changes nothing", async (_name, who, storeKey, { action }) => {
    const { result, written } = await attempt(who, storeKey, action);
    expect(written).toEqual([]);
    pristine = true;
    // Sign-out answers nothing; what it wrote is all there is to check.
    if (result.ok === undefined) return;
    expect(result.ok, `refused, with: ${result.message}`).toBe(false);
    expect(result.message).toEqual(expect.any(String));
  });

  it.each(table(true))("lets %s, by %s, on a %s record, writing only into the caller's store", async (_name, who, storeKey, { action }) => {
    const { result, written, store } = await attempt(who, storeKey, action);
    if (result.ok === undefined) expect(written.length, "wrote something").toBeGreaterThan(0);
    else expect(result, `allowed: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
    // A staff member writes only their own store's rows; a customer's link, its own store's.
    const expectedStore = action.writesForCustomer ? store.id : world.stores[person(who)!.store].id;
    expect(rowsOfOtherStores(written, expectedStore)).toEqual([]);
  });
});

describe("customers' page actions", () => {
  it.each([
    ["respondAction", customerPage.respondAction],
    ["privacyAction", customerPage.privacyAction],
    ["correctPreferencesAction", customerPage.correctPreferencesAction],
  ])("%s answers a forged request whose form is not a form plainly, not with a server error", async (_name, action) => {
    for (const argument of [undefined, "token=abc", { token: "abc" }]) {
      const state = await action({}, argument as unknown as FormData);
      expect(state).toEqual({ message: expect.stringMatching(/could not be read/) });
    }
  });
});
