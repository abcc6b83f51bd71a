import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { OfflineChangeInput as OfflineChange, OfflineOutcome } from "./change-schema";
import { ChangeQueue, MAX_SERVER_ATTEMPTS, MemoryQueueStore, type QueueStore, type SendResult } from "./queue";
import { deleteDeviceDb, deviceQueueStore } from "./device-store";

const MAYA = "staff-maya";
const PRIYA = "staff-priya";
let keys = 0;

function note(body: string, customerId = "alicia"): OfflineChange {
  return { kind: "note.add", key: `00000000-0000-4000-8000-${String(++keys).padStart(12, "0")}`, customerId, madeAt: 1, force: false, basis: { assignedStaffId: MAYA }, body, pinned: false };
}

function applied(message = "Note saved."): SendResult {
  return { kind: "answered", outcome: { status: "applied", message, replayed: false } };
}

/** A server that answers from a script, one answer per send, and remembers what it was sent. */
function scriptedServer(answers: Array<SendResult | ((change: OfflineChange) => SendResult)>) {
  const sent: OfflineChange[] = [];
  const send = async (change: OfflineChange): Promise<SendResult> => {
    sent.push(structuredClone(change));
    const next = answers.shift() ?? applied();
    return typeof next === "function" ? next(change) : next;
  };
  return { sent, send };
}

/** A server that applies each key once, as the real one does, and answers a repeat with what it did. */
function idempotentServer() {
  const appliedKeys = new Map<string, OfflineOutcome>();
  let dropNextAnswer = false;
  const send = async (change: OfflineChange): Promise<SendResult> => {
    const seen = appliedKeys.get(change.key);
    const outcome: OfflineOutcome = seen ? { ...seen, replayed: true } as OfflineOutcome : { status: "applied", message: "Note saved.", replayed: false };
    if (!seen) appliedKeys.set(change.key, outcome);
    if (dropNextAnswer) {
      dropNextAnswer = false;
      return { kind: "unreachable" };
    }
    return { kind: "answered", outcome };
  };
  return {
    send,
    appliedKeys,
    loseNextAnswer() {
      dropNextAnswer = true;
    },
  };
}

async function queueWith(send: (change: OfflineChange) => Promise<SendResult>, store: QueueStore = new MemoryQueueStore()) {
  let clock = 1_000;
  const queue = new ChangeQueue({ store, send, now: () => clock, newKey: () => `00000000-0000-4000-8000-${String(++keys).padStart(12, "0")}` });
  return { queue, store, tick: (ms: number) => (clock += ms) };
}

async function add(queue: ChangeQueue, change: OfflineChange, staffId = MAYA) {
  return queue.add({ staffId, customerId: change.customerId, customerName: "Alicia Fernandez", summary: change.kind, change });
}

describe("the offline queue's order", () => {
  it("sends changes one at a time in the order they were made", async () => {
    const server = scriptedServer([]);
    const { queue } = await queueWith(server.send);
    for (const body of ["first", "second", "third"]) await add(queue, note(body));
    const report = await queue.replay(MAYA);
    expect(report).toEqual({ applied: 3, conflicts: 0, failed: 0, stoppedBy: null });
    expect(server.sent.map((c) => (c.kind === "note.add" ? c.body : ""))).toEqual(["first", "second", "third"]);
    expect((await queue.list(MAYA)).map((c) => c.state)).toEqual(["done", "done", "done"]);
  });

  it("stops at the first change the connection cannot carry, and nothing overtakes it", async () => {
    const server = scriptedServer([applied(), { kind: "unreachable" }]);
    const { queue } = await queueWith(server.send);
    for (const body of ["first", "second", "third"]) await add(queue, note(body));
    expect((await queue.replay(MAYA)).stoppedBy).toBe("unreachable");
    expect(server.sent).toHaveLength(2);
    expect((await queue.list(MAYA)).map((c) => c.state)).toEqual(["done", "waiting", "waiting"]);
    // Next time it resumes where it stopped, in order.
    await queue.replay(MAYA);
    expect(server.sent.slice(2).map((c) => (c.kind === "note.add" ? c.body : ""))).toEqual(["second", "third"]);
  });

  it("only ever sends the signed-in person's own changes", async () => {
    const server = scriptedServer([]);
    const { queue } = await queueWith(server.send);
    await add(queue, note("Maya's"), MAYA);
    await add(queue, note("Priya's"), PRIYA);
    await queue.replay(MAYA);
    expect(server.sent.map((c) => (c.kind === "note.add" ? c.body : ""))).toEqual(["Maya's"]);
    expect((await queue.list(PRIYA))[0]?.state).toBe("waiting");
    expect(await queue.list(MAYA)).toHaveLength(1);
  });

  it("runs one replay at a time: a second call joins the first", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const { queue } = await queueWith(async (change) => {
      sent.push(change.key);
      await gate;
      return applied();
    });
    await add(queue, note("only"));
    const first = queue.replay(MAYA);
    const second = queue.replay(MAYA);
    release();
    expect(await first).toEqual(await second);
    expect(sent).toHaveLength(1);
  });

  it("lands a change once when its answer was lost and the replay is repeated", async () => {
    const server = idempotentServer();
    const { queue } = await queueWith(server.send);
    await add(queue, note("Loves the Milly coat"));
    server.loseNextAnswer();
    expect((await queue.replay(MAYA)).stoppedBy).toBe("unreachable");
    expect((await queue.list(MAYA))[0]?.state).toBe("waiting");
    await queue.replay(MAYA);
    await queue.replay(MAYA);
    expect(server.appliedKeys.size).toBe(1);
    expect((await queue.list(MAYA))[0]?.state).toBe("done");
  });
});

