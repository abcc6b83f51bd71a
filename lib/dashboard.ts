import "server-only";
import { and, eq, gte, lt, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { contactedSince, DAY, holdsStillOpen, medianMinutes, mediansInTurns, recentNewPosts, rolledUpAnswerTimes, rolledUpCounters, rolledUpBuckets, splitPeriod, WHOLE_STORE } from "./daily-figures";
import { contacts, customers, followUps, holds, inboundMessages, linkResponses, notes, productVariants, socialMentions, staff } from "@/db/schema";

export interface Period {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;

/**
 * Hold outcomes per associate for holds placed in the period, counted in SQL.
 * An active hold past its expiry counts as expired, as everywhere else; one
 * still in time is open, and has no outcome yet.
 */
async function holdFigures(db: Db, storeId: string, { from, to }: Period, now: Date) {
  const expired = sql`(${holds.status} = 'expired' or (${holds.status} = 'active' and ${holds.expiresAt} <= ${now.getTime()}))`;
  return db
    .select({
      staffId: holds.staffId,
      placed: sql<number>`count(*)`,
      open: sql<number>`sum(case when ${holds.status} = 'active' and ${holds.expiresAt} > ${now.getTime()} then 1 else 0 end)`,
      pickedUp: sql<number>`sum(case when ${holds.status} = 'picked_up' then 1 else 0 end)`,
      released: sql<number>`sum(case when ${holds.status} = 'released' then 1 else 0 end)`,
      expired: sql<number>`sum(case when ${expired} then 1 else 0 end)`,
      pickedUpValueCents: sql<number>`sum(case when ${holds.status} = 'picked_up' then ${productVariants.priceCents} * ${holds.quantity} else 0 end)`,
    })
    .from(holds)
    .innerJoin(productVariants, eq(productVariants.id, holds.variantId))
    .where(and(eq(holds.storeId, storeId), gte(holds.createdAt, from), lt(holds.createdAt, to)))
    .groupBy(holds.staffId);
}

/**
 * Answer times (ms) of posts posted in the period and answered, per person who
 * answered ('' for nobody known), with how many each answered. For the short
 * ends of a period; whole days come from the roll-up's lists.
 */
async function answerTimes(db: Db, storeId: string, { from, to }: Period) {
  const rows = await db
    .select({ staffId: socialMentions.repliedByStaffId, postedAt: socialMentions.postedAt, repliedAt: socialMentions.repliedAt })
    .from(socialMentions)
    .where(and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "replied"), gte(socialMentions.postedAt, from), lt(socialMentions.postedAt, to)));
  const times = new Map<string, number[]>();
  const answered = new Map<string, number>();
  for (const row of rows) {
    const key = row.staffId ?? WHOLE_STORE;
    answered.set(key, (answered.get(key) ?? 0) + 1);
    const list = times.get(key) ?? [];
    if (row.repliedAt) list.push(row.repliedAt.getTime() - row.postedAt.getTime());
    times.set(key, list);
  }
  return { times, answered };
}

/** One channel's figures: what came in during the period, what was answered, how fast, and what still waits after a day. */
export interface ChannelFigures {
  channel: "posts" | "sms" | "email" | "page";
  received: number;
  answered: number;
  answerRate: number | null;
  medianAnswerMinutes: number | null;
  unansweredOver24h: number;
}

/**
 * Texts, emails and questions from customers' pages received in the period:
 * per channel, and per person who answered, with each answer time. Read from
 * the rows through the (store, received) and (store, kind) indexes: a store
 * gets far fewer of them than posts, so they have no roll-up.
 */
