import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appointments, changeFeed, staffAvailability, staffTimeOff, stores } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { appointmentWorld } from "@/lib/testing/appointments";
import { createStaff, createStore } from "@/lib/testing/factories";
import { addDays, localDate } from "@/lib/dates";

// The appointment actions staff use, run for real against a test database;
// only the session and Next's request helpers are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { markAppointmentAction, saveMyHoursAction, addTimeOffAction, removeTimeOffAction } = await import("./actions");
const { saveAppointmentHoursAction, addAppointmentTypeAction, setAppointmentTypeActiveAction } = await import("../store/appointments/actions");

let db: Db;
let w: Awaited<ReturnType<typeof appointmentWorld>>;
let grace: string;
let outsider: string;

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};
const signIn = (staffId: string | null) => (testSession.current = staffId ? { user: { id: staffId } } : null);
const MIN = 60_000;

async function appointmentAt(startsAt: Date, storeId = w.storeId, staffId = w.maya) {
  const id = randomUUID();
  await db.insert(appointments).values({
    id,
    storeId,
    staffId,
    typeId: w.fitting,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 30 * MIN),
    status: "booked",
    contactName: "Alicia Fernández",
    contactEmail: "alicia@example.com",
    channel: "email",
    manageTokenHash: randomUUID(),
    createdAt: new Date(startsAt.getTime() - 86_400_000),
  });
  return id;
}
const statusOf = async (id: string) => (await db.select({ status: appointments.status }).from(appointments).where(eq(appointments.id, id)))[0]?.status;

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  w = await appointmentWorld(db);
  grace = (await createStaff(db, { storeId: w.storeId, role: "manager", name: "Grace Whitaker" })).id;
  const oak = await createStore(db, { name: "Oak Street" });
  outsider = (await createStaff(db, { storeId: oak.id, role: "manager", name: "Olive Oak" })).id;
  signIn(w.maya);
});

describe("marking an appointment", () => {
  it("marks a started appointment kept, once", async () => {
    const id = await appointmentAt(new Date(Date.now() - 10 * MIN));
    expect(await markAppointmentAction({}, form({ appointmentId: id, outcome: "kept" }))).toMatchObject({ ok: true });
    expect(await statusOf(id)).toBe("kept");
    // Today and the week, open on other tablets, hear of it.
    expect(await db.select({ kind: changeFeed.kind, storeId: changeFeed.storeId }).from(changeFeed)).toContainEqual({ kind: "appointment", storeId: w.storeId });
    expect(await markAppointmentAction({}, form({ appointmentId: id, outcome: "no_show" }))).toMatchObject({ message: expect.stringMatching(/already marked/) });
    expect(await statusOf(id)).toBe("kept");
  });

  it("refuses a no-show before the start, and anything without a session or from another store", async () => {
    const id = await appointmentAt(new Date(Date.now() + 10 * MIN));
    expect(await markAppointmentAction({}, form({ appointmentId: id, outcome: "no_show" }))).toMatchObject({ message: "It can be marked a no-show once it has started." });
    signIn(outsider);
    expect((await markAppointmentAction({}, form({ appointmentId: id, outcome: "kept" }))).ok).toBeFalsy();
    signIn(null);
    expect(await markAppointmentAction({}, form({ appointmentId: id, outcome: "kept" }))).toMatchObject({ message: expect.stringMatching(/session has ended/) });
    signIn(w.maya);
    expect(await markAppointmentAction({}, form({ appointmentId: id, outcome: "came" }))).toMatchObject({ fieldErrors: { outcome: expect.any(Array) } });
    expect(await statusOf(id)).toBe("booked");
  });
});

