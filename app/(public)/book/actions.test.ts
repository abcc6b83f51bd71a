import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { appointments, customerLinks, outbox } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer } from "@/lib/testing/factories";
import { appointmentWorld, capturingTransport, ny, verifiedToken } from "@/lib/testing/appointments";
import { generateLinkToken, hashLinkToken } from "@/lib/link-tokens";
import type { MessageTransport } from "@/lib/transports";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.example", "x-forwarded-for": "203.0.113.21" }) }));
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
// Email goes to a capture; texts are not set up on this server, as when TWILIO_* is unset.
const mail = capturingTransport("smtp");
const notSetUp: MessageTransport = { name: "record", send: async () => {} };
vi.mock("@/lib/transports", async (original) => ({ ...(await original<object>()), transportFor: (channel: string) => (channel === "email" ? mail : notSetUp) }));
vi.stubEnv("PUBLIC_URL", "https://shop.example");

const { bookAction, findTimesAction, requestCodeAction } = await import("./actions");
const { slugify, listBookingStores } = await import("@/lib/booking-page");

// Monday 9 am in New York: the week's times are all ahead.
const MONDAY = "2026-11-23";
const now = ny(MONDAY, "09:00");

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};

let db: Db;
let w: Awaited<ReturnType<typeof appointmentWorld>>;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now });
  db = await createTestDb();
  testDb.current = db;
  w = await appointmentWorld(db);
  mail.sent.length = 0;
});
afterEach(() => vi.useRealTimers());

const STORE = { store: "fifth-avenue" };
const details = { name: "Ana Ruiz", email: "ana@example.com", phone: "", channel: "email" };
const lastCode = () => /\b(\d{6})\b/.exec(mail.sent.at(-1)!.body)![1]!;

describe("store slugs", () => {
  it("are the store's name, readable, and unique among stores", async () => {
    expect(slugify("Fifth Avenue")).toBe("fifth-avenue");
    expect(slugify("  Café Zürich & Co. ")).toBe("cafe-zurich-co");
    const { createStore } = await import("@/lib/testing/factories");
    await createStore(db, { name: "Fifth  Avenue" });
    const slugs = (await listBookingStores(db)).map((s) => s.slug);
    expect(slugs).toEqual(["fifth-avenue", "fifth-avenue-2"]);
  });
});

describe("findTimesAction", () => {
  it("groups free times by the store's day, with one associate or anyone", async () => {
    const maya = await findTimesAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya }));
    expect(maya.ok).toBe(true);
    expect(maya.days![0]).toMatchObject({ day: MONDAY, label: "Mon, Nov 23" });
    expect(maya.days![0]!.times[0]).toMatchObject({ startsAt: ny(MONDAY, "10:00").toISOString(), staffId: w.maya, label: "10:00 AM" });
    // Weekdays only, for two weeks.
    expect(maya.days!.map((d) => d.day)).not.toContain("2026-11-28");
    expect(maya.days).toHaveLength(10);
    const anyone = await findTimesAction({}, form({ ...STORE, typeId: w.styling, staffId: "any" }));
    // Each time once, though both are free.
    expect(anyone.days![0]!.times.filter((t) => t.label === "10:00 AM")).toHaveLength(1);
  });

  it("refuses an unknown store, a missing type and a forged form plainly", async () => {
    expect(await findTimesAction({}, form({ store: "nowhere", typeId: w.styling, staffId: "any" }))).toEqual({ message: expect.stringMatching(/not available/) });
    expect(await findTimesAction({}, form({ link: "x".repeat(43), typeId: w.styling, staffId: "any" }))).toEqual({ message: expect.stringMatching(/not available/) });
    expect(await findTimesAction({}, form({ ...STORE, typeId: "", staffId: "any" }))).toMatchObject({ message: "Choose what you would like to book." });
    expect(await findTimesAction({}, "store=fifth-avenue" as unknown as FormData)).toEqual({ message: expect.stringMatching(/could not be read/) });
  });
});

