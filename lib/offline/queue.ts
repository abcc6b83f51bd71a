// The tablet's queue of changes made while the store's Wi-Fi was down. Each
// change keeps the idempotency key it was given when it was made, so sending
// it again (a lost answer, a second tab, a retry) can never apply it twice:
// the server answers a key it has seen with what it did the first time.
//
// This module is plain logic over two injected parts, where the changes are
// kept (IndexedDB on the tablet, lib/offline/device-store.ts; memory in tests)
// and how one is sent (lib/offline/send-change.ts), so its order, retries and
// conflicts are unit-tested without a browser.

import type { OfflineChangeInput as OfflineChange, OfflineOutcome } from "./change-schema";

/**
 * Where a change stands on this tablet:
 * - waiting: not yet answered by the server (offline, or not sent yet);
 * - conflict: the server refused it as things stand and offers a choice (send anyway, save as a new note, discard);
 * - failed: refused, or the server kept failing; the reason is in `message`, and it can be retried or discarded;
 * - done: applied; kept a short while so the tablet can say so, then forgotten.
 */
export type QueuedState = "waiting" | "conflict" | "failed" | "done";

export interface QueuedChange {
  /** Order of making, given by the store. */
  seq: number;
  /** Whose change it is: a tablet only ever sends the signed-in person's own changes. */
  staffId: string;
  customerId: string;
  customerName: string;
  /** One line for people: "Note: Loves the Milly coat". */
  summary: string;
  change: OfflineChange;
  state: QueuedState;
  /** The server's answer, or why it could not be sent. */
  message?: string;
  code?: string;
  /** Sends that reached the server and failed there (HTTP 5xx). */
  attempts: number;
  queuedAt: number;
  settledAt?: number;
}

export type NewQueuedChange = Omit<QueuedChange, "seq" | "state" | "attempts" | "queuedAt" | "message" | "code" | "settledAt">;

export interface QueueStore {
  /** Every change kept, in the order they were made. */
  all(): Promise<QueuedChange[]>;
  add(item: Omit<QueuedChange, "seq">): Promise<QueuedChange>;
  put(item: QueuedChange): Promise<void>;
  delete(seq: number): Promise<void>;
}

/** What happened to one send. */
export type SendResult =
  | { kind: "answered"; outcome: OfflineOutcome }
  /** No connection, or the answer was lost on the way back: the change may or may not have landed, and its key makes resending safe. */
  | { kind: "unreachable" }
  /** The session ended: nothing more can be sent until she signs in again. */
  | { kind: "signed-out" }
  /** The server failed (5xx) or asked to slow down (429). */
  | { kind: "server-error"; status: number }
  /** The server could not accept it as written (400); sending it again will not help. */
  | { kind: "invalid"; message: string };

export type Send = (change: OfflineChange) => Promise<SendResult>;

/** Sends to a server that keeps failing are given up after this many, with the reason shown. */
export const MAX_SERVER_ATTEMPTS = 3;
/** How long an applied change stays listed as sent. */
export const DONE_SHOWN_MS = 2 * 60 * 1000;

export interface ReplayReport {
  applied: number;
  conflicts: number;
  failed: number;
  /** Why the replay stopped before the end, if it did; the rest waits, in order, for the next one. */
  stoppedBy: "unreachable" | "signed-out" | "server-error" | null;
}

export interface ChangeQueueOptions {
  store: QueueStore;
  send: Send;
  now?: () => number;
  newKey?: () => string;
}

export class ChangeQueue {
  private readonly store: QueueStore;
  private readonly send: Send;
  private readonly now: () => number;
  private readonly newKey: () => string;
  private running: Promise<ReplayReport> | null = null;

  constructor({ store, send, now = Date.now, newKey = () => crypto.randomUUID() }: ChangeQueueOptions) {
    this.store = store;
    this.send = send;
    this.now = now;
    this.newKey = newKey;
  }

  async add(item: NewQueuedChange): Promise<QueuedChange> {
    return this.store.add({ ...item, state: "waiting", attempts: 0, queuedAt: this.now() });
  }

  /** This person's changes, oldest first; applied ones only while they are still worth showing. */
  async list(staffId: string): Promise<QueuedChange[]> {
    const now = this.now();
    return (await this.store.all()).filter((c) => c.staffId === staffId && !(c.state === "done" && now - (c.settledAt ?? 0) > DONE_SHOWN_MS));
  }

