import "server-only";
import { createHmac, hkdfSync, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, gt, gte, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { forUpdate } from "@/db/dialect";
import { bookingCodes, outbox, staff, stores, type AppointmentChannel } from "@/db/schema";
import { normaliseEmail, normalisePhone } from "./contact-normalise";
import { deliverOutboxMessage } from "./customer-links";
import { resolveAuthSecret } from "./env";
import { generateLinkToken, hashLinkToken, isWellFormedToken } from "./link-tokens";
import { withinDailySendLimit } from "./send-limits";
import { transportFor, type MessageTransport } from "./transports";

export const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes allowed before the code stops working (a new one must be asked for). */
export const MAX_CODE_ATTEMPTS = 5;
/** Codes one address or number may be sent per store in CODE_WINDOW_MS: a page that cannot be used to flood someone's phone. */
export const MAX_CODES_PER_WINDOW = 5;
const CODE_WINDOW_MS = 60 * 60_000;
/** How long a confirmed contact may take to choose and book. */
export const BOOKING_TOKEN_TTL_MS = 30 * 60_000;
/** Where the code goes in the message; it is put in only as the message leaves, so the outbox never holds it. */
export const CODE_PLACEHOLDER = "[code]";

/** Which transport sends on each channel; by default the server's own (lib/transports.ts), which may only record. */
export type ChannelTransports = Partial<Record<AppointmentChannel, MessageTransport>>;

export function transportOn(channel: AppointmentChannel, transports?: ChannelTransports): MessageTransport {
  return transports?.[channel] ?? transportFor(channel);
}

export const contactSchema = z.union([z.object({ email: z.string().max(254) }), z.object({ phone: z.string().max(40) })]);

/** The channel and normalised address of a contact, or null when it is neither an email address nor a phone number. */
export function normaliseContact(contact: z.infer<typeof contactSchema>): { channel: AppointmentChannel; contact: string } | null {
  if ("email" in contact) {
    const email = normaliseEmail(contact.email);
    return email ? { channel: "email", contact: email } : null;
  }
  const phone = normalisePhone(contact.phone);
  return phone ? { channel: "sms", contact: phone } : null;
}

/**
 * Codes are six digits, a million possibilities: a plain hash of one is
 * reversed by trying them all. An HMAC keyed from AUTH_SECRET (and the code's
 * own id) cannot be tried without the server's secret.
 */
function codeKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveAuthSecret(process.env), "shopkeeper", "booking code v1", 32));
}

function hashCode(codeId: string, code: string): string {
  return createHmac("sha256", codeKey()).update(`${codeId}:${code}`).digest("hex");
}

const requestSchema = z.object({
  storeId: z.string().min(1).max(100),
  /** The associate she chose: the message goes out in their name, like every message in the outbox. */
  staffId: z.string().min(1).max(100),
  contact: contactSchema,
  now: z.date(),
});

export type RequestCodeResult =
  | { ok: true; codeId: string; outboxId: string; channel: AppointmentChannel; status: string }
  | { ok: false; reason: "invalid" | "not_found" | "not_set_up" | "too_many_codes" | "over_daily_limit" | "not_sent"; message: string };

/**
 * Sends a six-digit code to the email address or phone she gave, to prove it
 * is hers before she books. The code is kept only as an HMAC, works for 10
 * minutes and for MAX_CODE_ATTEMPTS wrong tries. The message is written to
 * the outbox (with the code left out) and handed to the channel's transport;
 * on a channel this server cannot send on, nothing is written and she is told
 * to use the other one.
 */
export async function requestBookingCode(db: Db, input: z.input<typeof requestSchema> & { transports?: ChannelTransports }): Promise<RequestCodeResult> {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", message: "Enter an email address or a phone number." };
  const { storeId, staffId, now } = parsed.data;
  const contact = normaliseContact(parsed.data.contact);
  if (!contact) return { ok: false, reason: "invalid", message: "That is not an email address or a phone number we can send a code to." };
  const transport = transportOn(contact.channel, input.transports);
  if (transport.name === "record") return { ok: false, reason: "not_set_up", message: contact.channel === "email" ? "This store cannot send emails yet: use a phone number." : "This store cannot send texts yet: use an email address." };

  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const prepared = await db.transaction(async (tx): Promise<RequestCodeResult> => {
    const [store] = await tx
      .select({ name: stores.name })
      .from(stores)
      .innerJoin(staff, and(eq(staff.storeId, stores.id), eq(staff.id, staffId), eq(staff.active, true)))
      .where(eq(stores.id, storeId))
      .limit(1);
    if (!store) return { ok: false, reason: "not_found", message: "That store or associate was not found." };
    const [recent] = await tx
      .select({ n: count() })
      .from(bookingCodes)
      .where(and(eq(bookingCodes.storeId, storeId), eq(bookingCodes.contact, contact.contact), gte(bookingCodes.createdAt, new Date(now.getTime() - CODE_WINDOW_MS))));
    if ((recent?.n ?? 0) >= MAX_CODES_PER_WINDOW) return { ok: false, reason: "too_many_codes", message: "Too many codes were sent to this contact. Try again in an hour, or call the store." };
    if (!(await withinDailySendLimit(tx, { storeId, now })).ok) return { ok: false, reason: "over_daily_limit", message: "The store cannot send more messages today. Please call the store." };

    const codeId = randomUUID();
    await tx.insert(bookingCodes).values({ id: codeId, storeId, channel: contact.channel, contact: contact.contact, codeHash: hashCode(codeId, code), expiresAt: new Date(now.getTime() + CODE_TTL_MS), createdAt: now });
    const outboxId = randomUUID();
    await tx.insert(outbox).values({
      id: outboxId,
      customerId: null,
      storeId,
      staffId,
      channel: contact.channel,
      recipient: contact.contact,
      subject: contact.channel === "email" ? `Your code to book at ${store.name}` : null,
      body: `Your code to book an appointment at ${store.name} is ${CODE_PLACEHOLDER}. It works for 10 minutes. If you did not ask for it, ignore this message.`,
      transport: transport.name,
      status: "queued",
      createdAt: now,
    });
    return { ok: true, codeId, outboxId, channel: contact.channel, status: "queued" };
  });
  if (!prepared.ok) return prepared;
  const delivered = await deliverOutboxMessage(db, { outboxId: prepared.outboxId, transport, link: code, placeholder: CODE_PLACEHOLDER, now });
  if (!delivered.ok) return { ok: false, reason: "not_sent", message: "The code could not be sent. Check the address or number, or call the store." };
  return { ...prepared, status: delivered.status };
}

