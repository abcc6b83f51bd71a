import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase, type Db, type OpenDatabase } from "@/db";
import { currentDialect, isUniqueViolation } from "@/db/dialect";
import { appointmentSlots, appointments, bookingCodes } from "@/db/schema";
import { bookAppointment, type BookInput } from "./appointments";
import { appointmentWorld, BASE_URL, capturingTransport, ny, verifiedToken } from "./testing/appointments";
import { createPgTestDatabase, createTestDb, dropPgTestDatabase, pgUrl } from "./testing/db";

const MONDAY = "2026-11-23";
const now = new Date("2026-11-16T12:00:00Z");

function booking(w: Awaited<ReturnType<typeof appointmentWorld>>, who: number, token: string, overrides: Partial<BookInput> = {}): BookInput {
  return {
    storeId: w.storeId,
    staffId: w.maya,
    typeId: w.styling,
    startsAt: ny(MONDAY, "10:00"),
    contact: { name: `Customer ${who}`, email: `customer${who}@example.com` },
    channel: "email",
    verification: { token },
    now,
    baseUrl: BASE_URL,
    transports: { email: capturingTransport() },
    ...overrides,
  };
}

describe("two bookings of the same slot at the same moment", () => {
  let db: Db;
  let w: Awaited<ReturnType<typeof appointmentWorld>>;
  beforeEach(async () => {
    db = await createTestDb();
    w = await appointmentWorld(db);
  });
  const tokens = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => verifiedToken(db, { storeId: w.storeId, email: `customer${i}@example.com`, now })));

  it("lets exactly one win; the other is told the time was taken, and keeps its token", async () => {
    const [a, b] = await tokens(2);
    const results = await Promise.all([bookAppointment(db, booking(w, 0, a!)), bookAppointment(db, booking(w, 1, b!))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ ok: false, reason: "taken" })]);
    expect(await db.select().from(appointments)).toHaveLength(1);
    expect(await db.select().from(appointmentSlots)).toHaveLength(4);
    // The loser's token was not used up: she can book another time with it.
    const loser = results.findIndex((r) => !r.ok);
    const again = await bookAppointment(db, booking(w, loser, [a, b][loser]!, { startsAt: ny(MONDAY, "11:00") }));
    expect(again.ok).toBe(true);
  });

  it("also when the two overlap with different lengths (an hour at 10:00, half an hour at 10:30)", async () => {
    const [a, b] = await tokens(2);
    const results = await Promise.all([bookAppointment(db, booking(w, 0, a!)), bookAppointment(db, booking(w, 1, b!, { typeId: w.fitting, startsAt: ny(MONDAY, "10:30") }))]);
    expect(results.map((r) => (r.ok ? "ok" : r.reason)).sort()).toEqual(["ok", "taken"]);
    expect(await db.select().from(appointments)).toHaveLength(1);
  });

  it("is refused by the database itself: a second claim of a booked slot fails however it is written", async () => {
    const [a] = await tokens(1);
    const first = await bookAppointment(db, booking(w, 0, a!));
    expect(first.ok).toBe(true);
    const error = await db
      .insert(appointmentSlots)
      .values({ staffId: w.maya, slotStart: ny(MONDAY, "10:45"), appointmentId: first.ok ? first.appointment.id : "" })
      .then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("books different associates at the same time, and never with a used, foreign or missing token", async () => {
    const [a, b] = await tokens(2);
    const results = await Promise.all([bookAppointment(db, booking(w, 0, a!)), bookAppointment(db, booking(w, 1, b!, { staffId: w.daniel }))]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await bookAppointment(db, booking(w, 0, a!, { startsAt: ny(MONDAY, "15:00") }))).toMatchObject({ ok: false, reason: "unverified" });
    const c = await verifiedToken(db, { storeId: w.storeId, email: "someone.else@example.com", now });
    expect(await bookAppointment(db, booking(w, 2, c, { startsAt: ny(MONDAY, "15:00") }))).toMatchObject({ ok: false, reason: "unverified" });
    expect(await bookAppointment(db, booking(w, 2, "x".repeat(43), { startsAt: ny(MONDAY, "15:00") }))).toMatchObject({ ok: false, reason: "unverified" });
    expect(await bookAppointment(db, booking(w, 2, c, { startsAt: ny(MONDAY, "10:10") }))).toMatchObject({ ok: false, reason: "unavailable" });
    expect(await db.select().from(appointments)).toHaveLength(2);
    const [unused] = await db.select({ usedAt: bookingCodes.usedAt }).from(bookingCodes).where(eq(bookingCodes.contact, "someone.else@example.com"));
    expect(unused?.usedAt).toBeNull();
  });
});

// PostgreSQL: two pools, as two app instances would have, on one database.
// Every booking checks the slot free (none has committed yet), so it is the
// primary key of appointment_slots that decides.
describe.runIf(currentDialect() === "pg")("the same slot booked at once from two app instances (PostgreSQL, two pools)", () => {
  let name: string;
  const handles: OpenDatabase[] = [];
  beforeEach(async () => {
    name = await createPgTestDatabase();
    handles.push(await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 10 }));
    handles.push(await openDatabase({ dialect: "pg", url: pgUrl(name) }, { migrate: false, poolSize: 10 }));
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await dropPgTestDatabase(name);
  });

  it("gives the slot to exactly one of 20 simultaneous bookings, of two lengths, across both pools", async () => {
    const [first, second] = handles.map((h) => h.db) as [Db, Db];
    const w = await appointmentWorld(first);
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => verifiedToken(first, { storeId: w.storeId, email: `customer${i}@example.com`, now })));
    await Promise.all(handles.flatMap((h) => Array.from({ length: 10 }, () => h.pool!.query("select pg_sleep(0.05)"))));
    const outcomes = await Promise.all(
      tokens.map(async (token, i) => {
        const input = booking(w, i, token, i % 3 ? {} : { typeId: w.fitting, startsAt: ny(MONDAY, "10:30") });
        const result = await bookAppointment(i % 2 ? second : first, input);
        return result.ok ? "ok" : result.reason;
      }),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "taken")).toHaveLength(19);
    expect(await second.select().from(appointments)).toHaveLength(1);
    const used = await second.select({ usedAt: bookingCodes.usedAt }).from(bookingCodes);
    expect(used.filter((u) => u.usedAt)).toHaveLength(1);
  });
});
