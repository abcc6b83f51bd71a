import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { storeClosures } from "@/db/schema";
import { addTimeOff, setAppointmentHours, setAppointmentTypeActive, setStaffAvailability } from "./appointment-setup";
import { availableSlots, bookAppointment } from "./appointments";
import { appointmentWorld, BASE_URL, capturingTransport, ny, verifiedToken } from "./testing/appointments";
import { createTestDb } from "./testing/db";

const MONDAY = "2026-11-23";
const weekBefore = new Date("2026-11-16T12:00:00Z");

/** "10:00", "10:15", … on the store's clock, for one associate. */
function times(slots: Array<{ staffId: string; startsAt: Date }>, staffId: string): string[] {
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "America/New_York", hourCycle: "h23" });
  return slots.filter((s) => s.staffId === staffId).map((s) => clock.format(s.startsAt));
}

function grid(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = Number(from.slice(0, 2)) * 60 + Number(from.slice(3)); m <= Number(to.slice(0, 2)) * 60 + Number(to.slice(3)); m += 15) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}

describe("availableSlots", () => {
  let db: Db;
  let w: Awaited<ReturnType<typeof appointmentWorld>>;
  beforeEach(async () => {
    db = await createTestDb();
    w = await appointmentWorld(db);
  });
  const day = (d: string, extra: { staffId?: string; typeId?: string; now?: Date } = {}) =>
    availableSlots(db, { storeId: w.storeId, typeId: extra.typeId ?? w.styling, staffId: extra.staffId, from: ny(d, "00:00"), to: ny(d, "23:59"), now: extra.now ?? weekBefore });
  const slotsOf = async (result: ReturnType<typeof day>) => {
    const r = await result;
    if (!r.ok) throw new Error(r.message);
    return r.slots;
  };

  it("offers every quarter hour an hour-long session fits in the associate's window, for each associate", async () => {
    const slots = await slotsOf(day(MONDAY));
    expect(times(slots, w.maya)).toEqual(grid("10:00", "17:00"));
    expect(times(slots, w.daniel)).toEqual(grid("10:00", "17:00"));
    expect(times(await slotsOf(day(MONDAY, { staffId: w.maya })), w.daniel)).toEqual([]);
    expect(times(await slotsOf(day(MONDAY, { typeId: w.fitting, staffId: w.maya })), w.maya)).toEqual(grid("10:00", "17:30"));
  });

  it("keeps to the store's appointment hours when it sets some, and offers nothing on a closed day or a day off", async () => {
    await setAppointmentHours(db, { storeId: w.storeId, hours: { mon: { opens: "12:00", closes: "16:00" }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } });
    expect(times(await slotsOf(day(MONDAY)), w.maya)).toEqual(grid("12:00", "15:00"));
    expect(await slotsOf(day("2026-11-24"))).toEqual([]);
    await db.insert(storeClosures).values({ storeId: w.storeId, day: MONDAY, reason: "Inventory" });
    expect(await slotsOf(day(MONDAY))).toEqual([]);
    // Saturday: the store is open, the associates take no appointments.
    await setAppointmentHours(db, { storeId: w.storeId, hours: null });
    expect(await slotsOf(day("2026-11-28"))).toEqual([]);
  });

  it("leaves out time off and booked appointments, whatever their length", async () => {
    const off = await addTimeOff(db, { storeId: w.storeId, staffId: w.maya, startsAt: ny(MONDAY, "13:00"), endsAt: ny(MONDAY, "14:00"), reason: "Dentist" });
    expect(off.ok).toBe(true);
    const token = await verifiedToken(db, { storeId: w.storeId, email: "alicia@example.com", now: weekBefore });
    const booked = await bookAppointment(db, {
      storeId: w.storeId,
      staffId: w.maya,
      typeId: w.fitting,
      startsAt: ny(MONDAY, "11:00"),
      contact: { name: "Alicia Fernández", email: "alicia@example.com" },
      channel: "email",
      verification: { token },
      now: weekBefore,
      baseUrl: BASE_URL,
      transports: { email: capturingTransport() },
    });
    expect(booked.ok).toBe(true);
    const free = times(await slotsOf(day(MONDAY)), w.maya);
    // The fitting holds 11:00–11:30: an hour from 10:15 to 11:15 would overlap it. Time off 13–14 rules out 12:15–13:45.
    expect(free).toEqual([...grid("10:00", "10:00"), ...grid("11:30", "12:00"), ...grid("14:00", "17:00")]);
    expect(times(await slotsOf(day(MONDAY)), w.daniel)).toEqual(grid("10:00", "17:00"));
  });

  it("offers nothing in the past, and from the next quarter hour today", async () => {
    const now = ny(MONDAY, "14:05");
    expect(times(await slotsOf(day(MONDAY, { now })), w.maya)).toEqual(grid("14:15", "17:00"));
    expect(await slotsOf(day("2026-11-20", { now }))).toEqual([]);
  });

  it("keeps the store's clock across the change from daylight saving time (New York, Nov 1)", async () => {
    const r = await availableSlots(db, { storeId: w.storeId, typeId: w.styling, staffId: w.maya, from: ny("2026-10-30", "00:00"), to: ny("2026-11-03", "00:00"), now: new Date("2026-10-01T00:00:00Z") });
    if (!r.ok) throw new Error(r.message);
    const friday = r.slots.filter((s) => s.startsAt < new Date("2026-10-31T00:00:00Z"));
    const monday = r.slots.filter((s) => s.startsAt > new Date("2026-11-02T00:00:00Z"));
    expect(friday[0]!.startsAt.toISOString()).toBe("2026-10-30T14:00:00.000Z");
    expect(monday[0]!.startsAt.toISOString()).toBe("2026-11-02T15:00:00.000Z");
    expect(monday.at(-1)!.endsAt.toISOString()).toBe("2026-11-02T23:00:00.000Z");
    expect(friday).toHaveLength(29);
    expect(monday).toHaveLength(29);
  });

  it("offers nothing for an inactive type or an associate without availability, and refuses a bad search", async () => {
    await setStaffAvailability(db, { storeId: w.storeId, staffId: w.daniel, windows: [] });
    expect(times(await slotsOf(day(MONDAY)), w.daniel)).toEqual([]);
    await setAppointmentTypeActive(db, { storeId: w.storeId, typeId: w.styling, active: false });
    expect(await slotsOf(day(MONDAY))).toEqual([]);
    expect(await availableSlots(db, { storeId: w.storeId, typeId: w.fitting, from: ny(MONDAY, "12:00"), to: ny(MONDAY, "10:00"), now: weekBefore })).toMatchObject({ ok: false });
    expect(await availableSlots(db, { storeId: w.storeId, typeId: w.fitting, from: ny(MONDAY, "12:00"), to: ny("2027-03-01", "10:00"), now: weekBefore })).toMatchObject({ ok: false, message: "Search at most 31 days at once." });
    expect(await setStaffAvailability(db, { storeId: w.storeId, staffId: w.maya, windows: [{ weekday: "mon", starts: "10:10", ends: "12:00" }] })).toMatchObject({ ok: false });
  });
});
