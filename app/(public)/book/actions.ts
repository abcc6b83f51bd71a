"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { APPOINTMENT_CHANNELS } from "@/db/schema";
import { formFields, UNREADABLE_FORM, type ActionState } from "@/lib/actions";
import { bookAppointment, requestBookingCode } from "@/lib/appointments";
import { bookingCodeLimiter, bookingContext, bookingPageLimiter, bookingTimes, manageView, type BookingSource, type DayChoice } from "@/lib/booking-page";
import { linkBaseUrl } from "@/lib/public-url";
import { clientAddress } from "@/lib/rate-limit";
import { formatStoreDateTime } from "@/lib/store-hours";

// Booking has no account: a store's public page (its slug) or a customer's
// private link (its token) says where, and each action resolves it again
// itself. The contact she gives is proven by a code (lib/booking-codes.ts)
// before anything is booked. Every action is rate-limited per address.

const TOO_MANY = "Too many requests. Please try again in a few minutes.";
const GONE = "This booking page is not available. Please call the store.";
const id = z.string().trim().min(1).max(100);
const source = z.union([
  z.object({ link: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
  z.object({ store: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
]);
const staffChoice = z.union([z.literal("any"), id], { message: "Choose who you would like to see." });

const timesSchema = z.object({ typeId: id.or(z.literal("")).refine(Boolean, "Choose what you would like to book."), staffId: staffChoice });

const contactFields = z.object({
  staffId: id,
  name: z.string().trim().min(1, "Enter your name.").max(100, "That name is too long."),
  email: z.string().trim().max(254, "That email address is too long.").optional().default(""),
  phone: z.string().trim().max(40, "That phone number is too long.").optional().default(""),
  channel: z.enum(APPOINTMENT_CHANNELS, { message: "Choose how we may contact you." }),
});

const bookSchema = contactFields.extend({
  typeId: id,
  startsAt: z.iso.datetime({ message: "Choose a time." }),
  code: z.string().trim().max(20).optional().default(""),
  bookingToken: z.string().max(100).optional().default(""),
});

export interface TimesState extends ActionState {
  days?: DayChoice[];
}

export interface CodeState extends ActionState {
  /** Where the code went, as she typed it. */
  sentTo?: string;
}

export interface Booked {
  manageToken: string;
  when: string;
  typeName: string;
  staffFirstName: string;
  storeName: string;
  address: string;
}

export interface BookState extends ActionState {
  /** Her contact is confirmed: this lets her book another time without a new code. */
  bookingToken?: string;
  /** The time went to someone else; choose another. */
  taken?: boolean;
  /** Her contact is not confirmed (a wrong code, or a token used up or too old): she asks for a new code. */
  unverified?: boolean;
  booked?: Booked;
}

type Read<T> = { ok: true; source: BookingSource; data: T } | { ok: false; state: ActionState };

async function read<S extends z.ZodType>(formData: unknown, schema: S, limiter = bookingPageLimiter): Promise<Read<z.infer<S>>> {
  if (!(await limiter.take(clientAddress(await headers())))) return { ok: false, state: { message: TOO_MANY } };
  const fields = formFields(formData);
  if (!fields) return { ok: false, state: { message: UNREADABLE_FORM } };
  const where = source.safeParse(fields);
  if (!where.success) return { ok: false, state: { message: GONE } };
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"];
    return { ok: false, state: { message: Object.values(fieldErrors ?? {}).flat()[0] ?? "Please check the form.", fieldErrors } };
  }
  return { ok: true, source: where.data, data: parsed.data };
}

/** The free times for a type, with one associate or anyone, grouped by day. */
export async function findTimesAction(_previous: TimesState, formData: FormData): Promise<TimesState> {
  const input = await read(formData, timesSchema);
  if (!input.ok) return input.state;
  const now = new Date();
  const db = getDb();
  const context = await bookingContext(db, input.source, now);
  if (!context) return { message: GONE };
  const days = await bookingTimes(db, { storeId: context.storeId, typeId: input.data.typeId, staffId: input.data.staffId === "any" ? null : input.data.staffId, timeZone: context.store.timezone, now });
  if (!days) return { message: "Choose what you would like to book." };
  return { ok: true, days, message: days.length ? undefined : "No free times in the next two weeks. Try someone else, or call the store." };
}

/** The contact on the channel she chose, as lib/appointments.ts reads it; or the error to show. */
function chosenContact(data: z.infer<typeof contactFields>): { email: string } | { phone: string } | ActionState {
  if (data.channel === "email") return data.email ? { email: data.email } : { message: "Enter your email address, or choose a text message.", fieldErrors: { email: ["Enter your email address."] } };
  return data.phone ? { phone: data.phone } : { message: "Enter your phone number, or choose email.", fieldErrors: { phone: ["Enter your phone number."] } };
}

/** Sends a six-digit code to the email or phone she chose to be contacted on. */
export async function requestCodeAction(_previous: CodeState, formData: FormData): Promise<CodeState> {
  const input = await read(formData, contactFields, bookingCodeLimiter);
  if (!input.ok) return input.state;
  const contact = chosenContact(input.data);
  if (!("email" in contact || "phone" in contact)) return contact;
  const now = new Date();
  const db = getDb();
  const context = await bookingContext(db, input.source, now);
  if (!context) return { message: GONE };
  const sent = await requestBookingCode(db, { storeId: context.storeId, staffId: input.data.staffId, contact, now });
  if (!sent.ok) return { message: sent.message, fieldErrors: sent.reason === "invalid" ? { [input.data.channel === "email" ? "email" : "phone"]: [sent.message] } : undefined };
  const sentTo = "email" in contact ? contact.email : contact.phone;
  return { ok: true, sentTo, message: sent.channel === "email" ? `We emailed a code to ${sentTo}.` : `We texted a code to ${sentTo}.` };
}

/** Books the time she chose, with the code she was sent (or the token a first try gave her). */
export async function bookAction(_previous: BookState, formData: FormData): Promise<BookState> {
  const input = await read(formData, bookSchema);
  if (!input.ok) return input.state;
  const { data } = input;
  if (!data.bookingToken && !/^\d{6}$/.test(data.code)) return { message: "Enter the six-digit code we sent you.", fieldErrors: { code: ["The code is six digits."] } };
  const contact = chosenContact(data);
  if (!("email" in contact || "phone" in contact)) return contact;
  const now = new Date();
  const db = getDb();
  const context = await bookingContext(db, input.source, now);
  if (!context) return { message: GONE };
  const result = await bookAppointment(db, {
    storeId: context.storeId,
    staffId: data.staffId,
    typeId: data.typeId,
    startsAt: new Date(data.startsAt),
    contact: { name: data.name, email: data.email || undefined, phone: data.phone || undefined },
    channel: data.channel,
    verification: data.bookingToken ? { token: data.bookingToken } : { code: data.code },
    customerId: context.customerId ?? undefined,
    now,
    baseUrl: linkBaseUrl(await headers()),
  });
  if (!result.ok) {
    const again = result.reason === "taken" || result.reason === "unavailable";
    // A used-up or expired token: she asks for a new code.
    const bookingToken = result.reason === "unverified" ? undefined : (result.token ?? (data.bookingToken || undefined));
    const unverified = result.reason === "unverified";
    return { message: result.message, taken: again, unverified, bookingToken, fieldErrors: unverified && !data.bookingToken ? { code: [result.message] } : undefined };
  }
  const view = await manageView(db, { token: result.manageToken, now });
  return {
    ok: true,
    message: "You are booked.",
    booked: {
      manageToken: result.manageToken,
      when: formatStoreDateTime(result.appointment.startsAt, context.store.timezone),
      typeName: view?.typeName ?? "Appointment",
      staffFirstName: view?.staffFirstName ?? "",
      storeName: context.store.name,
      address: context.store.address,
    },
  };
}
