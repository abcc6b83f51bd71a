import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { bookingCodes } from "@/db/schema";
import { createAppointmentType, setStaffAvailability } from "@/lib/appointment-setup";
import { localTimeOn } from "@/lib/dates";
import { generateLinkToken, hashLinkToken } from "@/lib/link-tokens";
import type { MessageTransport, OutgoingMessage } from "@/lib/transports";
import { createStaff, createStore } from "./factories";

export const NY = "America/New_York";
export const ny = (day: string, time: string) => localTimeOn(day, time, NY);
export const BASE_URL = "https://shop.example";

/** A transport that keeps what it is handed, under a name that really sends (not "record"). */
export function capturingTransport(name: "smtp" | "twilio" = "smtp"): MessageTransport & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    name,
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}

/**
 * A New York store open 10–19 Monday to Saturday and 11–17 on Sunday, two
 * associates (Maya, Daniel) taking appointments 10–18 on weekdays, a
 * 60-minute styling and a 30-minute fitting.
 */
export async function appointmentWorld(db: Db) {
  const store = await createStore(db, {
    name: "Fifth Avenue",
    address: "712 Fifth Avenue, New York, NY 10019",
    timezone: NY,
    openingHours: { mon: "10:00–19:00", tue: "10:00–19:00", wed: "10:00–19:00", thu: "10:00–19:00", fri: "10:00–19:00", sat: "10:00–19:00", sun: "11:00–17:00" },
  });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  const daniel = (await createStaff(db, { storeId: store.id, name: "Daniel Park" })).id;
  for (const staffId of [maya, daniel]) {
    const set = await setStaffAvailability(db, { storeId: store.id, staffId, windows: (["mon", "tue", "wed", "thu", "fri"] as const).map((weekday) => ({ weekday, starts: "10:00", ends: "18:00" })) });
    if (!set.ok) throw new Error(set.message);
  }
  const styling = await createAppointmentType(db, { storeId: store.id, name: "Styling session", kind: "styling", durationMinutes: 60 });
  const fitting = await createAppointmentType(db, { storeId: store.id, name: "Fitting", kind: "fitting", durationMinutes: 30 });
  if (!styling.ok || !fitting.ok) throw new Error("Could not set up the appointment types");
  return { storeId: store.id, store, maya, daniel, styling: styling.id, fitting: fitting.id };
}

/** A booking token for a contact as verifyBookingCode would give it (for tests about booking, not about codes). */
export async function verifiedToken(db: Db, { storeId, email, now }: { storeId: string; email: string; now: Date }): Promise<string> {
  const token = generateLinkToken();
  await db.insert(bookingCodes).values({ id: randomUUID(), storeId, channel: "email", contact: email, codeHash: "unused", expiresAt: now, verifiedAt: now, tokenHash: hashLinkToken(token), createdAt: now });
  return token;
}