async function messageFigures(db: Db, storeId: string, { from, to }: Period, now: Date) {
  const [messages, questions] = await Promise.all([
    db
      .select({ channel: inboundMessages.channel, status: inboundMessages.status, staffId: inboundMessages.answeredByStaffId, receivedAt: inboundMessages.receivedAt, answeredAt: inboundMessages.answeredAt })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.storeId, storeId), gte(inboundMessages.receivedAt, from), lt(inboundMessages.receivedAt, to))),
    db
      .select({ staffId: linkResponses.answeredByStaffId, receivedAt: linkResponses.createdAt, answeredAt: linkResponses.answeredAt })
      .from(linkResponses)
      .where(and(eq(linkResponses.storeId, storeId), eq(linkResponses.kind, "question"), gte(linkResponses.createdAt, from), lt(linkResponses.createdAt, to))),
  ]);
  // A question waits until its first answer; it is never dismissed.
  const rows = [...messages, ...questions.map((q) => ({ ...q, channel: "page" as const, status: q.answeredAt ? ("answered" as const) : ("waiting" as const) }))];
  const channels = new Map<"sms" | "email" | "page", { received: number; answered: number; unansweredOver24h: number; ms: number[] }>();
  const answered = new Map<string, number>();
  const times = new Map<string, number[]>();
  for (const row of rows) {
    const channel = channels.get(row.channel) ?? { received: 0, answered: 0, unansweredOver24h: 0, ms: [] };
    channel.received++;
    if (row.status === "answered") {
      channel.answered++;
      const key = row.staffId ?? WHOLE_STORE;
      answered.set(key, (answered.get(key) ?? 0) + 1);
      if (row.answeredAt) {
        const ms = row.answeredAt.getTime() - row.receivedAt.getTime();
        channel.ms.push(ms);
        times.set(key, [...(times.get(key) ?? []), ms]);
      }
    } else if (row.status === "waiting" && row.receivedAt.getTime() <= now.getTime() - 24 * HOUR) {
      channel.unansweredOver24h++;
    }
    channels.set(row.channel, channel);
  }
  return { channels, answered, times };
}

/**
 * Distinct customers each person reached in the period, and overall (a
 * customer reached by two counts once), from the rows: for periods that end
 * before the store's latest contact. A month at a time, so no single query
 * holds SQLite's thread for long; the months' (person, customer) pairs are
 * merged here.
 */
async function contactFigures(db: Db, storeId: string, { from, to }: Period) {
  const perStaff = new Map<string, Set<string>>();
  const overall = new Set<string>();
  for (let start = from.getTime(); start < to.getTime(); start += 30 * DAY) {
    const end = new Date(Math.min(start + 30 * DAY, to.getTime()));
    const pairs = await db
      .selectDistinct({ staffId: contacts.staffId, customerId: contacts.customerId })
      .from(contacts)
      .where(and(eq(contacts.storeId, storeId), gte(contacts.at, new Date(start)), lt(contacts.at, end)));
    for (const { staffId, customerId } of pairs) {
      overall.add(customerId);
      const reached = perStaff.get(staffId) ?? new Set<string>();
      reached.add(customerId);
      perStaff.set(staffId, reached);
    }
  }
  return { perStaff: new Map([...perStaff].map(([staffId, reached]) => [staffId, reached.size])), overall: overall.size };
}

/** Follow-ups done in the period, by who did them. */
async function followUpsDone(db: Db, storeId: string, { from, to }: Period) {
  return db
    .select({ staffId: followUps.doneByStaffId, done: sql<number>`count(*)` })
    .from(followUps)
    .where(and(eq(followUps.storeId, storeId), eq(followUps.status, "done"), gte(followUps.doneAt, from), lt(followUps.doneAt, to)))
    .groupBy(followUps.doneByStaffId);
}

/** Open follow-ups overdue today, by whose list they are on: a figure of today, not of the period. */
async function followUpsOverdue(db: Db, storeId: string, today: string) {
  return db
    .select({ staffId: followUps.staffId, overdue: sql<number>`count(*)` })
    .from(followUps)
    .where(and(eq(followUps.storeId, storeId), eq(followUps.status, "open"), lt(followUps.dueOn, today)))
    .groupBy(followUps.staffId);
}

/**
 * Posts by each associate's own clients in the period: how many came, how many
 * were answered (by anyone), and how many are still waiting after 24 hours.
 */
