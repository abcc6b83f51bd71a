import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { customerHandles, customers, products, socialMentions, stores } from "@/db/schema";
import { recordChanges } from "@/lib/change-feed";
import { readSignedBody, type SignedBody, type WebhookSource } from "@/lib/webhook-signature";
import { normaliseHandle } from "@/lib/search-terms";

/** A post or comment from a network, in our words, before it is matched and stored. */
export interface IncomingMention {
  network: "x" | "instagram";
  externalId: string;
  kind: "post" | "comment" | "mention";
  /** Lowercase, without @; "unknown" when the network did not say who it was. */
  handle: string;
  text: string;
  url: string;
  mediaUrl: string | null;
  mediaId: string | null;
  authorExternalId: string | null;
  postedAt: Date;
  /** Links in the post (expanded), where a product page may be. */
  links: string[];
  /** `store:<key>` tags from the X stream's matching rules, in order. */
  storeKeys: string[];
}

export type ParsedDelivery = { ok: true; mentions: IncomingMention[]; ignored: number } | { ok: false; message: string };

export const UNKNOWN_HANDLE = "unknown";
const MAX_LINKS = 10;
/** social_mentions has 15 columns: 500 rows stay far below both databases' bind-parameter limits. */
const MENTION_INSERT_CHUNK = 500;

