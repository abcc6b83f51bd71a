import { beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, holds, notes, socialMentions } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createStaff } from "@/lib/testing/factories";
import { buildTwoStores, changes, snapshot, type Who, type World } from "@/lib/testing/two-stores";

// Server actions run for real against a test database; only the session and
// Next's navigation/cache functions are stand-ins.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { undoChangeAction } = await import("./actions");
const { changeHoldAction } = await import("./holds/actions");
const { dismissMentionAction } = await import("./mentions/actions");
const { deleteNoteAction } = await import("./customers/[id]/actions");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

let db: Db;
let world: World;
let colleague: string;

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  world = await buildTwoStores(db);
  colleague = (await createStaff(db, { storeId: world.stores.fifth.id, name: "Daniel Brooks" })).id;
  testSession.current = null;
});

const signIn = (staffId: string | null) => {
  testSession.current = staffId ? { user: { id: staffId } } : null;
};
const holdStatus = async () => (await db.select({ status: holds.status }).from(holds).where(eq(holds.id, world.stores.fifth.hold)))[0]?.status;

/** Maya (Fifth Avenue's associate, who placed the hold) releases it: the change everyone then tries to undo. */
async function mayaReleases() {
  signIn(world.staff.maya);
  const result = await changeHoldAction({}, form({ holdId: world.stores.fifth.hold, change: "release" }));
  expect(result).toMatchObject({ ok: true, undoId: expect.any(String) });
  return result.undoId!;
}

describe("undoChangeAction", () => {
  it("refuses a caller without a session, and malformed input, changing nothing", async () => {
    const undoId = await mayaReleases();
    const before = await snapshot(db);
    signIn(null);
    expect(await undoChangeAction({}, form({ undoId }))).toEqual({ message: expect.stringMatching(/session has ended/) });
    signIn(world.staff.maya);
    expect((await undoChangeAction({}, form({ undoId: "" }))).fieldErrors).toHaveProperty("undoId");
    expect((await undoChangeAction({}, form({ undoId: "x".repeat(65) }))).fieldErrors).toHaveProperty("undoId");
    expect(changes(before, await snapshot(db))).toEqual([]);
  });

  it.each<[Exclude<Who, "nobody" | "maya"> | "colleague", boolean]>([
    ["grace", true],
    ["colleague", false],
    ["hannah", false],
    ["marcus", false],
  ])("lets only the one who did it, or their store's manager, undo it: %s → %s", async (who, allowed) => {
    const undoId = await mayaReleases();
    const before = await snapshot(db);
    signIn(who === "colleague" ? colleague : world.staff[who]);
    const result = await undoChangeAction({}, form({ undoId }));
    if (allowed) {
      expect(result).toEqual({ ok: true, message: "Undone: the hold is back." });
      expect(await holdStatus()).toBe("active");
    } else {
      expect(result).toEqual({ message: expect.stringMatching(/nothing of yours here to undo.*Nothing was changed/) });
      expect(changes(before, await snapshot(db))).toEqual([]);
    }
  });

  it("lets Maya undo her own release once, on record", async () => {
    const undoId = await mayaReleases();
    expect(await undoChangeAction({}, form({ undoId }))).toEqual({ ok: true, message: "Undone: the hold is back." });
    expect(await holdStatus()).toBe("active");
    expect(await undoChangeAction({}, form({ undoId }))).toEqual({ message: expect.stringMatching(/changed since/) });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "hold.release_undone"))).toHaveLength(1);
  });

  it("refuses an audit entry that is not an undoable change", async () => {
    signIn(world.staff.maya);
    const [placed] = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, "hold.placed")).limit(1);
    expect(await undoChangeAction({}, form({ undoId: placed!.id }))).toEqual({ message: expect.stringMatching(/nothing of yours/) });
  });

  it("undoes a dismissal and a note's deletion made through their own actions", async () => {
    signIn(world.staff.maya);
    const dismissed = await dismissMentionAction({}, form({ mentionId: world.stores.fifth.mention }));
    expect(await undoChangeAction({}, form({ undoId: dismissed.undoId! }))).toMatchObject({ ok: true, message: expect.stringMatching(/back in the inbox/) });
    expect((await db.select().from(socialMentions).where(eq(socialMentions.id, world.stores.fifth.mention)))[0]!.status).toBe("new");

    const deleted = await deleteNoteAction({}, form({ customerId: world.stores.fifth.customer, noteId: world.stores.fifth.note }));
    expect(await db.select().from(notes).where(eq(notes.id, world.stores.fifth.note))).toHaveLength(0);
    expect(await undoChangeAction({}, form({ undoId: deleted.undoId! }))).toMatchObject({ ok: true, message: "Undone: the note is back." });
    expect(await db.select().from(notes).where(eq(notes.id, world.stores.fifth.note))).toHaveLength(1);
  });
});

describe("closing a colleague's hold", () => {
  it("names whose hold it was in the result", async () => {
    signIn(colleague);
    const result = await changeHoldAction({}, form({ holdId: world.stores.fifth.hold, change: "release" }));
    expect(result).toMatchObject({ ok: true, message: "Released Fifth's hold for Fifth Client: Test Coat is back on the shelf." });
  });

  it("says nothing of whose it was when it is one's own", async () => {
    signIn(world.staff.maya);
    const result = await changeHoldAction({}, form({ holdId: world.stores.fifth.hold, change: "picked_up" }));
    expect(result).toMatchObject({ ok: true, message: "Marked the hold for Fifth Client as picked up: Test Coat." });
  });
});