async function clientPostFigures(db: Db, storeId: string, { from, to }: Period, now: Date) {
  return db
    .select({
      staffId: customers.assignedStaffId,
      received: sql<number>`count(*)`,
      answered: sql<number>`sum(case when ${socialMentions.status} = 'replied' then 1 else 0 end)`,
      unansweredOver24h: sql<number>`sum(case when ${socialMentions.status} = 'new' and ${socialMentions.postedAt} <= ${now.getTime() - 24 * HOUR} then 1 else 0 end)`,
    })
    .from(socialMentions)
    .innerJoin(customers, eq(customers.id, socialMentions.customerId))
    .where(and(eq(socialMentions.storeId, storeId), gte(socialMentions.postedAt, from), lt(socialMentions.postedAt, to)))
    .groupBy(customers.assignedStaffId);
}

interface HoldCounts {
  placed: number;
  open: number;
  pickedUp: number;
  released: number;
  expired: number;
  pickedUpValueCents: number;
}
interface PostCounts {
  received: number;
  answered: number;
  unansweredOver24h: number;
}

/** Additive figures of part of a period, per person (staff id; '' for the store or nobody known). */
interface Figures {
  holds: Map<string, HoldCounts>;
  answered: Map<string, number>;
  answerMs: Map<string, number[]>;
  posts: PostCounts;
  notes: Map<string, number>;
  followUpsDone: Map<string, number>;
  clientPosts: Map<string, PostCounts>;
}

const byStaff = <T extends { staffId: string | null }, V>(rows: T[], value: (row: T) => V) => new Map(rows.flatMap((row) => (row.staffId == null ? [] : [[row.staffId, value(row)] as const])));

/** A short stretch (the partial days at a period's ends), counted from the rows. */
async function figuresFromRows(db: Db, storeId: string, period: Period, now: Date): Promise<Figures> {
  const [holdRows, answers, [posts], noteRows, doneRows, clientPosts] = await Promise.all([
    holdFigures(db, storeId, period, now),
    answerTimes(db, storeId, period),
    db
      .select({
        received: sql<number>`count(*)`,
        answered: sql<number>`sum(case when ${socialMentions.status} = 'replied' then 1 else 0 end)`,
        unansweredOver24h: sql<number>`sum(case when ${socialMentions.status} = 'new' and ${socialMentions.postedAt} <= ${now.getTime() - 24 * HOUR} then 1 else 0 end)`,
      })
      .from(socialMentions)
      .where(and(eq(socialMentions.storeId, storeId), gte(socialMentions.postedAt, period.from), lt(socialMentions.postedAt, period.to))),
    db
      .select({ staffId: notes.staffId, written: sql<number>`count(*)` })
      .from(notes)
      .where(and(eq(notes.storeId, storeId), gte(notes.createdAt, period.from), lt(notes.createdAt, period.to)))
      .groupBy(notes.staffId),
    followUpsDone(db, storeId, period),
    clientPostFigures(db, storeId, period, now),
  ]);
  const counts = (row: { received: unknown; answered: unknown; unansweredOver24h: unknown } | undefined): PostCounts => ({
    received: Number(row?.received ?? 0),
    answered: Number(row?.answered ?? 0),
    unansweredOver24h: Number(row?.unansweredOver24h ?? 0),
  });
  return {
    holds: byStaff(holdRows, (h) => ({ placed: Number(h.placed), open: Number(h.open), pickedUp: Number(h.pickedUp), released: Number(h.released), expired: Number(h.expired), pickedUpValueCents: Number(h.pickedUpValueCents) })),
    answered: answers.answered,
    answerMs: answers.times,
    posts: counts(posts),
    notes: byStaff(noteRows, (r) => Number(r.written)),
    followUpsDone: byStaff(doneRows, (r) => Number(r.done)),
    clientPosts: byStaff(clientPosts, counts),
  };
}