// Ids are strings of digits (Meta's sometimes joined by "_") on both networks and
// end up in links, so nothing else gets through; a number only while it is exact.
const networkId = z
  .union([z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a network id"), z.number().int().nonnegative().refine(Number.isSafeInteger)])
  .transform(String);

const xUrl = z.object({ url: z.string().optional(), expanded_url: z.string().optional(), unwound_url: z.string().optional() });
const xEntities = z.object({ urls: z.array(xUrl).max(100).optional() }).optional();
const xPost = z.object({
  data: z.object({
    id: networkId,
    text: z.string().max(30_000),
    author_id: networkId.optional(),
    created_at: z.iso.datetime({ offset: true }).optional(),
    entities: xEntities,
    // Posts over 280 characters carry their full text here, and data.text is cut.
    note_tweet: z.object({ text: z.string().max(30_000), entities: xEntities }).optional(),
    attachments: z.object({ media_keys: z.array(z.string()).optional() }).optional(),
  }),
  includes: z
    .object({
      users: z.array(z.object({ id: networkId, username: z.string().max(50), name: z.string().optional() })).optional(),
      media: z.array(z.object({ media_key: z.string(), type: z.string().optional(), url: z.string().optional(), preview_image_url: z.string().optional() })).optional(),
    })
    .optional(),
  matching_rules: z.array(z.object({ id: networkId.optional(), tag: z.string().optional() })).optional(),
});

/**
 * One post as the X API v2 filtered stream delivers it, or several, one JSON
 * object a line, as they come off the stream (blank keep-alive lines skipped).
 */
export function parseXDelivery(body: string): ParsedDelivery {
  const lines = body.split(/\r?\n/).filter((line) => line.trim());
  if (!lines.length) return { ok: false, message: "The body is empty: send one post from the X filtered stream as JSON." };
  const values: unknown[] = [];
  const whole = tryJson(body);
  if (whole.ok) values.push(...(Array.isArray(whole.value) ? whole.value : [whole.value]));
  else {
    for (const line of lines) {
      const parsed = tryJson(line);
      if (!parsed.ok) return { ok: false, message: "The body is not valid JSON." };
      values.push(parsed.value);
    }
  }
  if (!values.length) return { ok: false, message: "The body holds no post: send one post from the X filtered stream as JSON." };
  const mentions: IncomingMention[] = [];
  for (const [index, value] of values.entries()) {
    const post = xPost.safeParse(value);
    if (!post.success) return { ok: false, message: `Post ${index + 1} is not an X API v2 stream post: ${describeIssues(post.error)}` };
    mentions.push(fromXPost(post.data));
  }
  return { ok: true, mentions, ignored: 0 };
}

function fromXPost({ data, includes, matching_rules }: z.infer<typeof xPost>): IncomingMention {
  const author = includes?.users?.find((u) => u.id === data.author_id);
  const handle = normaliseHandle(author?.username ?? "") || UNKNOWN_HANDLE;
  const text = data.note_tweet?.text ?? data.text;
  const entityUrls = [...(data.entities?.urls ?? []), ...(data.note_tweet?.entities?.urls ?? [])];
  const media = includes?.media?.find((m) => data.attachments?.media_keys?.includes(m.media_key));
  return {
    network: "x",
    externalId: data.id,
    kind: "post",
    handle,
    text,
    url: handle === UNKNOWN_HANDLE ? `https://x.com/i/web/status/${data.id}` : `https://x.com/${encodeURIComponent(author?.username ?? handle)}/status/${data.id}`,
    mediaUrl: httpsOnly(media?.url ?? media?.preview_image_url),
    mediaId: null,
    authorExternalId: data.author_id ?? null,
    postedAt: data.created_at ? new Date(data.created_at) : new Date(),
    links: [...entityUrls.map((u) => u.unwound_url ?? u.expanded_url ?? u.url ?? ""), ...linksInText(text)].filter(Boolean),
    storeKeys: (matching_rules ?? []).flatMap((r) => {
      const m = /^\s*store\s*:\s*(.+?)\s*$/i.exec(r.tag ?? "");
      return m ? [m[1]!] : [];
    }),
  };
}

const igComment = z.object({
  id: networkId,
  text: z.string().max(10_000).default(""),
  from: z.object({ id: networkId.optional(), username: z.string().max(60).optional() }).optional(),
  media: z.object({ id: networkId, media_product_type: z.string().optional() }).optional(),
});
const igMention = z.object({ media_id: networkId, comment_id: networkId.optional(), text: z.string().max(10_000).optional(), username: z.string().max(60).optional() });
const igDelivery = z.object({
  object: z.literal("instagram"),
  entry: z
    .array(z.object({ id: networkId.optional(), time: z.number().nonnegative().max(4_102_444_800_000).optional(), changes: z.array(z.object({ field: z.string(), value: z.unknown() })).max(1000).default([]) }))
    .max(1000),
});

/**
 * A Meta webhook delivery for Instagram. Comments on the store's media and
 * mentions of the store are kept; other subscribed fields are counted and
 * ignored, so Meta does not retry them forever.
 */
export function parseInstagramDelivery(body: string): ParsedDelivery {
  const json = tryJson(body);
  if (!json.ok) return { ok: false, message: "The body is not valid JSON." };
  const objectName = (json.value as { object?: unknown } | null)?.object;
  if (objectName !== "instagram") return { ok: false, message: `Only Instagram notifications (object "instagram") are accepted here, not ${JSON.stringify(objectName ?? null)}.` };
  const delivery = igDelivery.safeParse(json.value);
  if (!delivery.success) return { ok: false, message: `Not an Instagram webhook notification: ${describeIssues(delivery.error)}` };

  const mentions: IncomingMention[] = [];
  let ignored = 0;
  for (const entry of delivery.data.entry) {
    // Meta sends seconds; tolerate milliseconds.
    const postedAt = entry.time ? new Date(entry.time > 1e12 ? entry.time : entry.time * 1000) : new Date();
    for (const change of entry.changes) {
      if (change.field === "comments") {
        const value = igComment.safeParse(change.value);
        if (!value.success) return { ok: false, message: `A comments change has the wrong shape: ${describeIssues(value.error)}` };
        const { id, text, from, media } = value.data;
        const handle = normaliseHandle(from?.username ?? "") || UNKNOWN_HANDLE;
        mentions.push({
          network: "instagram",
          externalId: id,
          kind: "comment",
          handle,
          text,
          url: instagramProfile(handle),
          mediaUrl: null,
          mediaId: media?.id ?? null,
          authorExternalId: from?.id ?? null,
          postedAt,
          links: linksInText(text),
          storeKeys: [],
        });
      } else if (change.field === "mentions") {
        const value = igMention.safeParse(change.value);
        if (!value.success) return { ok: false, message: `A mentions change has the wrong shape: ${describeIssues(value.error)}` };
        const { media_id, comment_id, text, username } = value.data;
        const handle = normaliseHandle(username ?? "") || UNKNOWN_HANDLE;
        mentions.push({
          network: "instagram",
          externalId: comment_id ?? media_id,
          kind: "mention",
          handle,
          text: text?.trim() || (comment_id ? "Mentioned the store in a comment" : "Mentioned the store in a post"),
          url: instagramProfile(handle),
          mediaUrl: null,
          mediaId: media_id,
          authorExternalId: null,
          postedAt,
          links: linksInText(text ?? ""),
          storeKeys: [],
        });
      } else ignored += 1;
    }
  }
  return { ok: true, mentions, ignored };
}

function instagramProfile(handle: string): string {
  return handle === UNKNOWN_HANDLE ? "https://www.instagram.com/" : `https://www.instagram.com/${handle}/`;
}

/**
 * A signed delivery from start to finish: secret, size and signature first
 * (nothing is parsed before the signature holds), then shape, then storage.
 * Client mistakes get 4xx with a sentence; nothing a sender posts causes a 500.
 */
export async function receiveMentionWebhook(db: Db, request: Request, source: WebhookSource, parse: (body: string) => ParsedDelivery): Promise<Response> {
  let body: SignedBody;
  try {
    body = await readSignedBody(request, source);
  } catch (error) {
    // readSignedBody answers every failure it knows; anything else while reading is still the request's.
    console.warn(`Reading a ${source} mentions delivery failed`, error);
    return Response.json({ error: "The body could not be read; send it again." }, { status: 400 });
  }
  if (!body.ok) return body.response;
  const delivery = parse(body.text);
  if (!delivery.ok) return Response.json({ error: delivery.message }, { status: 400 });
  try {
    const result = await storeMentions(db, delivery.mentions);
    return Response.json(source === "instagram" ? { ...result, ignored: delivery.ignored } : result);
  } catch (error) {
    // A busy or failing database is ours, not the sender's: ask it to retry.
    console.error(`Storing ${source} mentions failed`, error);
    return Response.json({ error: "Mentions could not be stored just now; send them again." }, { status: 503, headers: { "Retry-After": "5" } });
  }
}

export interface StoreResult {
  stored: number;
  duplicates: number;
}

/**
 * Matches each mention to a customer (by handle), a product (by a link to its
 * page) and a store's inbox, and stores it once: a replayed id is counted as a
 * duplicate and changes nothing. All of a delivery is written in one transaction.
 */
export async function storeMentions(db: Db, mentions: IncomingMention[], now = new Date()): Promise<StoreResult> {
  if (!mentions.length) return { stored: 0, duplicates: 0 };
  return db.transaction(async (tx) => {
    const storeRows = await tx.select({ id: stores.id, name: stores.name, city: stores.city, isFlagship: stores.isFlagship, createdAt: stores.createdAt }).from(stores);
    const fallbackStore = storeRows.find((s) => s.isFlagship) ?? [...storeRows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))[0];
    const rows: Array<typeof socialMentions.$inferInsert & { id: string }> = [];
    for (const mention of mentions) {
      const [customer] =
        mention.handle === UNKNOWN_HANDLE
          ? []
          : await tx
              .select({ id: customers.id, homeStoreId: customers.homeStoreId })
              .from(customerHandles)
              .innerJoin(customers, eq(customers.id, customerHandles.customerId))
              .where(and(eq(customerHandles.network, mention.network), eq(customerHandles.handle, mention.handle)))
              .limit(1);
      const taggedStore = mention.storeKeys.map((key) => findStoreByKey(storeRows, key)).find(Boolean);
      rows.push({
        id: randomUUID(),
        network: mention.network,
        externalId: mention.externalId,
        kind: mention.kind,
        handle: mention.handle,
        text: mention.text,
        url: mention.url,
        mediaUrl: mention.mediaUrl,
        mediaId: mention.mediaId,
        authorExternalId: mention.authorExternalId,
        postedAt: mention.postedAt,
        customerId: customer?.id ?? null,
        productId: await findLinkedProduct(tx, mention.links),
        storeId: customer?.homeStoreId ?? taggedStore?.id ?? fallbackStore?.id ?? null,
        createdAt: now,
      });
    }
    // All of them in a few multi-row inserts; a replayed id (stored before, or twice in this delivery) is skipped.
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += MENTION_INSERT_CHUNK) {
      const chunk = rows.slice(i, i + MENTION_INSERT_CHUNK);
      const stored = await tx
        .insert(socialMentions)
        .values(chunk)
        .onConflictDoNothing({ target: [socialMentions.network, socialMentions.externalId] })
        .returning({ id: socialMentions.id });
      for (const { id } of stored) inserted.add(id);
    }
    const storedRows = rows.filter((row) => inserted.has(row.id));
    await recordChanges(
      tx,
      storedRows.map((row) => ({ kind: "mention" as const, customerId: row.customerId, storeId: row.storeId })),
      now,
    );
    return { stored: storedRows.length, duplicates: mentions.length - storedRows.length };
  });
}