describe("requestCodeAction and bookAction", () => {
  it("sends a code to the email she chose, books with it, and attaches nothing to a customer she only typed", async () => {
    const sent = await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details }));
    expect(sent).toMatchObject({ ok: true, sentTo: "ana@example.com", message: "We emailed a code to ana@example.com." });
    const startsAt = ny("2026-11-24", "15:00").toISOString();
    const wrong = await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt, ...details, code: lastCode() === "000000" ? "000001" : "000000" }));
    expect(wrong).toMatchObject({ fieldErrors: { code: [expect.stringMatching(/not right/)] } });
    const booked = await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt, ...details, code: lastCode() }));
    expect(booked).toMatchObject({ ok: true, booked: { typeName: "Styling session", staffFirstName: "Maya", storeName: "Fifth Avenue", when: "Tue, Nov 24, 3:00 PM" } });
    expect(booked.booked!.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(appointments);
    expect(row).toMatchObject({ staffId: w.maya, customerId: null, contactEmail: "ana@example.com", channel: "email" });
    // The confirmation went out with the invite and the manage link.
    expect(mail.sent.at(-1)!.body).toContain(`https://shop.example/a/${booked.booked!.manageToken}`);
  });

  it("on a taken time keeps her confirmed contact: the token books another time without a new code", async () => {
    const startsAt = ny("2026-11-24", "15:00").toISOString();
    const other = await verifiedToken(db, { storeId: w.storeId, email: "bo@example.com", now });
    expect(await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt, ...details, email: "bo@example.com", bookingToken: other }))).toMatchObject({ ok: true });

    await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details }));
    const taken = await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt, ...details, code: lastCode() }));
    expect(taken).toMatchObject({ taken: true, message: expect.stringMatching(/just booked/) });
    expect(taken.bookingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const later = ny("2026-11-24", "16:00").toISOString();
    expect(await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt: later, ...details, bookingToken: taken.bookingToken! }))).toMatchObject({ ok: true });
    // A token is used once.
    expect(await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt: ny("2026-11-25", "10:00").toISOString(), ...details, bookingToken: taken.bookingToken! }))).toMatchObject({ message: expect.stringMatching(/new code/) });
    expect(await db.$count(appointments)).toBe(2);
  });

  it("says plainly when texts are not set up, and sends nothing", async () => {
    const state = await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details, phone: "(212) 555-0143", channel: "sms" }));
    expect(state).toMatchObject({ message: "This store cannot send texts yet: use an email address." });
    expect(state.ok).toBeUndefined();
    expect(await db.$count(outbox)).toBe(0);
  });

  it("asks for the contact on the channel she chose, and for a code before booking", async () => {
    expect(await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details, email: "" }))).toMatchObject({ fieldErrors: { email: ["Enter your email address."] } });
    expect(await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details, name: " " }))).toMatchObject({ fieldErrors: { name: ["Enter your name."] } });
    expect(await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt: ny("2026-11-24", "15:00").toISOString(), ...details }))).toMatchObject({ fieldErrors: { code: ["The code is six digits."] } });
    expect(await bookAction({}, form({ ...STORE, typeId: w.styling, staffId: w.maya, startsAt: "tomorrow", ...details, code: "123456" }))).toMatchObject({ message: "Choose a time." });
    expect(await db.$count(appointments)).toBe(0);
  });

  it("books from a customer's private link as that customer, and not from a link that ended", async () => {
    const customerId = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", assignedStaffId: w.maya });
    const link = generateLinkToken();
    await db.insert(customerLinks).values({ id: randomUUID(), customerId, storeId: w.storeId, staffId: w.maya, tokenHash: hashLinkToken(link), channel: "email", message: "", createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
    const token = await verifiedToken(db, { storeId: w.storeId, email: "work@example.com", now });
    const startsAt = ny("2026-11-24", "18:00").toISOString();
    // 6 pm is past Maya's hours in this world (10–18): refused as not offered.
    expect(await bookAction({}, form({ link, typeId: w.fitting, staffId: w.maya, startsAt, ...details, email: "work@example.com", bookingToken: token }))).toMatchObject({ taken: true, message: expect.stringMatching(/not offered/) });
    const ok = await bookAction({}, form({ link, typeId: w.fitting, staffId: w.maya, startsAt: ny("2026-11-24", "17:30").toISOString(), ...details, email: "work@example.com", bookingToken: token }));
    expect(ok).toMatchObject({ ok: true });
    const [row] = await db.select().from(appointments);
    expect(row!.customerId).toBe(customerId);

    await db.update(customerLinks).set({ revokedAt: now });
    expect(await findTimesAction({}, form({ link, typeId: w.fitting, staffId: w.maya }))).toEqual({ message: expect.stringMatching(/not available/) });
  });

  it("limits code requests per address", async () => {
    for (let i = 0; i < 10; i++) await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details, email: `guest${i}@example.com` }));
    expect(await requestCodeAction({}, form({ ...STORE, staffId: w.maya, ...details, email: "one-more@example.com" }))).toEqual({ message: expect.stringMatching(/Too many requests/) });
    expect(mail.sent).toHaveLength(10);
  });
});