/** Whole UTC days, from the roll-ups, with what depends on the moment counted live. */
async function figuresFromRollups(db: Db, storeId: string, days: { first: number; end: number }, now: Date): Promise<Figures> {
  const [rows, answerMs, open, recent] = await Promise.all([rolledUpCounters(db, storeId, days), rolledUpAnswerTimes(db, storeId, days), holdsStillOpen(db, storeId, days, now), recentNewPosts(db, storeId, days, now)]);
  const openBy = byStaff(open, (r) => Number(r.open));
  const recentBy = byStaff(recent.perAssociate, (r) => Number(r.count));
  const store = rows.find((r) => r.staffId === WHOLE_STORE);
  return {
    holds: byStaff(rows, (r) => {
      const stillOpen = openBy.get(r.staffId) ?? 0;
      // Active in the roll-up: still open if in time now, expired otherwise.
      return { placed: r.holdsPlaced, open: stillOpen, pickedUp: r.holdsPickedUp, released: r.holdsReleased, expired: r.holdsExpired + r.holdsActive - stillOpen, pickedUpValueCents: r.pickedUpValueCents };
    }),
    answered: byStaff(rows, (r) => r.mentionsAnswered),
    answerMs,
    posts: { received: store?.storePosts ?? 0, answered: store?.storePostsAnswered ?? 0, unansweredOver24h: (store?.storePostsNew ?? 0) - recent.store },
    notes: byStaff(rows, (r) => r.notesWritten),
    followUpsDone: byStaff(rows, (r) => r.followUpsDone),
    clientPosts: byStaff(rows, (r) => ({ received: r.clientPosts, answered: r.clientPostsAnswered, unansweredOver24h: r.clientPostsNew - (recentBy.get(r.staffId) ?? 0) })),
  };
}

function addFigures(parts: Figures[]): Figures {
  const sumMaps = <V>(maps: Map<string, V>[], add: (a: V, b: V) => V) => {
    const out = new Map<string, V>();
    for (const map of maps) for (const [key, value] of map) out.set(key, out.has(key) ? add(out.get(key)!, value) : value);
    return out;
  };
  const addRecords = <V extends object>(a: V, b: V) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, (v as number) + (b[k as keyof V] as number)])) as V;
  const plus = (a: number, b: number) => a + b;
  return {
    holds: sumMaps(parts.map((p) => p.holds), addRecords),
    answered: sumMaps(parts.map((p) => p.answered), plus),
    answerMs: sumMaps(parts.map((p) => p.answerMs), (a, b) => a.concat(b)),
    posts: parts.map((p) => p.posts).reduce(addRecords),
    notes: sumMaps(parts.map((p) => p.notes), plus),
    followUpsDone: sumMaps(parts.map((p) => p.followUpsDone), plus),
    clientPosts: sumMaps(parts.map((p) => p.clientPosts), addRecords),
  };
}

/** Distinct customers reached: from the latest-contact roll-up for a period ending today, else from the rows. */
async function customersContacted(db: Db, storeId: string, period: Period, countRows: boolean): Promise<{ perStaff: Map<string, number>; overall: number }> {
  const rolled = countRows ? null : await contactedSince(db, storeId, period);
  if (rolled) return { perStaff: rolled, overall: rolled.get(WHOLE_STORE) ?? 0 };
  return contactFigures(db, storeId, period);
}

/**
 * A store's figures for a period: per associate and in total. `today` is the
 * store's calendar date, for overdue follow-ups. Whole UTC days come from the
 * roll-ups (lib/daily-figures.ts), the partial days at both ends from the rows.
 */