describe("her hours and time off", () => {
  const week = (fields: Record<string, string>) => form(fields);

  it("replaces her week with the days she ticked", async () => {
    const result = await saveMyHoursAction({}, week({ tue_open: "on", tue_opens: "12:00", tue_closes: "16:30", sat_open: "on", sat_opens: "10:00", sat_closes: "14:00", mon_opens: "10:00", mon_closes: "18:00" }));
    expect(result).toMatchObject({ ok: true });
    const rows = await db.select({ weekday: staffAvailability.weekday, starts: staffAvailability.starts, ends: staffAvailability.ends }).from(staffAvailability).where(eq(staffAvailability.staffId, w.maya));
    expect(rows.sort((a, b) => a.weekday.localeCompare(b.weekday))).toEqual([
      { weekday: "sat", starts: "10:00", ends: "14:00" },
      { weekday: "tue", starts: "12:00", ends: "16:30" },
    ]);
  });

  it("refuses times off the grid or backwards, and keeps her week as it was", async () => {
    const before = await db.select().from(staffAvailability).where(eq(staffAvailability.staffId, w.maya));
    expect(await saveMyHoursAction({}, week({ tue_open: "on", tue_opens: "12:10", tue_closes: "16:00" }))).toMatchObject({ fieldErrors: { tue: ["On Tuesday use times on the 15-minute grid, e.g. 10:00 or 10:15."] } });
    expect(await saveMyHoursAction({}, week({ wed_open: "on", wed_opens: "16:00", wed_closes: "12:00" }))).toMatchObject({ fieldErrors: { wed: ["On Wednesday your hours must end after they start."] } });
    expect(await db.select().from(staffAvailability).where(eq(staffAvailability.staffId, w.maya))).toHaveLength(before.length);
  });

  it("adds whole days off in the store's time, and only she can remove them", async () => {
    const tz = (await db.select({ tz: stores.timezone }).from(stores).where(eq(stores.id, w.storeId)))[0]!.tz;
    const first = addDays(localDate(new Date(), tz), 3);
    expect(await addTimeOffAction({}, form({ from: first, to: addDays(first, 1), reason: "Dentist" }))).toMatchObject({ ok: true });
    const [off] = await db.select().from(staffTimeOff).where(eq(staffTimeOff.staffId, w.maya));
    expect(off!.endsAt.getTime() - off!.startsAt.getTime()).toBeGreaterThanOrEqual(47 * 3_600_000);
    expect(off!.reason).toBe("Dentist");

    signIn(w.daniel);
    expect(await removeTimeOffAction({}, form({ timeOffId: off!.id }))).toMatchObject({ message: "That time off was already removed." });
    signIn(w.maya);
    expect(await removeTimeOffAction({}, form({ timeOffId: off!.id }))).toMatchObject({ ok: true });
    expect(await db.select().from(staffTimeOff)).toHaveLength(0);
  });

  it("refuses days off in the past or ending before they start", async () => {
    expect(await addTimeOffAction({}, form({ from: "2020-01-01", to: "2020-01-02" }))).toMatchObject({ fieldErrors: { from: ["Choose today or a later day."] } });
    expect(await addTimeOffAction({}, form({ from: "2999-01-02", to: "2999-01-01" }))).toMatchObject({ fieldErrors: { to: ["The last day off cannot come before the first."] } });
    expect(await addTimeOffAction({}, form({ from: "soon", to: "later" }))).toMatchObject({ fieldErrors: { from: ["Choose the first day off."] } });
    expect(await db.select().from(staffTimeOff)).toHaveLength(0);
  });
});

describe("the store's appointment setup", () => {
  it("is for managers only", async () => {
    signIn(w.maya);
    expect(await addAppointmentTypeAction({}, form({ name: "Bridal", kind: "styling", durationMinutes: "90" }))).toMatchObject({ message: "Only a store manager can do this." });
    expect(await saveAppointmentHoursAction({}, form({ follow: "on" }))).toMatchObject({ message: "Only a store manager can do this." });
  });

  it("sets the store's own appointment hours, or follows the opening hours", async () => {
    signIn(grace);
    expect(await saveAppointmentHoursAction({}, form({ mon_open: "on", mon_opens: "11:00", mon_closes: "15:00" }))).toMatchObject({ ok: true });
    expect((await db.select({ h: stores.appointmentHours }).from(stores).where(eq(stores.id, w.storeId)))[0]!.h).toEqual({ mon: "11:00–15:00" });
    expect(await saveAppointmentHoursAction({}, form({ mon_open: "on", mon_opens: "11:05", mon_closes: "15:00" }))).toMatchObject({ fieldErrors: { mon: [expect.stringMatching(/15-minute grid/)] } });
    expect((await db.select({ h: stores.appointmentHours }).from(stores).where(eq(stores.id, w.storeId)))[0]!.h).toEqual({ mon: "11:00–15:00" });
    expect(await saveAppointmentHoursAction({}, form({ follow: "on", mon_open: "on", mon_opens: "11:05" }))).toMatchObject({ ok: true, message: "Appointments follow the opening hours." });
    expect((await db.select({ h: stores.appointmentHours }).from(stores).where(eq(stores.id, w.storeId)))[0]!.h).toBeNull();
  });

  it("adds a type with a duration on the grid, and stops offering one of its own store only", async () => {
    signIn(grace);
    expect(await addAppointmentTypeAction({}, form({ name: "Bridal styling", kind: "styling", durationMinutes: "90" }))).toMatchObject({ ok: true });
    expect(await addAppointmentTypeAction({}, form({ name: "Odd", kind: "styling", durationMinutes: "20" }))).toMatchObject({ message: "A multiple of 15 minutes." });
    expect(await addAppointmentTypeAction({}, form({ name: " ", kind: "styling", durationMinutes: "30" }))).toMatchObject({ fieldErrors: { name: ["Name the appointment type."] } });
    expect(await setAppointmentTypeActiveAction({}, form({ typeId: w.styling, active: "false" }))).toMatchObject({ ok: true });
    signIn(outsider);
    expect(await setAppointmentTypeActiveAction({}, form({ typeId: w.styling, active: "true" }))).toMatchObject({ message: "That appointment type was not found." });
  });
});