const verifySchema = z.object({
  storeId: z.string().min(1).max(100),
  contact: contactSchema,
  code: z.string().trim().regex(/^\d{6}$/, "The code is six digits."),
  now: z.date(),
});

export type VerifyCodeResult =
  | { ok: true; token: string; channel: AppointmentChannel; contact: string }
  | { ok: false; reason: "invalid" | "no_code" | "expired" | "too_many_attempts"; message: string }
  | { ok: false; reason: "wrong_code"; message: string; attemptsLeft: number };

/**
 * Checks the code she typed against the latest one sent to that contact for
 * this store. A wrong code uses up a try (kept even though nothing else
 * changes); the right one gives a booking token, good for one booking within
 * BOOKING_TOKEN_TTL_MS. The code's row stays locked while it is checked, so
 * two tries at once cannot both get past the limit.
 */
export async function verifyBookingCode(db: Db, input: z.input<typeof verifySchema>): Promise<VerifyCodeResult> {
  const parsed = verifySchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", message: parsed.error.issues[0]?.message ?? "Enter the six-digit code." };
  const { storeId, code, now } = parsed.data;
  const contact = normaliseContact(parsed.data.contact);
  if (!contact) return { ok: false, reason: "invalid", message: "That is not an email address or a phone number." };
  return db.transaction(async (tx): Promise<VerifyCodeResult> => {
    const [row] = await forUpdate(
      tx
        .select({ id: bookingCodes.id, codeHash: bookingCodes.codeHash, expiresAt: bookingCodes.expiresAt, attempts: bookingCodes.attempts })
        .from(bookingCodes)
        .where(and(eq(bookingCodes.storeId, storeId), eq(bookingCodes.contact, contact.contact), isNull(bookingCodes.verifiedAt)))
        .orderBy(desc(bookingCodes.createdAt), desc(bookingCodes.id))
        .limit(1),
    );
    if (!row) return { ok: false, reason: "no_code", message: "No code is waiting for this contact: ask for a new one." };
    if (row.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: "too_many_attempts", message: "Too many wrong codes: ask for a new one." };
    if (row.expiresAt <= now) return { ok: false, reason: "expired", message: "That code has expired: ask for a new one." };
    const expected = Buffer.from(row.codeHash, "hex");
    const given = Buffer.from(hashCode(row.id, code), "hex");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      await tx.update(bookingCodes).set({ attempts: row.attempts + 1 }).where(eq(bookingCodes.id, row.id));
      const attemptsLeft = MAX_CODE_ATTEMPTS - row.attempts - 1;
      return attemptsLeft > 0
        ? { ok: false, reason: "wrong_code", message: `That code is not right. ${attemptsLeft === 1 ? "1 try" : `${attemptsLeft} tries`} left.`, attemptsLeft }
        : { ok: false, reason: "too_many_attempts", message: "Too many wrong codes: ask for a new one." };
    }
    const token = generateLinkToken();
    await tx.update(bookingCodes).set({ verifiedAt: now, tokenHash: hashLinkToken(token) }).where(eq(bookingCodes.id, row.id));
    return { ok: true, token, ...contact };
  });
}

/**
 * Uses up a booking token inside the booking's transaction, if it confirmed
 * this contact on this channel at this store, recently, and was not used
 * yet; false otherwise (and then nothing changes). If the booking then
 * fails, the transaction is rolled back and the token still works.
 */
export async function consumeBookingToken(tx: Db, { storeId, token, channel, contact, now }: { storeId: string; token: string; channel: AppointmentChannel; contact: string; now: Date }): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const [used] = await tx
    .update(bookingCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(bookingCodes.tokenHash, hashLinkToken(token)),
        eq(bookingCodes.storeId, storeId),
        eq(bookingCodes.channel, channel),
        eq(bookingCodes.contact, contact),
        isNull(bookingCodes.usedAt),
        gt(bookingCodes.verifiedAt, new Date(now.getTime() - BOOKING_TOKEN_TTL_MS)),
      ),
    )
    .returning({ id: bookingCodes.id });
  return Boolean(used);
}