export async function getStoreDashboard(
  db: Db,
  { storeId, period, today, now = new Date(), countRows = false }: { storeId: string; period: Period; today: string; now?: Date; /** Count every figure from the rows (tests compare). */ countRows?: boolean },
) {
  const { days, ends } = countRows ? { days: null, ends: [period] } : splitPeriod(period);
  const [people, parts, contacted, overdueRows, messages] = await Promise.all([
    db.select({ id: staff.id, name: staff.name, role: staff.role, active: staff.active }).from(staff).where(eq(staff.storeId, storeId)).orderBy(staff.name),
    Promise.all([...(days ? [figuresFromRollups(db, storeId, days, now)] : []), ...ends.map((end) => figuresFromRows(db, storeId, end, now))]),
    customersContacted(db, storeId, period, countRows),
    followUpsOverdue(db, storeId, today),
    messageFigures(db, storeId, period, now),
  ]);
  const figures = addFigures(parts);
  const overdue = byStaff(overdueRows, (r) => Number(r.overdue));
  // Lists of answer times, not one list: a year holds some 150,000, and copying them is work the event loop waits for.
  const postTimes = [...figures.answerMs.values()];
  // Each person's median, the posts' and every channel's: a few ms each for a year, so other requests get turns in between.
  const [postsMedian, allMedian, ...personMedians] = await mediansInTurns([
    postTimes,
    [...postTimes, ...messages.times.values()],
    ...people.map((person) => [figures.answerMs.get(person.id) ?? [], messages.times.get(person.id) ?? []]),
  ]);

  const perAssociate = people.map((person, i) => {
    const h = figures.holds.get(person.id);
    const postsAnswered = figures.answered.get(person.id) ?? 0;
    const messagesAnswered = messages.answered.get(person.id) ?? 0;
    const answered = postsAnswered + messagesAnswered;
    const placed = h?.placed ?? 0;
    const pickedUp = h?.pickedUp ?? 0;
    const open = h?.open ?? 0;
    const posts = figures.clientPosts.get(person.id);
    const clientPostsReceived = posts?.received ?? 0;
    return {
      staffId: person.id,
      name: person.name,
      holdsPlaced: placed,
      stillOpen: open,
      pickedUp,
      // Of the holds that have ended: an open hold has no outcome yet.
      conversion: placed - open ? pickedUp / (placed - open) : null,
      released: h?.released ?? 0,
      expired: h?.expired ?? 0,
      pickedUpValueCents: h?.pickedUpValueCents ?? 0,
      mentionsAnswered: postsAnswered,
      messagesAnswered,
      /** Posts, texts and emails this person answered, and their median answer time across them. */
      answered,
      medianAnswerMinutes: personMedians[i]!,
      notesWritten: figures.notes.get(person.id) ?? 0,
      clientsContacted: contacted.perStaff.get(person.id) ?? 0,
      followUpsDone: figures.followUpsDone.get(person.id) ?? 0,
      followUpsOverdue: overdue.get(person.id) ?? 0,
      clientPostsReceived,
      clientPostsAnswerRate: clientPostsReceived ? (posts?.answered ?? 0) / clientPostsReceived : null,
      clientPostsUnansweredOver24h: posts?.unansweredOver24h ?? 0,
      active: person.active,
    };
  });
  const sum = (key: "holdsPlaced" | "stillOpen" | "pickedUp" | "released" | "expired" | "pickedUpValueCents" | "notesWritten" | "followUpsDone" | "followUpsOverdue") => perAssociate.reduce((total, a) => total + a[key], 0);
  const { received, answered } = figures.posts;
  const channel = (name: ChannelFigures["channel"], f: { received: number; answered: number; unansweredOver24h: number }, median: number | null): ChannelFigures => ({
    channel: name,
    received: f.received,
    answered: f.answered,
    answerRate: f.received ? f.answered / f.received : null,
    medianAnswerMinutes: median,
    unansweredOver24h: f.unansweredOver24h,
  });
  // Texts, emails and page questions are few: their medians are quick.
  const message = (name: "sms" | "email" | "page") => {
    const f = messages.channels.get(name) ?? { received: 0, answered: 0, unansweredOver24h: 0, ms: [] };
    return channel(name, f, medianMinutes(f.ms));
  };
  const byChannel = [channel("posts", { received, answered, unansweredOver24h: figures.posts.unansweredOver24h }, postsMedian!), message("sms"), message("email"), message("page")];
  const allReceived = byChannel.reduce((n, c) => n + c.received, 0);
  const allAnswered = byChannel.reduce((n, c) => n + c.answered, 0);
  return {
    // People who left stay in the table only for the periods they worked in.
    perAssociate: perAssociate.filter((a) => a.active || a.holdsPlaced || a.answered || a.notesWritten || a.clientsContacted || a.followUpsDone || a.followUpsOverdue || a.clientPostsReceived),
    totals: {
      holdsPlaced: sum("holdsPlaced"),
      stillOpen: sum("stillOpen"),
      pickedUp: sum("pickedUp"),
      conversion: sum("holdsPlaced") - sum("stillOpen") ? sum("pickedUp") / (sum("holdsPlaced") - sum("stillOpen")) : null,
      released: sum("released"),
      expired: sum("expired"),
      pickedUpValueCents: sum("pickedUpValueCents"),
      notesWritten: sum("notesWritten"),
      clientsContacted: contacted.overall,
      followUpsDone: sum("followUpsDone"),
      followUpsOverdue: sum("followUpsOverdue"),
      mentionsReceived: received,
      mentionsAnswered: answered,
      postsAnswerRate: received ? answered / received : null,
      postsUnansweredOver24h: figures.posts.unansweredOver24h,
      /** Every channel: posts and comments, texts and emails. */
      received: allReceived,
      answered: allAnswered,
      answerRate: allReceived ? allAnswered / allReceived : null,
      medianAnswerMinutes: allMedian!,
      unansweredOver24h: byChannel.reduce((n, c) => n + c.unansweredOver24h, 0),
    },
    byChannel,
  };
}

