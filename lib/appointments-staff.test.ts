import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appointmentSlots, appointments, contacts, customers, purchases } from "@/db/schema";
import { setStaffAvailability } from "./appointment-setup";
import { appointmentFigures, bookingAssociates, availableSlots, bookAppointment, cancelAppointment, listDayAppointments, markKept, markNoShow, moveAppointment, weekCalendar, type BookInput } from "./appointments";
import { manageView } from "./booking-page";
import { appointmentWorld, BASE_URL, capturingTransport, ny, verifiedToken } from "./testing/appointments";
import { createTestDb } from "./testing/db";
import { createCustomer, createStore } from "./testing/factories";
import { changes, snapshot } from "./testing/two-stores";

const MONDAY = "2026-11-23";
const now = new Date("2026-11-16T12:00:00Z");
const DAY = 86_400_000;

describe("appointments after booking", () => {
  let db: Db;
  let w: Awaited<ReturnType<typeof appointmentWorld>>;
  const email = capturingTransport();
  beforeEach(async () => {
    db = await createTestDb();
    w = await appointmentWorld(db);
  });
  const book = async (overrides: Partial<BookInput> = {}, contact = "alicia@example.com") => {
    const result = await bookAppointment(db, {
      storeId: w.storeId,
      staffId: w.maya,
      typeId: w.styling,
      startsAt: ny(MONDAY, "10:00"),
      contact: { name: "Alicia Fernández", email: contact },
      channel: "email",
      verification: { token: await verifiedToken(db, { storeId: w.storeId, email: contact, now }) },
      now,
      baseUrl: BASE_URL,
      transports: { email },
      ...overrides,
    });
    if (!result.ok) throw new Error(result.message);
    return result;
  };
  const free = async (staffId: string, day = MONDAY) => {
    const r = await availableSlots(db, { storeId: w.storeId, staffId, typeId: w.styling, from: ny(day, "00:00"), to: ny(day, "23:59"), now });
    return r.ok ? r.slots.map((s) => s.startsAt.getTime()) : [];
  };
  const changeArgs = { now, baseUrl: BASE_URL, transports: { email } };

  it("refuses a time in the past, off the grid or outside hours, and bad input, writing nothing", async () => {
    const token = await verifiedToken(db, { storeId: w.storeId, email: "alicia@example.com", now });
    const input = { storeId: w.storeId, staffId: w.maya, typeId: w.styling, contact: { name: "Alicia", email: "alicia@example.com" }, channel: "email" as const, verification: { token }, baseUrl: BASE_URL, transports: { email } };
    expect(await bookAppointment(db, { ...input, startsAt: ny("2026-11-13", "10:00"), now })).toMatchObject({ ok: false, reason: "unavailable" });
    expect(await bookAppointment(db, { ...input, startsAt: ny(MONDAY, "10:20"), now })).toMatchObject({ ok: false, reason: "unavailable" });
    expect(await bookAppointment(db, { ...input, startsAt: ny(MONDAY, "17:30"), now })).toMatchObject({ ok: false, reason: "unavailable" });
    expect(await bookAppointment(db, { ...input, typeId: "nope", startsAt: ny(MONDAY, "10:00"), now })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await bookAppointment(db, { ...input, contact: { name: " ", email: "alicia@example.com" }, startsAt: ny(MONDAY, "10:00"), now })).toMatchObject({ ok: false, reason: "invalid", message: "Enter your name." });
    expect(await bookAppointment(db, { ...input, channel: "sms", startsAt: ny(MONDAY, "10:00"), now })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await db.select().from(appointments)).toEqual([]);
    // The token was not used up by any of them.
    expect(await bookAppointment(db, { ...input, startsAt: ny(MONDAY, "10:00"), now })).toMatchObject({ ok: true });
  });

  it("offers the associates who take appointments, hers first choice", async () => {
    const hers = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", assignedStaffId: w.daniel });
    await setStaffAvailability(db, { storeId: w.storeId, staffId: w.maya, windows: [] });
    expect(await bookingAssociates(db, { storeId: w.storeId, customerId: hers })).toEqual({ associates: [{ id: w.daniel, firstName: "Daniel" }], defaultStaffId: w.daniel });
    await setStaffAvailability(db, { storeId: w.storeId, staffId: w.daniel, windows: [] });
    expect(await bookingAssociates(db, { storeId: w.storeId, customerId: hers })).toEqual({ associates: [], defaultStaffId: null });
  });

  it("matches the customer by the contact she confirmed, and only by it", async () => {
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com", phone: "+12125550143" });
    const mine = await book();
    expect(mine.appointment.customerId).toBe(alicia);
    // Someone typing Alicia's phone beside their own confirmed email is not taken for her.
    const other = await book({ startsAt: ny(MONDAY, "12:00"), contact: { name: "Not Alicia", email: "other@example.com", phone: "(212) 555-0143" } }, "other@example.com");
    expect(other.appointment.customerId).toBeNull();
  });

  it("cancels and moves by the manage link; a wrong token changes nothing", async () => {
    const booked = await book();
    const before = await snapshot(db);
    for (const token of ["x".repeat(43), "short", booked.manageToken.slice(0, -1) + (booked.manageToken.endsWith("A") ? "B" : "A")]) {
      expect(await cancelAppointment(db, { actor: { token }, ...changeArgs })).toMatchObject({ ok: false, reason: expect.stringMatching(/not_found|invalid/) });
      expect(await moveAppointment(db, { actor: { token }, startsAt: ny(MONDAY, "14:00"), ...changeArgs })).toMatchObject({ ok: false });
    }
    expect(changes(before, await snapshot(db))).toEqual([]);

    expect(await moveAppointment(db, { actor: { token: booked.manageToken }, startsAt: ny(MONDAY, "14:00"), ...changeArgs })).toMatchObject({ ok: true });
    const [moved] = await db.select().from(appointments);
    expect(moved).toMatchObject({ startsAt: ny(MONDAY, "14:00"), endsAt: ny(MONDAY, "15:00"), sequence: 1, movedAt: now, status: "booked" });
    expect(await free(w.maya)).toContain(ny(MONDAY, "10:00").getTime());
    expect(await free(w.maya)).not.toContain(ny(MONDAY, "14:00").getTime());
    expect(await manageView(db, { token: booked.manageToken, now })).toMatchObject({ state: "upcoming", startsAt: ny(MONDAY, "14:00") });
    // The customer may not hand herself to another associate.
    expect(await moveAppointment(db, { actor: { token: booked.manageToken }, startsAt: ny(MONDAY, "15:00"), staffId: w.daniel, ...changeArgs })).toMatchObject({ ok: false, reason: "invalid" });

    expect(await cancelAppointment(db, { actor: { token: booked.manageToken }, ...changeArgs })).toMatchObject({ ok: true });
    expect(await db.select().from(appointmentSlots)).toEqual([]);
    expect(await cancelAppointment(db, { actor: { token: booked.manageToken }, ...changeArgs })).toMatchObject({ ok: false, reason: "not_found" });
  });

  it("refuses a move onto a taken or unoffered time and leaves the appointment as it was", async () => {
    const mine = await book();
    await book({ staffId: w.maya, typeId: w.fitting, startsAt: ny(MONDAY, "15:30") }, "bob@example.com");
    const before = await snapshot(db);
    expect(await moveAppointment(db, { actor: { token: mine.manageToken }, startsAt: ny(MONDAY, "15:00"), ...changeArgs })).toMatchObject({ ok: false, reason: "taken" });
    expect(await moveAppointment(db, { actor: { token: mine.manageToken }, startsAt: ny("2026-11-28", "12:00"), ...changeArgs })).toMatchObject({ ok: false, reason: "unavailable" });
    expect(changes(before, await snapshot(db))).toEqual([]);
    // Moving within its own time (half an hour later overlaps itself) is allowed.
    expect(await moveAppointment(db, { actor: { token: mine.manageToken }, startsAt: ny(MONDAY, "10:30"), ...changeArgs })).toMatchObject({ ok: true });
  });

  it("lets staff move to a colleague and cancel, only at their own store, and not by link once it has started", async () => {
    const booked = await book();
    const otherStore = await createStore(db, { name: "Oak Street" });
    const byStaff = (storeId: string) => ({ storeId, staffId: w.daniel, appointmentId: booked.appointment.id });
    expect(await moveAppointment(db, { actor: byStaff(otherStore.id), startsAt: ny(MONDAY, "10:00"), staffId: w.daniel, ...changeArgs })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await moveAppointment(db, { actor: byStaff(w.storeId), startsAt: ny(MONDAY, "10:00"), staffId: w.daniel, ...changeArgs })).toMatchObject({ ok: true });
    expect(await free(w.maya)).toContain(ny(MONDAY, "10:00").getTime());
    expect(await free(w.daniel)).not.toContain(ny(MONDAY, "10:00").getTime());
    const started = new Date(ny(MONDAY, "10:05").getTime());
    expect(await cancelAppointment(db, { actor: { token: booked.manageToken }, now: started, baseUrl: BASE_URL, transports: { email } })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await cancelAppointment(db, { actor: byStaff(otherStore.id), ...changeArgs })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await cancelAppointment(db, { actor: byStaff(w.storeId), ...changeArgs })).toMatchObject({ ok: true });
    const [row] = await db.select({ status: appointments.status, cancelledByStaffId: appointments.cancelledByStaffId }).from(appointments);
    expect(row).toEqual({ status: "cancelled", cancelledByStaffId: w.daniel });
  });

  it("marks kept (a visit for a known customer) or no-show, not before its time, once", async () => {
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
    const booked = await book();
    const mark = { storeId: w.storeId, staffId: w.maya, appointmentId: booked.appointment.id };
    expect(await markKept(db, { ...mark, now: ny(MONDAY, "09:00") })).toMatchObject({ ok: false, reason: "too_early" });
    expect(await markNoShow(db, { ...mark, now: ny(MONDAY, "09:45") })).toMatchObject({ ok: false, reason: "too_early" });
    expect(await markKept(db, { ...mark, storeId: "elsewhere", now: ny(MONDAY, "09:45") })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await markKept(db, { ...mark, now: ny(MONDAY, "09:45") })).toEqual({ ok: true });
    expect(await markNoShow(db, { ...mark, now: ny(MONDAY, "11:00") })).toMatchObject({ ok: false, reason: "not_found" });
    const [customer] = await db.select({ lastVisitAt: customers.lastVisitAt }).from(customers).where(eq(customers.id, alicia));
    expect(customer!.lastVisitAt).toEqual(ny(MONDAY, "09:45"));
    expect(await db.select({ kind: contacts.kind }).from(contacts)).toEqual([{ kind: "visit" }]);
  });

  it("lists the day and the week on the store's calendar, without cancelled ones", async () => {
    const a = await book();
    await book({ staffId: w.daniel, startsAt: ny(MONDAY, "17:00") }, "bob@example.com");
    const c = await book({ startsAt: ny("2026-11-25", "11:00") }, "carla@example.com");
    await book({ startsAt: ny("2026-11-24", "11:00") }, "dan@example.com").then((d) => cancelAppointment(db, { actor: { token: d.manageToken }, ...changeArgs }));
    const today = await listDayAppointments(db, { storeId: w.storeId, day: MONDAY });
    expect(today.map((r) => [r.contactName, r.staffName, r.typeName])).toEqual([
      ["Alicia Fernández", "Maya Chen", "Styling session"],
      ["Alicia Fernández", "Daniel Park", "Styling session"],
    ]);
    expect((await listDayAppointments(db, { storeId: w.storeId, staffId: w.maya, day: MONDAY })).map((r) => r.id)).toEqual([a.appointment.id]);
    expect(await listDayAppointments(db, { storeId: "elsewhere", day: MONDAY })).toEqual([]);
    const week = await weekCalendar(db, { storeId: w.storeId, staffId: w.maya, weekStart: MONDAY });
    expect(week.map((d) => [d.day, d.appointments.map((x) => x.id)])).toEqual([
      [MONDAY, [a.appointment.id]],
      ["2026-11-24", []],
      ["2026-11-25", [c.appointment.id]],
      ["2026-11-26", []],
      ["2026-11-27", []],
      ["2026-11-28", []],
      ["2026-11-29", []],
    ]);
    await expect(weekCalendar(db, { storeId: w.storeId, weekStart: "2026-13-01" })).rejects.toThrow();
  });

  it("counts bookings, kept appointments, no-shows and the sales that followed kept ones", async () => {
    const alicia = await createCustomer(db, { firstName: "Alicia", lastName: "Fernández", email: "alicia@example.com" });
    const bob = await createCustomer(db, { firstName: "Bob", lastName: "Stone", email: "bob@example.com" });
    const kept = await book();
    const noShow = await book({ staffId: w.daniel }, "bob@example.com");
    const open = await book({ startsAt: ny(MONDAY, "15:00") }, "carla@example.com");
    const cancelled = await book({ startsAt: ny("2026-11-24", "11:00") }, "dan@example.com");
    await cancelAppointment(db, { actor: { token: cancelled.manageToken }, ...changeArgs });
    expect(open.ok).toBe(true);
    await markKept(db, { storeId: w.storeId, staffId: w.maya, appointmentId: kept.appointment.id, now: ny(MONDAY, "10:00") });
    await markNoShow(db, { storeId: w.storeId, staffId: w.daniel, appointmentId: noShow.appointment.id, now: ny(MONDAY, "10:30") });
    const otherStore = await createStore(db, { name: "Oak Street" });
    const purchase = (customerId: string, at: Date, totalCents: number, storeId = w.storeId) =>
      db.insert(purchases).values({ id: randomUUID(), customerId, channel: "store", storeId, orderRef: randomUUID(), totalCents, purchasedAt: at });
    await purchase(alicia, ny(MONDAY, "10:50"), 45_000);
    await purchase(alicia, new Date(ny(MONDAY, "10:00").getTime() + 6 * DAY), 12_000);
    await purchase(alicia, new Date(ny(MONDAY, "10:00").getTime() + 8 * DAY), 99_000);
    await purchase(alicia, ny(MONDAY, "09:00"), 77_000);
    await purchase(alicia, ny(MONDAY, "12:00"), 55_000, otherStore.id);
    await purchase(bob, ny(MONDAY, "12:00"), 33_000);

    const figures = await appointmentFigures(db, { storeId: w.storeId, from: ny(MONDAY, "00:00"), to: ny("2026-11-30", "00:00") });
    expect(figures).toMatchObject({ booked: 3, cancelled: 1, kept: 1, noShows: 1, open: 1, salesAfter: { purchases: 2, totalCents: 57_000 } });
    expect(figures.byStaff).toEqual([
      { staffId: w.daniel, staffName: "Daniel Park", booked: 1, kept: 0, noShows: 1, cancelled: 0 },
      { staffId: w.maya, staffName: "Maya Chen", booked: 2, kept: 1, noShows: 0, cancelled: 1 },
    ]);
    expect(await appointmentFigures(db, { storeId: otherStore.id, from: ny(MONDAY, "00:00"), to: ny("2026-11-30", "00:00") })).toMatchObject({ booked: 0, salesAfter: { purchases: 0, totalCents: 0 } });
  });
});
