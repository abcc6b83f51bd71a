import "server-only";
import { asc, gt, lt, max } from "drizzle-orm";
import { getDb, getOpenDatabase, type Db } from "@/db";
import { currentDialect } from "@/db/dialect";
import { changeFeed } from "@/db/schema";
import type { ChangeKind } from "@/lib/change-feed";
import { postgresChangeSource } from "@/lib/live-postgres";

/** What an open page hears about: something of this kind changed for this customer and/or store. */
export interface LiveChange {
  kind: ChangeKind;
  customerId: string | null;
  storeId: string | null;
}

export type LiveListener = (change: LiveChange) => void;

export const customerTopic = (customerId: string) => `customer:${customerId}`;
export const storeTopic = (storeId: string) => `store:${storeId}`;

interface Subscriber {
  listener: LiveListener;
  active: boolean;
  /** Called when the hub shuts down (the server is stopping): the page should reconnect elsewhere. */
  onClose?: () => void;
}

/**
 * Pushes committed changes as they happen (PostgreSQL's LISTEN/NOTIFY, see
 * lib/live-postgres.ts). Resolves once listening; the returned function stops.
 */
export type ChangeSource = (handlers: { onChange: (change: LiveChange) => void; onError: (error: Error) => void }) => Promise<() => Promise<void>>;

export interface LiveHubOptions {
  /** Called for every query, so the connection is opened lazily (never during `next build`). */
  db: () => Db;
  /** Well inside the 2 s an open page may take to show something new. */
  intervalMs?: number;
  /** Rows read per query; a full page is followed at once by the next, up to maxPagesPerTick. */
  batchSize?: number;
  maxPagesPerTick?: number;
  /** Rows older than this are deleted, at most once per pruneEveryMs. */
  retainMs?: number;
  pruneEveryMs?: number;
  now?: () => number;
  /**
   * Where changes come from when the database can push them. Without one the
   * hub polls change_feed by seq, which is exact on SQLite (one writer, seqs
   * commit in order). On PostgreSQL seqs can commit out of order, so a poller
   * could skip a row: there the hub listens instead, and the timer only prunes.
   */
  source?: ChangeSource;
  /** How long pushed changes are gathered before fan-out, so a batch of 500 events is one refresh. */
  coalesceMs?: number;
}

const HOUR = 60 * 60_000;

/**
 * Fans new change_feed rows out to open pages. However many pages listen, one
 * timer per process reads the feed (one indexed query per tick) and delivers
 * in memory, so the database cost does not grow with the number of tablets.
 * The timer runs only while someone listens.
 */
export class LiveHub {
  private readonly topics = new Map<string, Set<Subscriber>>();
  private subscribers = 0;
  /** Last seq delivered; null until read at start, so old rows are never replayed. */
  private cursor: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every start and stop, so a tick from an earlier run never reschedules itself. */
  private run = 0;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private failing = false;
  private stopSource: (() => Promise<void>) | null = null;
  private pushed: LiveChange[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly maxPagesPerTick: number;
  private readonly retainMs: number;
  private readonly pruneEveryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LiveHubOptions) {
    this.intervalMs = options.intervalMs ?? 700;
    this.batchSize = options.batchSize ?? 1000;
    this.maxPagesPerTick = options.maxPagesPerTick ?? 20;
    this.retainMs = options.retainMs ?? 24 * HOUR;
    this.pruneEveryMs = options.pruneEveryMs ?? HOUR;
    this.now = options.now ?? Date.now;
  }

  get subscriberCount(): number {
    return this.subscribers;
  }

  get polling(): boolean {
    return this.timer !== null;
  }

  /** Listens for changes on these topics; returns the (idempotent) unsubscribe. */
  subscribe(topics: string[], listener: LiveListener, onClose?: () => void): () => void {
    const subscriber: Subscriber = { listener, active: true, onClose };
    const unique = [...new Set(topics)];
    for (const topic of unique) {
      const set = this.topics.get(topic) ?? new Set();
      set.add(subscriber);
      this.topics.set(topic, set);
    }
    this.subscribers += 1;
    if (this.subscribers === 1) this.start();
    return () => {
      if (!subscriber.active) return;
      subscriber.active = false;
      for (const topic of unique) {
        const set = this.topics.get(topic);
        set?.delete(subscriber);
        if (set?.size === 0) this.topics.delete(topic);
      }
      this.subscribers -= 1;
      if (this.subscribers === 0) this.stop();
    };
  }

  private start() {
    this.run += 1;
    this.cursor = null;
    if (this.options.source) void this.listen(this.run);
    // The first tick runs now: it reads the current end of the feed, so
    // anything saved after this subscribe is delivered.
    void this.tick(this.run);
  }

  private stop() {
    this.run += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pushed = [];
    const stopSource = this.stopSource;
    this.stopSource = null;
    void stopSource?.().catch(() => {});
  }

  /** Ends every open stream (the server is stopping) and stops listening. */
  shutdown() {
    const closers = new Set<Subscriber>();
    for (const set of this.topics.values()) for (const subscriber of set) closers.add(subscriber);
    for (const subscriber of closers) {
      try {
        subscriber.onClose?.();
      } catch (error) {
        console.error("Live updates: closing a stream failed", error);
      }
    }
    this.topics.clear();
    this.subscribers = 0;
    this.stop();
  }

