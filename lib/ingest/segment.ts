import "server-only";
import { z } from "zod";
import type { Db } from "@/db";
import type { OnlineEventType } from "@/db/schema";
import { normaliseEmail, normalisePhone } from "@/lib/contact-normalise";
import type { AuthenticatedSource } from "@/lib/source-keys";
import { breather } from "./event-statements";
import { EventWriter, type WritableCall } from "./event-writer";

// Segment's HTTP tracking API (also spoken by RudderStack, PostHog and most
// CDPs): track, identify and batch. Fields we do not use are let through
// untouched; fields we use are checked, and a wrong type in one of them fails
// that one message with a message saying which field.

export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 500 * 1024;
/** Calls checked between two breathers (a batch's checks would otherwise hold the event loop for tens of milliseconds; see CALLS_PER_SLICE). */
const PARSE_SLICE = 20;
export const MAX_CALL_BYTES = 32 * 1024;

const IGNORED_TYPES = new Set(["page", "screen", "group", "alias"]);

/** E-commerce spec v2 event names (compared case-insensitively, "_" read as a space). */
const ECOMMERCE_EVENTS: Record<string, OnlineEventType> = {
  "product viewed": "product_viewed",
  "product added": "cart_added",
  "product removed": "cart_removed",
  "product added to wishlist": "wishlist_added",
  "products searched": "searched",
  "cart viewed": "cart_viewed",
  "checkout started": "checkout_started",
  "order completed": "order_completed",
};

export function onlineEventTypeFor(eventName: string): OnlineEventType | null {
  return ECOMMERCE_EVENTS[eventName.trim().toLowerCase().replace(/[\s_]+/g, " ")] ?? null;
}

// --- field schemas -------------------------------------------------------

/** Ids arrive as strings or numbers; both mean the same id. */
const idValue = z
  .union([z.string(), z.number()], { error: "must be a string" })
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"));

const label = (max: number) =>
  z
    .union([z.string(), z.number()], { error: "must be a string" })
    .transform((v) => String(v).trim().slice(0, max) || undefined);

/** Amounts in the currency's units (12.5 = $12.50), as numbers or numeric strings; stored as cents. */
const money = z
  .union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, "must be a number")], { error: "must be a number" })
  .transform((v) => Number(v))
  .pipe(z.number().finite().min(0, "must not be negative").max(100_000_000, "is too large"))
  .transform((v) => Math.round(v * 100));

const quantity = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0).max(10_000);

/** Only web addresses are kept: anything else (javascript:, data:) is dropped, never shown. */
const webUrl = z.unknown().transform((v) => {
  if (typeof v !== "string" || v.length > 2000) return undefined;
  try {
    const url = new URL(v.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
});

const dateValue = z.union([z.string().max(64), z.number()], { error: "must be an ISO-8601 date" }).transform((v, ctx) => {
  const date = new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "must be an ISO-8601 date" });
    return z.NEVER;
  }
  return date;
});

const emailTrait = z.unknown().transform((v) => (typeof v === "string" ? (normaliseEmail(v) ?? undefined) : undefined));
const phoneTrait = z.unknown().transform((v) => (typeof v === "string" || typeof v === "number" ? (normalisePhone(String(v)) ?? undefined) : undefined));

const traitsSchema = z.looseObject({
  email: emailTrait.optional(),
  phone: phoneTrait.optional(),
  name: label(200).nullish(),
  firstName: label(100).nullish(),
  lastName: label(100).nullish(),
  first_name: label(100).nullish(),
  last_name: label(100).nullish(),
});

const productFields = {
  product_id: idValue.nullish(),
  sku: idValue.nullish(),
  name: label(300).nullish(),
  brand: label(100).nullish(),
  variant: label(100).nullish(),
  price: money.nullish(),
  quantity: quantity.nullish(),
  url: webUrl.optional(),
  image_url: webUrl.optional(),
};
const productSchema = z.looseObject(productFields);

const propertiesSchema = z.looseObject({
  ...productFields,
  query: label(200).nullish(),
  order_id: idValue.nullish(),
  total: money.nullish(),
  revenue: money.nullish(),
  value: money.nullish(),
  products: z.array(productSchema).max(200, "must list at most 200 products").nullish(),
});

const contextSchema = z.looseObject({ traits: traitsSchema.nullish() });

const common = {
  userId: idValue.nullish(),
  anonymousId: idValue.nullish(),
  messageId: idValue.nullish(),
  timestamp: dateValue.nullish(),
  originalTimestamp: dateValue.nullish(),
  sentAt: dateValue.nullish(),
  context: contextSchema.nullish(),
};

const identified = (m: { userId?: string | null; anonymousId?: string | null }) => Boolean(m.userId || m.anonymousId);
const needsIdentity = { message: "userId or anonymousId is required" };

