import { beforeEach, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { auditLog, customerLinks, customerPreferences, customers, notes, outbox, socialMentions } from "@/db/schema";
import { eq } from "drizzle-orm";
import { placeHold } from "@/lib/holds";
import { sendLinkToCustomer } from "@/lib/customer-links";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore, createVariantInStock } from "@/lib/testing/factories";

// Notes, mention and preference actions against a real test database; only
// the session and Next's navigation/cache functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

let db: Db;

const { addNoteAction, editNoteAction, deleteNoteAction } = await import("./customers/[id]/actions");
const { noteReplyAction: replyToMentionAction, dismissMentionAction, linkMentionProductAction } = await import("./mentions/actions");
const { savePreferencesAction } = await import("./customers/[id]/preferences/actions");
const { sendLinkAction, revokeLinkAction } = await import("./customers/[id]/link-actions");
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "localhost:3000" }) }));

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

let ids: { maya: string; priya: string; oak: string; customerId: string; mentionId: string; noteId: string; productId: string; holdId: string; linkId: string };
const snapshot = async () =>
  JSON.stringify([
    await db.select().from(notes).orderBy(notes.id),
    await db.select().from(socialMentions).orderBy(socialMentions.id),
    await db.select().from(customerPreferences).orderBy(customerPreferences.customerId),
    await db.select().from(customerLinks).orderBy(customerLinks.id),
    (await db.select().from(outbox)).length,
    (await db.select().from(auditLog)).length,
  ]);

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const fifth = await createStore(db, { name: "Fifth Avenue" });
  const oakStore = await createStore(db, { name: "Oak Street" });
  const maya = (await createStaff(db, { storeId: fifth.id, name: "Maya Chen" })).id;
  const priya = (await createStaff(db, { storeId: fifth.id, name: "Priya Raman" })).id;
  const oak = (await createStaff(db, { storeId: oakStore.id, name: "Hannah Lewis" })).id;
  const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" });
  const { productId } = await createVariantInStock(db, { storeId: fifth.id, onHand: 1 });
  const mentionId = randomUUID();
  await db.insert(socialMentions).values({ id: mentionId, network: "x", externalId: "1", handle: "aliciafdz", text: "Too bold?", url: "https://x.com/aliciafdz/status/1", postedAt: new Date(), customerId, storeId: fifth.id });
  const noteId = randomUUID();
  await db.insert(notes).values({ id: noteId, customerId, staffId: maya, storeId: fifth.id, body: "Prefers texts.", createdAt: new Date() });
  await db.update(customers).set({ consentEmail: true, email: "alicia@example.com" }).where(eq(customers.id, customerId));
  const { variantId } = await createVariantInStock(db, { storeId: fifth.id, onHand: 2 });
  const hold = await placeHold(db, { customerId, variantId, storeId: fifth.id, staffId: maya, expiresAt: new Date(Date.now() + 86_400_000), idempotencyKey: randomUUID() });
  if (!hold.ok) throw new Error("setup");
  const link = await sendLinkToCustomer(db, { customerId, holdIds: [hold.holdId], channel: "email", message: "hi", staffId: maya, storeId: fifth.id, baseUrl: "http://localhost" });
  if (!link.ok) throw new Error("setup");
  ids = { maya, priya, oak, customerId, mentionId, noteId, productId, holdId: hold.holdId, linkId: link.linkId };
  testSession.current = null;
});

const valid = () => ({
  addNote: [addNoteAction, { customerId: ids.customerId, body: "Coming after 6pm." }],
  editNote: [editNoteAction, { customerId: ids.customerId, noteId: ids.noteId, body: "Prefers texts, never calls." }],
  deleteNote: [deleteNoteAction, { customerId: ids.customerId, noteId: ids.noteId }],
  reply: [replyToMentionAction, { mentionId: ids.mentionId, customerId: ids.customerId, text: "Exactly right for court." }],
  dismiss: [dismissMentionAction, { mentionId: ids.mentionId }],
  link: [linkMentionProductAction, { mentionId: ids.mentionId, productId: ids.productId }],
  preferences: [savePreferencesAction, { customerId: ids.customerId, colours: "Blue", brands: "", dislikes: "", priceMin: "250", priceMax: "1000", freeText: "" }],
  sendLink: [sendLinkAction, { customerId: ids.customerId, holdIds: ids.holdId, channel: "in_store", message: "It is waiting for you." }],
  revokeLink: [revokeLinkAction, { customerId: ids.customerId, linkId: ids.linkId }],
}) as const;

const invalid = () => ({
  addNote: { customerId: ids.customerId, body: "   " },
  editNote: { customerId: ids.customerId, noteId: ids.noteId, body: "x".repeat(2001) },
  deleteNote: { customerId: ids.customerId },
  reply: { mentionId: ids.mentionId, text: "x".repeat(281) },
  dismiss: { mentionId: "" },
  link: { mentionId: ids.mentionId },
  preferences: { customerId: ids.customerId, colours: "", brands: "", dislikes: "", priceMin: "900", priceMax: "300", freeText: "" },
  sendLink: { customerId: ids.customerId, holdIds: ids.holdId, channel: "carrier-pigeon", message: "" },
  revokeLink: { customerId: ids.customerId },
});