/**
 * Holds placed and picked up, posts received and answered, per bucket. The
 * buckets are the store's calendar days (or weeks) given as `edges` (each
 * bucket's first instant, then the end), so a day with a clock change is
 * still one bar from midnight to midnight. From the hourly roll-up, SQL
 * adds each bucket's hours; counted from the rows (tests compare), SQL counts
 * per hour since the first edge (an integer bucket both databases compute
 * alike) and the hours are folded into days here, a few thousand numbers.
 */
export async function getStoreTrend(db: Db, { storeId, edges, countRows = false }: { storeId: string; edges: Date[]; /** Count from the rows (tests compare). */ countRows?: boolean }) {
  const start = edges[0]!.getTime();
  const end = edges.at(-1)!;
  // Local midnights on whole UTC hours (every zone but a few with half-hour
  // offsets): the hourly roll-up has every figure.
  if (!countRows && edges.every((edge) => edge.getTime() % HOUR === 0)) {
    const buckets = edges.slice(0, -1).map((edge) => ({ start: edge, holdsPlaced: 0, pickedUp: 0, mentionsReceived: 0, mentionsAnswered: 0 }));
    for (const sums of await rolledUpBuckets(db, storeId, edges)) {
      const b = buckets[sums.bucket]!;
      b.holdsPlaced = sums.holdsPlaced;
      b.pickedUp = sums.holdsPickedUp;
      b.mentionsReceived = sums.postsReceived;
      b.mentionsAnswered = sums.postsAnswered;
    }
    return buckets;
  }
  const series = async (table: typeof holds | typeof socialMentions, column: AnyColumn, where: SQL | undefined) => {
    // Integer literals, not bound parameters: SQLite binds a JS number as a
    // float, and PostgreSQL's GROUP BY must see the very expression the SELECT
    // has. The cast truncates to a whole hour in both databases, also where
    // SQLite keeps a timestamp as a REAL (its default created_at is
    // fractional); rows are never before the first edge, so truncating is
    // flooring.
    const hour = sql<number>`cast((${column} - ${sql.raw(String(Math.trunc(start)))}) / ${sql.raw(String(HOUR))} as integer)`;
    const rows = await db
      .select({ hour, count: sql<number>`count(*)` })
      .from(table)
      .where(and(where, gte(column, edges[0]!), lt(column, end)))
      .groupBy(hour);
    const counts = new Array<number>(edges.length - 1).fill(0);
    for (const row of rows) {
      const at = start + Number(row.hour) * HOUR;
      const bucket = edges.findLastIndex((edge, i) => i < edges.length - 1 && edge.getTime() <= at);
      if (bucket >= 0) counts[bucket]! += Number(row.count);
    }
    return counts;
  };
  const [placed, pickedUp, received, answered] = await Promise.all([
    series(holds, holds.createdAt, eq(holds.storeId, storeId)),
    series(holds, holds.resolvedAt, and(eq(holds.storeId, storeId), eq(holds.status, "picked_up"))),
    series(socialMentions, socialMentions.postedAt, eq(socialMentions.storeId, storeId)),
    series(socialMentions, socialMentions.repliedAt, and(eq(socialMentions.storeId, storeId), eq(socialMentions.status, "replied"))),
  ]);
  return edges.slice(0, -1).map((edge, i) => ({
    start: edge,
    holdsPlaced: placed[i]!,
    pickedUp: pickedUp[i]!,
    mentionsReceived: received[i]!,
    mentionsAnswered: answered[i]!,
  }));
}