/**
 * Stores have no short key of their own, so `store:<key>` names one by its id,
 * its name or its city, compared without case, spaces or punctuation:
 * "store:fifth-avenue", "store:Union Square" and "store:chicago" all work.
 */
export function findStoreByKey<T extends { id: string; name: string; city: string }>(rows: T[], key: string): T | undefined {
  const wanted = squash(key);
  if (!wanted) return undefined;
  return rows.find((s) => s.id === key.trim()) ?? rows.find((s) => squash(s.name) === wanted) ?? rows.find((s) => squash(s.city) === wanted);
}

function squash(value: string): string {
  return value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

// Links to the networks themselves are never product pages.
const NETWORK_HOSTS = new Set(["t.co", "x.com", "twitter.com", "mobile.twitter.com", "instagram.com", "instagr.am", "facebook.com", "tiktok.com"]);

/**
 * The product a set of links points at: first a link equal to a product's
 * online_url (ignoring scheme, "www.", case, query, fragment and a trailing
 * slash), else a link on the product's own site whose path holds its style
 * code, as in /p/mil-ct-001 or /coats/milly-bonded-wool-coat-MIL-CT-001.html.
 */
export async function findLinkedProduct(tx: Pick<Db, "select">, links: string[]): Promise<string | null> {
  const urls = links.flatMap((link) => parseLink(link) ?? []).slice(0, MAX_LINKS);
  if (!urls.length) return null;

  const exact = new Set<string>();
  for (const url of urls) {
    const host = url.hostname.replace(/^www\./, "");
    const paths = new Set([url.pathname, url.pathname.replace(/\/+$/, ""), `${url.pathname.replace(/\/+$/, "")}/`, url.pathname.toLowerCase()]);
    for (const scheme of ["https:", "http:"]) for (const h of [host, `www.${host}`]) for (const p of paths) exact.add(`${scheme}//${h}${p}`);
  }
  const [byUrl] = await tx.select({ id: products.id }).from(products).where(inArray(products.onlineUrl, [...exact])).orderBy(asc(products.id)).limit(1);
  if (byUrl) return byUrl.id;

  const codes = new Set(urls.flatMap((url) => styleCodeCandidates(url.pathname)));
  if (!codes.size) return null;
  const candidates = await tx
    .select({ id: products.id, styleCode: products.styleCode, onlineUrl: products.onlineUrl })
    .from(products)
    .where(inArray(products.styleCode, [...codes]))
    .orderBy(asc(products.id));
  const onSameSite = candidates.filter((p) => {
    const site = p.onlineUrl ? parseLink(p.onlineUrl)?.hostname.replace(/^www\./, "") : null;
    return !site || urls.some((url) => url.hostname.replace(/^www\./, "") === site);
  });
  // The longest code is the most specific ("MIL-CT-001" over a bare "001").
  onSameSite.sort((a, b) => b.styleCode.length - a.styleCode.length);
  return onSameSite[0]?.id ?? null;
}

function parseLink(link: string): URL | null {
  try {
    const url = new URL(/^https?:\/\//i.test(link) ? link : `https://${link}`);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (NETWORK_HOSTS.has(url.hostname.replace(/^(www|m)\./, ""))) return null;
    return url;
  } catch {
    return null;
  }
}

/** Each path segment, and each run of its words, as a style code might be written. */
function styleCodeCandidates(pathname: string): string[] {
  const out = new Set<string>();
  for (const raw of pathname.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      segment = raw;
    }
    segment = segment.replace(/\.(html?|php|aspx?)$/i, "");
    if (!segment || segment.length > 200) continue;
    out.add(segment).add(segment.toUpperCase());
    const words = segment.split(/[-_.\s]+/).filter(Boolean).slice(0, 30);
    for (let start = 0; start < words.length; start++) {
      for (let end = start + 1; end <= Math.min(words.length, start + 6); end++) {
        const code = words.slice(start, end).join("-");
        out.add(code).add(code.toUpperCase());
      }
    }
  }
  return [...out].slice(0, 500);
}

function linksInText(text: string): string[] {
  const found = text.match(/\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi) ?? [];
  return found.map((link) => link.replace(/[.,;:!?)\]}'"…]+$/u, ""));
}

function httpsOnly(url: string | undefined): string | null {
  return url && /^https:\/\//i.test(url) ? url : null;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
}
