import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { appointments, appointmentSlots, appointmentTypes, staffAvailability } from "@/db/schema";
import { localDate, localTimeOn } from "@/lib/dates";
import { SLOT_MINUTES } from "@/lib/appointment-slots";
import type { Rng } from "./random";
import type { SeededStore } from "./base";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat"] as const;

/**
 * The flagship takes appointments: a styling session, a fitting and a
 * pick-up, its associates free Monday to Saturday in opening hours, and
 * Alicia booked with Maya at 6 pm today (the story's evening visit). Written
 * as rows, as a booking made earlier would have left them; no message is
 * queued for it, since none was sent.
 */
export async function seedAppointments(db: Db, { rng, store, storyCustomerId, now }: { rng: Rng; store: SeededStore; storyCustomerId: string; now: Date }) {
  const types = [
    { id: rng.id(), storeId: store.id, name: "Styling session", kind: "styling" as const, durationMinutes: 60, createdAt: now },
    { id: rng.id(), storeId: store.id, name: "Fitting", kind: "fitting" as const, durationMinutes: 30, createdAt: now },
    { id: rng.id(), storeId: store.id, name: "Pick-up", kind: "pick_up" as const, durationMinutes: 15, createdAt: now },
  ];
  await db.insert(appointmentTypes).values(types);
  await db.insert(staffAvailability).values(
    store.associateIds.flatMap((staffId) => WEEKDAYS.map((weekday) => ({ id: rng.id(), staffId, storeId: store.id, weekday, starts: "10:00", ends: "19:00" }))),
  );

  const maya = store.associateIds[0]!;
  const timeZone = store.schedule.timeZone;
  const fitting = types[1]!;
  const startsAt = localTimeOn(localDate(now, timeZone), "18:00", timeZone);
  const endsAt = new Date(startsAt.getTime() + fitting.durationMinutes * 60_000);
  const id = rng.id();
  await db.insert(appointments).values({
    id,
    storeId: store.id,
    staffId: maya,
    customerId: storyCustomerId,
    typeId: fitting.id,
    startsAt,
    endsAt,
    status: "booked",
    contactName: "Alicia Fernández",
    contactEmail: "alicia.fernandez@example.com",
    channel: "email",
    // No link was ever sent for this one: the hash of a token nobody holds.
    manageTokenHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
    createdAt: new Date(now.getTime() - 3 * 3_600_000),
  });
  const slots = [];
  for (let at = startsAt.getTime(); at < endsAt.getTime(); at += SLOT_MINUTES * 60_000) slots.push({ staffId: maya, slotStart: new Date(at), appointmentId: id });
  await db.insert(appointmentSlots).values(slots);
}