const trackSchema = z
  .looseObject({
    type: z.literal("track"),
    event: z
      .string({ error: "is required: the name of what happened, e.g. Product Viewed" })
      .trim()
      .min(1, "is required: the name of what happened, e.g. Product Viewed")
      .max(200, "must be at most 200 characters"),
    properties: propertiesSchema.nullish(),
    ...common,
  })
  .refine(identified, needsIdentity);

const identifySchema = z
  .looseObject({
    type: z.literal("identify"),
    traits: traitsSchema.nullish(),
    ...common,
  })
  .refine(identified, needsIdentity);

export type TrackMessage = z.infer<typeof trackSchema>;
export type IdentifyMessage = z.infer<typeof identifySchema>;
export type Product = z.infer<typeof productSchema>;
export type Properties = z.infer<typeof propertiesSchema>;
export type Traits = z.infer<typeof traitsSchema>;

export type ParsedMessage = TrackMessage | IdentifyMessage | { type: "ignored" };

export interface IngestError {
  index: number;
  messageId?: string;
  message: string;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")} ${issue.message}` : issue.message))
    .join("; ");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One Segment call, checked. `defaultType` is the endpoint's own type (a track call to /track may omit it). */
export function parseSegmentMessage(raw: unknown, defaultType?: "track" | "identify"): { ok: true; message: ParsedMessage } | { ok: false; message: string } {
  if (!isObject(raw)) return { ok: false, message: "Each call must be a JSON object." };
  const type = defaultType ?? raw.type;
  if (typeof type === "string" && IGNORED_TYPES.has(type)) return { ok: true, message: { type: "ignored" } };
  if (type !== "track" && type !== "identify") {
    return { ok: false, message: 'type must be one of "track", "identify", "page", "screen", "group" or "alias".' };
  }
  const parsed = (type === "track" ? trackSchema : identifySchema).safeParse(defaultType ? { ...raw, type } : raw);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, message: describeIssues(parsed.error) };
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  ignored: number;
  errors: IngestError[];
}

/**
 * Stores a request's calls: each valid one completely or not at all, all of
 * them in one transaction, invalid ones reported by index without stopping
 * the rest. Batch-level `context` is merged under each call's own (as Segment
 * does) and a batch-level `sentAt` stands in for calls without their own.
 */
export async function ingestSegmentCalls(
  db: Db,
  {
    source,
    calls,
    defaultType,
    batchContext,
    batchSentAt,
    checkCallSize = false,
    receivedAt = new Date(),
  }: {
    source: AuthenticatedSource;
    calls: unknown[];
    defaultType?: "track" | "identify";
    batchContext?: unknown;
    batchSentAt?: unknown;
    /** Whether any call could be over 32 KB (only worth measuring when the whole body is). */
    checkCallSize?: boolean;
    receivedAt?: Date;
  },
): Promise<IngestResult> {
  const errors: IngestError[] = [];
  const valid: WritableCall[] = [];
  let ignored = 0;
  const sharedContext = isObject(batchContext) ? batchContext : null;
  const sharedSentAt = typeof batchSentAt === "string" || typeof batchSentAt === "number" ? batchSentAt : undefined;

  for (const [index, raw] of calls.entries()) {
    // Checking a 500-call batch takes a while: other requests get a turn between slices.
    if (index > 0 && index % PARSE_SLICE === 0) await breather();
    let call = raw;
    if (isObject(raw) && (sharedContext || sharedSentAt !== undefined)) {
      call = {
        ...raw,
        ...(sharedContext ? { context: isObject(raw.context) ? { ...sharedContext, ...raw.context } : sharedContext } : {}),
        ...(raw.sentAt == null && sharedSentAt !== undefined ? { sentAt: sharedSentAt } : {}),
      };
    }
    const parsed =
      checkCallSize && Buffer.byteLength(JSON.stringify(raw) ?? "", "utf8") > MAX_CALL_BYTES
        ? ({ ok: false, message: "This call is larger than 32 KB." } as const)
        : parseSegmentMessage(call, defaultType);
    if (!parsed.ok) {
      const messageId = isObject(raw) && (typeof raw.messageId === "string" || typeof raw.messageId === "number") ? String(raw.messageId) : undefined;
      errors.push({ index, ...(messageId ? { messageId } : {}), message: parsed.message });
    } else if (parsed.message.type === "identify") {
      valid.push({ index, kind: "identify", message: parsed.message });
    } else if (parsed.message.type === "track") {
      const eventType = onlineEventTypeFor(parsed.message.event);
      // Other track events are fine to send; Shopkeeper just has no use for them.
      if (eventType) valid.push({ index, kind: "track", message: parsed.message, eventType });
      else ignored += 1;
    } else {
      ignored += 1;
    }
  }

  const written = valid.length ? await EventWriter.write(db, { source, calls: valid, receivedAt }) : { accepted: 0, duplicates: 0, ignored: 0, errors: [] };
  return {
    accepted: written.accepted,
    duplicates: written.duplicates,
    ignored: ignored + written.ignored,
    errors: [...errors, ...written.errors].sort((a, b) => a.index - b.index),
  };
}
