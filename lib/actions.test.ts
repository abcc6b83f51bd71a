import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "@/db";
import { auditLog, notes } from "@/db/schema";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "@/lib/testing/db";
import { createCustomer, createStaff, createStore } from "@/lib/testing/factories";

// staffAction is what every staff form goes through. A forged request can send
// it anything Next's decoder accepts, not only the FormData our forms send.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { staffAction } = await import("./actions");
const { addNoteAction } = await import("@/app/(staff)/customers/[id]/actions");

let db: Db;
let ids: { maya: string; customerId: string };

const form = (entries: [string, string | Blob][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};
const written = async () => [(await db.select().from(notes)).length, (await db.select().from(auditLog)).length];

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Fifth Avenue" });
  const maya = (await createStaff(db, { storeId: store.id, name: "Maya Chen" })).id;
  ids = { maya, customerId: await createCustomer(db, { firstName: "Alicia", lastName: "Fernández" }) };
  testSession.current = { user: { id: maya } };
});

describe("staffAction given something other than a form", () => {
  it.each([
    ["a plain object", { customerId: "x", body: "Forged" }],
    ["a string", "customerId=x&body=Forged"],
    ["nothing", undefined],
    ["null", null],
    ["a list of pairs", [["customerId", "x"], ["body", "Forged"]]],
    ["a number", 42],
  ])("answers %s with a plain sentence and writes nothing", async (_case, argument) => {
    const before = await written();
    const result = await addNoteAction({}, argument as unknown as FormData);
    expect(result).toEqual({ message: "This form could not be read, so nothing was saved. Reload the page and send it again." });
    expect(await written()).toEqual(before);
  });

  it("still asks for a session first", async () => {
    testSession.current = null;
    expect(await addNoteAction({}, "x" as unknown as FormData)).toEqual({ message: expect.stringMatching(/session has ended/) });
  });
});

describe("a NUL character in a field", () => {
  it("is dropped, and the note saved as it reads, on both databases (PostgreSQL cannot store one)", async () => {
    const result = await addNoteAction({}, form([["customerId", ids.customerId], ["body", "Prefers\u0000 navy"]]));
    expect(result).toMatchObject({ ok: true });
    expect((await db.select({ body: notes.body }).from(notes)).map((n) => n.body)).toEqual(["Prefers navy"]);
  });
});

describe("staffAction's form fields", () => {
  const seen: unknown[] = [];
  const probe = staffAction(z.object({ name: z.string().optional(), tags: z.union([z.string(), z.array(z.string())]).optional() }).loose(), async (input) => {
    seen.push(input);
    return { ok: true };
  });
  const strict = staffAction(z.object({ name: z.string().min(5) }), async () => ({ ok: true }));

  beforeEach(() => {
    seen.length = 0;
  });

  it("ignores a field named __proto__: the input keeps a plain prototype and gains no fields", async () => {
    const file = new File(["x"], "stolen-name.csv", { type: "text/csv" });
    for (const entries of [[["__proto__", "x"]], [["__proto__", file]], [["__proto__", file], ["__proto__", "y"]]] as [string, string | Blob][][]) {
      await probe({}, form([...entries, ["tags", "a"]]));
      const input = seen.pop() as Record<string, unknown>;
      expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
      expect(Object.keys(input)).toEqual(["tags"]);
      // A File as prototype would have lent the input its `name`.
      expect(input.name).toBeUndefined();
      expect(Object.hasOwn(input, "__proto__")).toBe(false);
    }
    expect(({} as Record<string, unknown>).tags).toBeUndefined();
  });

  it("keeps names Object.prototype already has as plain fields, once or as a list", async () => {
    await probe({}, form([["constructor", "a"], ["toString", "b"], ["hasOwnProperty", "c"], ["hasOwnProperty", "d"], ["tags", "e"], ["tags", "f"]]));
    const input = seen.pop() as Record<string, unknown>;
    expect(input).toEqual({ constructor: "a", toString: "b", hasOwnProperty: ["c", "d"], tags: ["e", "f"] });
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
  });

  it("sends the values of a refused form back as a plain object, without __proto__", async () => {
    const result = await strict({}, form([["__proto__", "x"], ["constructor", "y"], ["name", "abc"]]));
    expect(result.fieldErrors?.name).toBeDefined();
    expect(Object.getPrototypeOf(result.values)).toBe(Object.prototype);
    expect(result.values).toEqual({ constructor: "y", name: "abc" });
    expect(JSON.parse(JSON.stringify(result.values))).toEqual({ constructor: "y", name: "abc" });
  });

  it("drops Next's own $ACTION fields from a form sent before JavaScript loaded", async () => {
    await probe({}, form([["$ACTION_ID_abc", ""], ["$ACTION_REF_1", ""], ["name", "Alicia"]]));
    expect(seen.pop()).toEqual({ name: "Alicia" });
  });

  it("lets a real note through unchanged", async () => {
    expect(await addNoteAction({}, form([["customerId", ids.customerId], ["body", "Prefers the blue coat"]]))).toEqual({ ok: true, message: "Note saved." });
    expect(await written()).toEqual([1, 1]);
  });
});
