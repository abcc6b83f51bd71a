import ICAL from "ical.js";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { appointments } from "@/db/schema";
import { testDb } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { appointmentWorld, ny, verifiedToken } from "@/lib/testing/appointments";
import { bookAppointment } from "@/lib/appointments";

vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "shop.example" }) }));
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));
vi.stubEnv("PUBLIC_URL", "https://shop.example");

const { cancelAction, moveAction, moveTimesAction } = await import("./actions");
const { GET: invite } = await import("./invite.ics/route");
const { bookingPageLimiter } = await import("@/lib/booking-page");

const MONDAY = "2026-11-23";
const now = ny(MONDAY, "09:00");
const WRONG = "A".repeat(43);

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};
const download = (token: string) => invite(new Request(`https://shop.example/a/${token}/invite.ics`), { params: Promise.resolve({ token }) });

let db: Db;
let w: Awaited<ReturnType<typeof appointmentWorld>>;
let token: string;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now });
  db = await createTestDb();
  testDb.current = db;
  w = await appointmentWorld(db);
  const booked = await bookAppointment(db, {
    storeId: w.storeId,
    staffId: w.maya,
    typeId: w.styling,
    startsAt: ny("2026-11-24", "15:00"),
    contact: { name: "Ana Ruiz", email: "ana@example.com" },
    channel: "email",
    verification: { token: await verifiedToken(db, { storeId: w.storeId, email: "ana@example.com", now }) },
    now,
    baseUrl: "https://shop.example",
  });
  if (!booked.ok) throw new Error(booked.message);
  token = booked.manageToken;
});
afterEach(() => vi.useRealTimers());

/** The one event of the downloaded invite, read back by a parser that knows nothing of how it was written. */
async function readInvite(response: Response) {
  const calendar = new ICAL.Component(ICAL.parse(await response.text()) as unknown[]);
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return { summary: event.summary, start: event.startDate.toJSDate().toISOString(), location: event.location, sequence: event.sequence, status: vevent.getFirstPropertyValue("status"), url: vevent.getFirstPropertyValue("url") };
}

describe("the invite download", () => {
  it("is a calendar file an iCalendar parser reads back: what, when, where, and the manage link", async () => {
    const response = await download(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="appointment.ics"');
    expect(await readInvite(response)).toEqual({
      summary: "Styling session at Fifth Avenue",
      start: ny("2026-11-24", "15:00").toISOString(),
      location: "Fifth Avenue, 712 Fifth Avenue, New York, NY 10019",
      sequence: 0,
      status: "CONFIRMED",
      url: `https://shop.example/a/${token}`,
    });
  });

  it("answers 404 for a wrong or malformed token, and 429 past the limit", async () => {
    expect((await download(WRONG)).status).toBe(404);
    expect((await download("../../etc")).status).toBe(404);
    for (let i = 0; i < 120; i++) await bookingPageLimiter.take("unknown");
    const limited = await download(token);
    expect(limited.status).toBe(429);
  });
});

describe("moving", () => {
  it("offers her associate's free times, moves to one, and the invite follows", async () => {
    const times = await moveTimesAction({}, form({ token }));
    expect(times.ok).toBe(true);
    expect(times.days!.flatMap((d) => d.times).every((t) => t.staffId === w.maya)).toBe(true);
    const to = ny("2026-11-25", "11:00").toISOString();
    expect(await moveAction({}, form({ token, startsAt: to }))).toEqual({ ok: true, message: "Moved. We sent you the new time." });
    const [row] = await db.select().from(appointments);
    expect(row!.startsAt.toISOString()).toBe(to);
    expect(await readInvite(await download(token))).toMatchObject({ start: to, sequence: 1, status: "CONFIRMED" });
  });

  it("refuses a wrong token, a time not offered, and a forged form, changing nothing", async () => {
    const to = ny("2026-11-25", "11:00").toISOString();
    expect(await moveTimesAction({}, form({ token: WRONG }))).toEqual({ message: expect.stringMatching(/not found/) });
    expect(await moveAction({}, form({ token: WRONG, startsAt: to }))).toEqual({ message: expect.stringMatching(/not found/) });
    expect(await moveAction({}, form({ token, startsAt: ny("2026-11-28", "11:00").toISOString() }))).toEqual({ message: expect.stringMatching(/not offered/) });
    expect(await moveAction({}, form({ token, startsAt: "soon" }))).toEqual({ message: "Choose a new time." });
    expect(await moveAction({}, "token=abc" as unknown as FormData)).toEqual({ message: expect.stringMatching(/could not be read/) });
    const [row] = await db.select().from(appointments);
    expect(row!.startsAt.toISOString()).toBe(ny("2026-11-24", "15:00").toISOString());
  });
});

describe("cancelling", () => {
  it("needs the confirmation and the right token, then frees the time and the invite says CANCELLED", async () => {
    expect(await cancelAction({}, form({ token }))).toEqual({ message: "Tick the box to confirm." });
    expect(await cancelAction({}, form({ token: WRONG, confirm: "yes" }))).toEqual({ message: expect.stringMatching(/not found/) });
    expect((await db.select().from(appointments))[0]!.status).toBe("booked");
    expect(await cancelAction({}, form({ token, confirm: "yes" }))).toMatchObject({ ok: true });
    expect((await db.select().from(appointments).where(eq(appointments.status, "cancelled"))).length).toBe(1);
    expect(await readInvite(await download(token))).toMatchObject({ status: "CANCELLED", sequence: 1 });
    // Once cancelled, it can be neither cancelled again nor moved.
    expect(await cancelAction({}, form({ token, confirm: "yes" }))).toEqual({ message: expect.stringMatching(/can no longer be changed/) });
    expect(await moveTimesAction({}, form({ token }))).toEqual({ message: expect.stringMatching(/not found/) });
  });

  it("stops answering an address past the limit", async () => {
    for (let i = 0; i < 120; i++) await bookingPageLimiter.take("unknown");
    expect(await cancelAction({}, form({ token, confirm: "yes" }))).toEqual({ message: expect.stringMatching(/Too many requests/) });
    expect((await db.select().from(appointments))[0]!.status).toBe("booked");
  });
});