  /**
   * Sends this person's waiting changes one at a time, in the order they were
   * made. A conflict or a refusal settles that change and the next one goes;
   * no connection, an ended session or a failing server stops the replay, so
   * nothing overtakes what is still waiting. One replay at a time: a second
   * call while one runs gets the running one's report.
   */
  replay(staffId: string): Promise<ReplayReport> {
    this.running ??= this.replayOnce(staffId).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async replayOnce(staffId: string): Promise<ReplayReport> {
    const report: ReplayReport = { applied: 0, conflicts: 0, failed: 0, stoppedBy: null };
    const all = await this.store.all();
    await this.forgetOldDone(all);
    for (const item of all) {
      if (item.staffId !== staffId || item.state !== "waiting") continue;
      const result = await this.send(item.change);
      switch (result.kind) {
        case "answered":
          await this.settle(item, result.outcome, report);
          break;
        case "invalid":
          await this.store.put({ ...item, state: "failed", code: "invalid", message: result.message, settledAt: this.now() });
          report.failed++;
          break;
        case "server-error": {
          const attempts = item.attempts + 1;
          if (attempts >= MAX_SERVER_ATTEMPTS) {
            const message = `The server did not accept it (HTTP ${result.status}, ${attempts} tries). Retry, or discard it.`;
            await this.store.put({ ...item, attempts, state: "failed", code: "server", message, settledAt: this.now() });
            report.failed++;
          } else {
            await this.store.put({ ...item, attempts });
          }
          report.stoppedBy = "server-error";
          return report;
        }
        case "unreachable":
        case "signed-out":
          report.stoppedBy = result.kind;
          return report;
      }
    }
    return report;
  }

  private async settle(item: QueuedChange, outcome: OfflineOutcome, report: ReplayReport) {
    const settledAt = this.now();
    if (outcome.status === "applied") {
      await this.store.put({ ...item, state: "done", code: undefined, message: outcome.message, settledAt });
      report.applied++;
    } else if (outcome.status === "conflict") {
      await this.store.put({ ...item, state: "conflict", code: outcome.code, message: outcome.message, settledAt });
      report.conflicts++;
    } else {
      await this.store.put({ ...item, state: "failed", code: outcome.code, message: outcome.message, settledAt });
      report.failed++;
    }
  }

  private async forgetOldDone(all: QueuedChange[]) {
    const now = this.now();
    for (const item of all) if (item.state === "done" && now - (item.settledAt ?? 0) > DONE_SHOWN_MS) await this.store.delete(item.seq);
  }

  private async find(staffId: string, seq: number) {
    return (await this.store.all()).find((c) => c.seq === seq && c.staffId === staffId);
  }

  /** A failed change goes back in line, with the same key: if it did land after all, it still lands once. */
  async retry(staffId: string, seq: number): Promise<boolean> {
    const item = await this.find(staffId, seq);
    if (!item || item.state !== "failed") return false;
    await this.store.put({ ...item, state: "waiting", attempts: 0, code: undefined, message: undefined, settledAt: undefined });
    return true;
  }

  /** She has read the conflict and wants it applied as things now stand (the customer was moved, preferences changed). */
  async sendAnyway(staffId: string, seq: number): Promise<boolean> {
    const item = await this.find(staffId, seq);
    if (!item || item.state !== "conflict" || item.code === "note_locked") return false;
    await this.store.put({ ...item, change: { ...item.change, force: true }, state: "waiting", code: undefined, message: undefined, settledAt: undefined });
    return true;
  }

  /** A note that can no longer be edited: its new text is kept as a new note instead, under a new key. */
  async saveAsNewNote(staffId: string, seq: number): Promise<boolean> {
    const item = await this.find(staffId, seq);
    if (!item || item.state !== "conflict" || item.change.kind !== "note.edit") return false;
    const { noteId: _noteId, kind: _kind, ...rest } = item.change;
    const change: OfflineChange = { ...rest, kind: "note.add", key: this.newKey(), force: false };
    await this.store.put({ ...item, change, summary: item.summary.replace(/^Note edit/, "Note"), state: "waiting", code: undefined, message: undefined, settledAt: undefined });
    return true;
  }

  /** Gone from the tablet for good: only ever on her say-so. */
  async discard(staffId: string, seq: number): Promise<boolean> {
    const item = await this.find(staffId, seq);
    if (!item) return false;
    await this.store.delete(seq);
    return true;
  }

  /** Changes not yet applied: what signing out would lose. */
  async unsent(staffId: string): Promise<QueuedChange[]> {
    return (await this.store.all()).filter((c) => c.staffId === staffId && c.state !== "done");
  }
}

/** A store in memory, for tests and for browsers without IndexedDB. */
export class MemoryQueueStore implements QueueStore {
  private items: QueuedChange[] = [];
  private nextSeq = 1;
  async all() {
    return this.items.map((c) => structuredClone(c)).sort((a, b) => a.seq - b.seq);
  }
  async add(item: Omit<QueuedChange, "seq">) {
    const stored = { ...structuredClone(item), seq: this.nextSeq++ };
    this.items.push(stored);
    return structuredClone(stored);
  }
  async put(item: QueuedChange) {
    this.items = this.items.map((c) => (c.seq === item.seq ? structuredClone(item) : c));
  }
  async delete(seq: number) {
    this.items = this.items.filter((c) => c.seq !== seq);
  }
}