describe("the offline queue's retries", () => {
  it("tries a failing server again on the next replay, then gives up with the reason and waits for her", async () => {
    const server = scriptedServer(Array.from({ length: MAX_SERVER_ATTEMPTS }, () => ({ kind: "server-error", status: 503 }) as SendResult));
    const { queue } = await queueWith(server.send);
    await add(queue, note("first"));
    await add(queue, note("second"));
    for (let i = 1; i < MAX_SERVER_ATTEMPTS; i++) {
      expect((await queue.replay(MAYA)).stoppedBy).toBe("server-error");
      expect((await queue.list(MAYA))[0]).toMatchObject({ state: "waiting", attempts: i });
    }
    await queue.replay(MAYA);
    const [first, second] = await queue.list(MAYA);
    expect(first).toMatchObject({ state: "failed", code: "server" });
    expect(first?.message).toContain("HTTP 503");
    // The second waited behind it all along.
    expect(second?.state).toBe("waiting");
    expect(server.sent.every((c) => c.kind === "note.add" && c.body === "first")).toBe(true);
    // Retry puts it back in line under the same key.
    expect(await queue.retry(MAYA, first!.seq)).toBe(true);
    await queue.replay(MAYA);
    expect((await queue.list(MAYA)).map((c) => c.state)).toEqual(["done", "done"]);
    expect(server.sent.filter((c) => c.key === first!.change.key).length).toBe(MAX_SERVER_ATTEMPTS + 1);
  });

  it("settles a change the server cannot accept as failed, with its message, and goes on", async () => {
    const server = scriptedServer([{ kind: "invalid", message: "Keep the note under 2,000 characters." }]);
    const { queue } = await queueWith(server.send);
    await add(queue, note("too long"));
    await add(queue, note("fine"));
    expect(await queue.replay(MAYA)).toMatchObject({ applied: 1, failed: 1, stoppedBy: null });
    expect((await queue.list(MAYA))[0]).toMatchObject({ state: "failed", message: "Keep the note under 2,000 characters." });
  });

  it("stops when the session has ended and keeps everything", async () => {
    const server = scriptedServer([{ kind: "signed-out" }]);
    const { queue } = await queueWith(server.send);
    await add(queue, note("first"));
    expect((await queue.replay(MAYA)).stoppedBy).toBe("signed-out");
    expect((await queue.unsent(MAYA)).map((c) => c.state)).toEqual(["waiting"]);
  });

  it("shows an applied change for a while, then forgets it", async () => {
    const { queue, tick } = await queueWith(scriptedServer([]).send);
    await add(queue, note("first"));
    await queue.replay(MAYA);
    expect(await queue.list(MAYA)).toHaveLength(1);
    expect(await queue.unsent(MAYA)).toHaveLength(0);
    tick(3 * 60 * 1000);
    expect(await queue.list(MAYA)).toHaveLength(0);
  });
});