  private async listen(run: number) {
    try {
      const stop = await this.options.source!({
        onChange: (change) => this.push(run, change),
        onError: (error) => this.relisten(run, error),
      });
      if (run !== this.run) return void (await stop().catch(() => {}));
      this.stopSource = stop;
      this.failing = false;
    } catch (error) {
      this.relisten(run, error as Error);
    }
  }

  /** A lost listening connection (a database restart) is opened again while anyone listens. */
  private relisten(run: number, error: Error) {
    if (run !== this.run) return;
    if (!this.failing) console.error("Live updates: listening for changes failed", error);
    this.failing = true;
    const stop = this.stopSource;
    this.stopSource = null;
    void stop?.().catch(() => {});
    const retry = setTimeout(() => {
      if (run === this.run && this.subscribers > 0) void this.listen(run);
    }, this.intervalMs);
    retry.unref?.();
  }

  private push(run: number, change: LiveChange) {
    if (run !== this.run) return;
    this.pushed.push(change);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const changes = this.pushed;
      this.pushed = [];
      if (run === this.run) this.fanOut(changes);
    }, this.options.coalesceMs ?? 50);
    this.flushTimer.unref?.();
  }

  private async tick(run: number) {
    this.timer = null;
    try {
      if (this.options.source) {
        // Changes are pushed; the timer only keeps the feed short.
      } else if (this.cursor === null) {
        const [row] = await this.options.db().select({ seq: max(changeFeed.seq) }).from(changeFeed);
        if (run === this.run) this.cursor = row?.seq ?? 0;
      } else {
        await this.deliverNewChanges(run);
      }
      if (run === this.run) await this.pruneIfDue();
      this.failing = false;
    } catch (error) {
      // A busy or briefly unavailable database must not end live updates: try
      // again next tick, and say so once rather than every tick.
      if (!this.failing) console.error("Live updates: reading the change feed failed", error);
      this.failing = true;
    }
    if (run === this.run && this.subscribers > 0) {
      this.timer = setTimeout(() => void this.tick(run), this.intervalMs);
      // Never the reason a process (a script, a test run) stays alive.
      this.timer.unref?.();
    }
  }

  private async deliverNewChanges(run: number) {
    for (let page = 0; page < this.maxPagesPerTick; page++) {
      const rows = await this.options
        .db()
        .select({ seq: changeFeed.seq, kind: changeFeed.kind, customerId: changeFeed.customerId, storeId: changeFeed.storeId })
        .from(changeFeed)
        .where(gt(changeFeed.seq, this.cursor ?? 0))
        .orderBy(asc(changeFeed.seq))
        .limit(this.batchSize);
      if (run !== this.run || rows.length === 0) return;
      this.cursor = rows[rows.length - 1]!.seq;
      this.fanOut(rows);
      if (rows.length < this.batchSize) return;
    }
  }

  private fanOut(rows: LiveChange[]) {
    // A page hears each distinct change once per read, however many rows
    // (a batch of 500 events for one customer) or matching topics it has.
    const outbox = new Map<Subscriber, Map<string, LiveChange>>();
    for (const { kind, customerId, storeId } of rows) {
      const change = { kind, customerId, storeId };
      const key = JSON.stringify([kind, customerId, storeId]);
      const topics = [customerId ? customerTopic(customerId) : null, storeId ? storeTopic(storeId) : null];
      for (const topic of topics) {
        for (const subscriber of (topic && this.topics.get(topic)) || []) {
          const changes = outbox.get(subscriber) ?? new Map<string, LiveChange>();
          changes.set(key, change);
          outbox.set(subscriber, changes);
        }
      }
    }
    for (const [subscriber, changes] of outbox) {
      for (const change of changes.values()) {
        if (!subscriber.active) break;
        try {
          subscriber.listener(change);
        } catch (error) {
          console.error("Live updates: a listener failed", error);
        }
      }
    }
  }

  private async pruneIfDue() {
    const now = this.now();
    if (now - this.lastPruneAt < this.pruneEveryMs) return;
    this.lastPruneAt = now;
    await this.options.db().delete(changeFeed).where(lt(changeFeed.at, new Date(now - this.retainMs)));
  }
}

// One hub per process, kept on globalThis so a reload in development does not start a second timer.
const globalForLive = globalThis as unknown as { shopkeeperLiveHub?: LiveHub };

export function getLiveHub(): LiveHub {
  if (!globalForLive.shopkeeperLiveHub) {
    const source = currentDialect() === "pg" ? postgresChangeSource(getOpenDatabase().pool!) : undefined;
    // When changes are pushed, the timer only prunes: once a minute is plenty.
    globalForLive.shopkeeperLiveHub = new LiveHub({ db: getDb, source, intervalMs: source ? 60_000 : undefined });
  }
  return globalForLive.shopkeeperLiveHub;
}

/** Closes every open stream and stops listening (graceful shutdown). */
export function shutdownLiveHub() {
  globalForLive.shopkeeperLiveHub?.shutdown();
}