describe.each(["addNote", "editNote", "deleteNote", "reply", "dismiss", "link", "preferences", "sendLink", "revokeLink"] as const)("%s action", (name) => {
  it("refuses a caller without a session and changes nothing", async () => {
    const [action, fields] = valid()[name];
    const before = await snapshot();
    expect(await action({}, form(fields))).toEqual({ message: expect.stringMatching(/session has ended/) });
    expect(await snapshot()).toBe(before);
  });

  it("answers invalid input with field errors and changes nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const [action] = valid()[name];
    const before = await snapshot();
    const result = await action({}, form(invalid()[name]));
    expect(result.fieldErrors && Object.keys(result.fieldErrors).length).toBeGreaterThan(0);
    expect(await snapshot()).toBe(before);
  });

  it("works for the right caller", async () => {
    testSession.current = { user: { id: ids.maya } };
    const [action, fields] = valid()[name];
    const before = await snapshot();
    const outcome = await action({}, form(fields)).catch((e: Error) => ({ ok: e.message.startsWith("redirect:"), message: e.message }));
    expect(outcome).toMatchObject({ ok: true });
    expect(await snapshot()).not.toBe(before);
  });
});

describe("scope", () => {
  it("a caller from another store cannot reply to, dismiss or link this store's mention", async () => {
    testSession.current = { user: { id: ids.oak } };
    const before = await snapshot();
    for (const name of ["reply", "dismiss", "link"] as const) {
      const [action, fields] = valid()[name];
      expect(await action({}, form(fields))).toEqual({ message: "This post is not in your store's inbox." });
    }
    expect(await snapshot()).toBe(before);
  });

  it("a caller from another store cannot share or revoke this store's holds and links", async () => {
    testSession.current = { user: { id: ids.oak } };
    const before = await snapshot();
    expect(await sendLinkAction({}, form(valid().sendLink[1]))).toEqual({ message: expect.stringMatching(/still on hold at your store/) });
    expect(await revokeLinkAction({}, form(valid().revokeLink[1]))).toEqual({ message: "That link was not sent from your store." });
    expect(await snapshot()).toBe(before);
  });

  it("only the author may edit or delete a note, even at the same store", async () => {
    testSession.current = { user: { id: ids.priya } };
    const before = await snapshot();
    for (const name of ["editNote", "deleteNote"] as const) {
      const [action, fields] = valid()[name];
      expect(await action({}, form(fields))).toEqual({ message: "That note or customer no longer exists." });
    }
    expect(await snapshot()).toBe(before);
  });

  it("a forged customer id changes nothing and reveals nothing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    expect(await addNoteAction({}, form({ customerId: "forged", body: "hello" }))).toEqual({ message: "That note or customer no longer exists." });
    expect(await savePreferencesAction({}, form({ ...valid().preferences[1], customerId: "forged" }))).toEqual({ message: "That customer no longer exists." });
    expect(await snapshot()).toBe(before);
  });
});

describe("the link's personal message", () => {
  it("is required for an email or a text, where the form's greeting alone does not count, and changes nothing when missing", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    for (const message of ["", "   ", "Hi Alicia, ", "Hello!"]) {
      const result = await sendLinkAction({}, form({ ...valid().sendLink[1], channel: "email", message }));
      expect(result.fieldErrors?.message, JSON.stringify(message)).toEqual([expect.stringMatching(/Write a short personal message/)]);
    }
    expect(await snapshot()).toBe(before);
  });

  it("is not sent, and says so, on a channel this server has not set up", async () => {
    testSession.current = { user: { id: ids.maya } };
    const before = await snapshot();
    expect(process.env.SMTP_HOST).toBeUndefined();
    expect(await sendLinkAction({}, form({ ...valid().sendLink[1], channel: "email" }))).toEqual({ message: expect.stringMatching(/^Nothing was sent: email is not set up on this server \(no mail server set up\)/) });
    expect(await sendLinkAction({}, form({ ...valid().sendLink[1], channel: "sms" }))).toEqual({ message: expect.stringMatching(/^Nothing was sent: text messages are not set up/) });
    expect(await snapshot()).toBe(before);
  });

  it("is optional for a QR code shown in the store", async () => {
    testSession.current = { user: { id: ids.maya } };
    const result = await sendLinkAction({}, form({ ...valid().sendLink[1], channel: "in_store", message: "" }));
    expect(result).toMatchObject({ ok: true, qrSvg: expect.stringContaining("<svg") });
  });

  it("counts a greeting followed by words as a message", async () => {
    testSession.current = { user: { id: ids.maya } };
    const result = await sendLinkAction({}, form({ ...valid().sendLink[1], channel: "in_store", message: "Hi Alicia the coat is ready" }));
    expect(result).toMatchObject({ ok: true });
  });
});