describe("the offline queue's conflicts", () => {
  const reassigned: SendResult = { kind: "answered", outcome: { status: "conflict", code: "reassigned", message: "Alicia was moved to Daniel Park's client book while you were offline." } };

  it("holds a conflicting change for her with the server's words, and sends the rest", async () => {
    const server = scriptedServer([reassigned]);
    const { queue } = await queueWith(server.send);
    await add(queue, note("first"));
    await add(queue, note("second"));
    expect(await queue.replay(MAYA)).toMatchObject({ applied: 1, conflicts: 1, stoppedBy: null });
    const [first, second] = await queue.list(MAYA);
    expect(first).toMatchObject({ state: "conflict", code: "reassigned", message: expect.stringContaining("Daniel Park") });
    expect(second?.state).toBe("done");
    // Never sent again on its own.
    await queue.replay(MAYA);
    expect(server.sent).toHaveLength(2);
  });

  it("sends it anyway, forced, under the same key, when she says so", async () => {
    const server = scriptedServer([reassigned, applied()]);
    const { queue } = await queueWith(server.send);
    const item = await add(queue, note("first"));
    await queue.replay(MAYA);
    expect(await queue.sendAnyway(MAYA, item.seq)).toBe(true);
    await queue.replay(MAYA);
    expect(server.sent.map((c) => [c.key, c.force])).toEqual([
      [item.change.key, false],
      [item.change.key, true],
    ]);
    expect((await queue.list(MAYA))[0]?.state).toBe("done");
  });

  it("turns a note that can no longer be edited into a new note under a new key, and never forces it", async () => {
    const locked: SendResult = { kind: "answered", outcome: { status: "conflict", code: "note_locked", message: "This note can no longer be edited." } };
    const server = scriptedServer([locked, applied()]);
    const { queue } = await queueWith(server.send);
    const edit: OfflineChange = { kind: "note.edit", key: note("x").key, customerId: "alicia", madeAt: 1, force: false, basis: { assignedStaffId: MAYA }, noteId: "note-1", body: "Size 8 in coats", pinned: true };
    const item = await queue.add({ staffId: MAYA, customerId: "alicia", customerName: "Alicia Fernandez", summary: "Note edit: Size 8 in coats", change: edit });
    await queue.replay(MAYA);
    expect(await queue.sendAnyway(MAYA, item.seq)).toBe(false);
    expect(await queue.saveAsNewNote(MAYA, item.seq)).toBe(true);
    await queue.replay(MAYA);
    const resent = server.sent[1]!;
    expect(resent).toMatchObject({ kind: "note.add", body: "Size 8 in coats", pinned: true, customerId: "alicia", force: false });
    expect(resent.key).not.toBe(edit.key);
    expect("noteId" in resent).toBe(false);
    expect((await queue.list(MAYA))[0]).toMatchObject({ state: "done", summary: "Note: Size 8 in coats" });
  });

  it("discards only on her say-so, and only her own", async () => {
    const { queue } = await queueWith(scriptedServer([reassigned]).send);
    const item = await add(queue, note("first"));
    await queue.replay(MAYA);
    expect(await queue.discard(PRIYA, item.seq)).toBe(false);
    expect(await queue.list(MAYA)).toHaveLength(1);
    expect(await queue.discard(MAYA, item.seq)).toBe(true);
    expect(await queue.list(MAYA)).toHaveLength(0);
  });
});

describe("the tablet's IndexedDB store", () => {
  it("keeps the queue in order across reopening, and is gone once deleted", async () => {
    await deleteDeviceDb();
    const server = scriptedServer([{ kind: "unreachable" }]);
    const { queue } = await queueWith(server.send, deviceQueueStore);
    await add(queue, note("first"));
    await add(queue, note("second"));
    await queue.replay(MAYA);
    // A new page (a reload) sees the same queue through a fresh connection.
    const reopened = new ChangeQueue({ store: deviceQueueStore, send: scriptedServer([]).send });
    const kept = await reopened.list(MAYA);
    expect(kept.map((c) => (c.change.kind === "note.add" ? c.change.body : ""))).toEqual(["first", "second"]);
    expect(kept[0]!.seq).toBeLessThan(kept[1]!.seq);
    await deleteDeviceDb();
    expect(await indexedDB.databases()).toEqual([]);
  });
});
